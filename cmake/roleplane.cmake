# Shared build settings: warnings, sanitizers and the layer rule.
#
# Each layer is one static library named roleplane_<layer>. A layer lists the
# layers it may use with rp_layer(... DEPENDS ...); its include root is src/,
# so code writes #include "core/error.h". Because a layer only links (and so
# only sees the include directories of) the layers it names, a lower layer
# cannot include a higher one's headers: tools/check-layers.sh enforces the
# same rule on the #include lines themselves.

add_compile_options(-Wall -Wextra -Werror -Wno-missing-field-initializers)
# g++ 12 reports false -Wrestrict positives inside std::string at -O2
# (GCC bug 105329); the warning stays on for other compilers.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  add_compile_options(-Wno-restrict)
endif()
if(ROLEPLANE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

function(rp_layer name)
  cmake_parse_arguments(L "" "" "SOURCES;DEPENDS;LIBS" ${ARGN})
  add_library(roleplane_${name} STATIC ${L_SOURCES})
  target_include_directories(roleplane_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  foreach(dep IN LISTS L_DEPENDS)
    target_link_libraries(roleplane_${name} PUBLIC roleplane_${dep})
  endforeach()
  target_link_libraries(roleplane_${name} PUBLIC ${L_LIBS})
endfunction()

# rp_test(name SOURCES ... LIBS ...) adds a GoogleTest executable and registers it with ctest.
function(rp_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  add_test(NAME ${name} COMMAND ${name})
  if(T_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${T_LABELS}")
  endif()
endfunction()

# A test suite that starts the real server: it builds the roleplane binary
# first, gets its path in ROLEPLANE_BIN and has 300 s. Without the binary
# target the suite still builds (its tests then fail at start-up).
function(rp_server_test name)
  if(TARGET roleplane)
    add_dependencies(${name} roleplane)
    set_tests_properties(${name} PROPERTIES ENVIRONMENT ROLEPLANE_BIN=$<TARGET_FILE:roleplane>)
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT 300)
endfunction()
