# roleplane: build, run, test and benchmark.
#
#   make deps     install the system packages and the e2e Node packages
#   make build    Release build: build/bin/roleplane
#   make run      build, bootstrap data/roleplane.db on first run, serve (ARGS=... are passed to serve)
#   make test     sanitizer build: unit, store and hostile tests (the sanitized server over raw
#                 sockets); then the Release build and every test
#   make bench    engine benchmark against casbin, load benchmarks against nginx, 1M-user search, Atlas and Workiva against Genesys, trust sessions against native ones, presence changes against grants (see docs/benchmarks.md)
#   make format   format every C++ file with .clang-format (ctest `format` checks it)
#   make clean    remove the build directories
#
# JOBS=N sets the build parallelism (default 2).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

JOBS      ?= 2
BUILD_DIR ?= build
ASAN_DIR  ?= build-asan
# The default database of `roleplane serve` (sqlite:data/roleplane.db).
DB_FILE   := data/roleplane.db
ARGS      ?=

BIN := $(BUILD_DIR)/bin/roleplane

# ccache: CMakeLists.txt uses it as the compiler launcher when it is installed.
# Paths are made relative to the checkout so that other clones share hits.
export CCACHE_DIR     ?= $(HOME)/.ccache
export CCACHE_BASEDIR ?= $(CURDIR)
export CCACHE_NOHASHDIR ?= 1

# Sanitizer settings for the tests of the sanitizer build.
ASAN_ENV := ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=0:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=1 \
            UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
            LSAN_OPTIONS=report_objects=1

.PHONY: deps build run test test-asan test-release bench format clean

deps:
	@bash scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: deps build
	@if [[ ! -e "$(DB_FILE)" ]]; then \
	  mkdir -p "$(dir $(DB_FILE))"; \
	  creds="$$($(BIN) bootstrap --org "Example Org" --database "sqlite:$(DB_FILE)")"; \
	  umask 077; printf '%s\n' "$$creds" > "$(dir $(DB_FILE))credentials.json"; \
	  echo; \
	  echo "First run: created $(DB_FILE) with the organization \"Example Org\" and an OAuth"; \
	  echo "client holding the admin role in all divisions (also saved to $(dir $(DB_FILE))credentials.json):"; \
	  echo; \
	  echo "  $$creds"; \
	  echo; \
	  echo "Get a token (default address 127.0.0.1:8080) with:"; \
	  echo "  curl -u CLIENT_ID:CLIENT_SECRET -d grant_type=client_credentials http://127.0.0.1:8080/oauth/token"; \
	  echo; \
	fi
	exec $(BIN) serve $(ARGS)

# The sanitizer suite runs first and the Release suite last, so that the last
# line of `make test` is ctest's summary of the full suite.
test: deps
	$(MAKE) --no-print-directory test-asan
	$(MAKE) --no-print-directory test-release

test-asan:
	cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=Debug -DROLEPLANE_SANITIZE=ON \
	      -DROLEPLANE_SANITIZER_SUITE=ON -DROLEPLANE_BUILD_BENCH=OFF
	cmake --build $(ASAN_DIR) -j $(JOBS)
	$(ASAN_ENV) ctest --test-dir $(ASAN_DIR) --output-on-failure -j $(JOBS)

test-release:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD_DIR) -j $(JOBS)
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

format:
	@git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp' 'bench/*.h' | xargs clang-format -i

bench: deps build
	bash bench/engine.sh
	bash bench/run.sh
	bash bench/search.sh
	bash bench/dialects.sh
	bash bench/trust.sh
	bash bench/presence.sh

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) build-infra
