# Shared build settings: warnings, sanitizers and the layer rule.
#
# Each layer is one static library named roleplane_<layer>, built from the
# folder src/<layer> (an underscore in the name is a slash: api_genesys is
# src/api/genesys, store_sqlite src/store/sqlite) and declared with
# rp_layer(... DEPENDS ...). The build enforces the layer rule: a layer
# compiles against its own include root, build/include/<layer>/, which holds
# links to its own folder and to those of the layers it may use (its
# DEPENDS and theirs), and nothing else; a layer's folder seen from another
# leaves out the folders of the layers nested in it (the store's root holds
# src/store without src/store/sqlite). So `#include "http/server.h"` in the
# service layer does not compile. Code writes #include "core/error.h" as
# before. Tests, benchmarks and the server binary see all of src/.
# tools/check-layers.sh checks the same rule on the #include lines.

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
  string(REPLACE "_" "/" folder ${name})
  set(folders)
  if(IS_DIRECTORY ${PROJECT_SOURCE_DIR}/src/${folder})
    list(APPEND folders ${folder})
  endif()
  foreach(dep IN LISTS L_DEPENDS)
    target_link_libraries(roleplane_${name} PUBLIC roleplane_${dep})
    get_property(dep_folders GLOBAL PROPERTY RP_LAYER_FOLDERS_${dep})
    list(APPEND folders ${dep_folders})
  endforeach()
  list(REMOVE_DUPLICATES folders)
  set_property(GLOBAL PROPERTY RP_LAYER_FOLDERS_${name} ${folders})
  set_property(GLOBAL APPEND PROPERTY RP_LAYERS ${name})
  if(IS_DIRECTORY ${PROJECT_SOURCE_DIR}/src/${folder})
    set_property(GLOBAL APPEND PROPERTY RP_ALL_FOLDERS ${folder})
  endif()
  target_include_directories(roleplane_${name} PRIVATE ${CMAKE_BINARY_DIR}/include/${name})
  target_link_libraries(roleplane_${name} PUBLIC ${L_LIBS})
endfunction()

# Links src/<folder> into `root`, leaving out the layer folders nested in it
# that are not in `keep`.
function(rp_link_folder root folder keep all)
  set(nested)
  foreach(other IN LISTS all)
    if(other MATCHES "^${folder}/" AND NOT other IN_LIST keep)
      list(APPEND nested ${other})
    endif()
  endforeach()
  if(NOT nested)
    get_filename_component(parent ${root}/${folder} DIRECTORY)
    file(MAKE_DIRECTORY ${parent})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/src/${folder} ${root}/${folder} SYMBOLIC)
    return()
  endif()
  file(MAKE_DIRECTORY ${root}/${folder})
  file(GLOB entries CONFIGURE_DEPENDS LIST_DIRECTORIES true RELATIVE ${PROJECT_SOURCE_DIR}/src
       ${PROJECT_SOURCE_DIR}/src/${folder}/*)
  foreach(entry IN LISTS entries)
    set(excluded FALSE)
    foreach(n IN LISTS nested)
      if(n STREQUAL entry OR n MATCHES "^${entry}/")
        set(excluded TRUE)
      endif()
    endforeach()
    if(NOT excluded)
      file(CREATE_LINK ${PROJECT_SOURCE_DIR}/src/${entry} ${root}/${entry} SYMBOLIC)
    endif()
  endforeach()
endfunction()

# Builds every layer's include root once all layers are declared (deferred
# to the end of the top-level CMakeLists.txt).
function(rp_make_include_roots)
  get_property(layers GLOBAL PROPERTY RP_LAYERS)
  get_property(all GLOBAL PROPERTY RP_ALL_FOLDERS)
  foreach(name IN LISTS layers)
    set(root ${CMAKE_BINARY_DIR}/include/${name})
    file(REMOVE_RECURSE ${root})
    file(MAKE_DIRECTORY ${root})
    get_property(folders GLOBAL PROPERTY RP_LAYER_FOLDERS_${name})
    foreach(folder IN LISTS folders)
      # A folder inside another of the list comes with it.
      set(inside FALSE)
      foreach(other IN LISTS folders)
        if(folder MATCHES "^${other}/")
          set(inside TRUE)
        endif()
      endforeach()
      if(NOT inside)
        rp_link_folder(${root} ${folder} "${folders}" "${all}")
      endif()
    endforeach()
  endforeach()
endfunction()
cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL rp_make_include_roots)

# rp_test(name SOURCES ... LIBS ...) adds a GoogleTest executable and registers it with ctest.
function(rp_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests ${PROJECT_SOURCE_DIR}/src)
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
