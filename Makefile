# The two entry points (README): `make demo` and `make test`. Both install what they need
# (scripts/install-deps), configure with a CMake preset and build with ccache.
PRESET ?= dev
BUILD := build/$(PRESET)
CMAKE_FLAGS := $(if $(CI),-DANNINH_WERROR=ON,)
JOBS ?= $(shell nproc)

.PHONY: all deps configure build web test test-unit demo recordings bench format clean

all: build

deps:
	scripts/install-deps

configure: deps
	cmake --preset $(PRESET) $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# Every test: unit tests in parallel; the tests that drive the RTSP test camera hold a
# CTest resource lock, so they run one at a time and their timings stay honest.
test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Only the web console (npm ci + vite build into web/dist); `build` includes it.
web: configure
	cmake --build $(BUILD) --target web

test-unit: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -L unit

# The demo needs the server and the console only: its tests are `make test`'s business,
# and building them would double a fresh machine's wait.
demo:
	$(MAKE) configure PRESET=release
	cmake --build build/release -j $(JOBS) --target anninh web
	scripts/demo build/release

# A benchmark against real peers (bench/README.md), never part of `make test`: a release
# build, then bench/$(BENCH) (analyze, record or timeline) with its default arguments.
BENCH ?= analyze
bench:
	$(MAKE) build PRESET=release
	bench/$(BENCH) --build build/release

# What the demo has recorded so far.
recordings:
	build/release/src/app/anninh recordings --config build/demo/anninh.toml --segments

format:
	find src tests -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf build
