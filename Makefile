# Lookout: the two commands a newcomer needs are `make demo` and `make test`.
# Both install missing Debian packages first (tools/install-deps), then build.

BUILD      ?= build
BUILD_ASAN ?= build-asan
BUILD_FUZZ ?= build-fuzz
JOBS       ?= $(shell nproc)
FUZZ_SECONDS ?= 30

.PHONY: all deps build build-asan build-fuzz test test-unit test-asan test-fuzz demo bench clean format web web-check test-web test-cot bench-live soak

all: build

deps:
	@tools/install-deps

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

build-asan: deps
	@cmake -S . -B $(BUILD_ASAN) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DLOOKOUT_SANITIZE=ON >/dev/null
	@cmake --build $(BUILD_ASAN) -j $(JOBS)

build-fuzz: deps
	@CXX=clang++ cmake -S . -B $(BUILD_FUZZ) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLOOKOUT_FUZZ=ON >/dev/null
	@cmake --build $(BUILD_FUZZ) -j $(JOBS)

# Every test: unit and golden tests (release build), again under ASan+UBSan,
# then each fuzz target for a bounded time. ctest prints the closing summary.
test: build build-asan build-fuzz web web-check test-cot
	@echo "== unit, golden and property tests (release build)"
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@echo "== the web UI end to end: a real node, Debian's chromium"
	@LOOKOUT_BINARY=$(abspath $(BUILD))/lookout node tests/web/e2e.mjs
	@LOOKOUT_BINARY=$(abspath $(BUILD))/lookout node tests/web/air_e2e.mjs
	@echo "== the same tests under AddressSanitizer + UndefinedBehaviorSanitizer"
	@cd $(BUILD_ASAN) && ctest --output-on-failure -j $(JOBS)
	@echo "== fuzz targets, $(FUZZ_SECONDS) s each"
	@tools/run-fuzzers $(BUILD_FUZZ) $(FUZZ_SECONDS)

# Every CoT event type we emit (tests/golden/cot/events.xml, kept equal to the
# writer by the CotGolden test) read by an independent library, @tak-ps/node-cot
# (tests/cot/node/, its own lock file): schema, type table, GeoJSON, protobuf.
test-cot: deps
	@echo "== CoT events through @tak-ps/node-cot"
	@cd tests/cot/node && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && node validate.mjs ../../golden/cot/events.xml

# The web UI (web/, served by `lookout serve` from web/dist): `npm ci` when
# node_modules is missing, then a Vite build.
web: deps
	@cd web && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run --silent build

# The web UI's own checks, a few seconds: ESLint (web/eslint.config.js) and the
# unit tests of its pure modules (web/test/, Node's built-in test runner).
web-check: web
	@echo "== the web UI: lint and unit tests"
	@cd web && npm run --silent lint && node --test --test-reporter=dot test/

# End-to-end tests of the web UI: a real `lookout serve` replaying the Eagle S scenario, then
# one fed the drone-from-a-ship detections over UDP (air tracks, drone alerts, a partner's
# view), driven through Debian's chromium; screenshots in tests/web/artefacts (LOOKOUT_ARTEFACTS).
test-web: build web
	@LOOKOUT_BINARY=$(abspath $(BUILD))/lookout node tests/web/e2e.mjs
	@LOOKOUT_BINARY=$(abspath $(BUILD))/lookout node tests/web/air_e2e.mjs

demo: build web
	@$(BUILD)/lookout demo

bench: build
	@$(BUILD)/lookout_bench --benchmark_counters_tabular=true
	@bench/replay/decode_vs_gpsd.sh

# The live node under load: 50 WebSocket clients, AIS at 50,000 lines/s over
# TCP, alert latency and memory (bench/live/README.md). Not part of `make test`.
# Options: make bench-live LIVE_ARGS="--rate 20000 --seconds 10".
bench-live: build
	@LOOKOUT=$(abspath $(BUILD))/lookout LIVE_BENCH=$(abspath $(BUILD))/lookout_live_bench bench/live/run.sh $(LIVE_ARGS)

# The live node takes a week of the Danish national feed in event time,
# replayed as fast as it takes it; its memory sampled every event hour
# (bench/soak/README.md; ~1 h on 2 shared cores). Not part of `make test`.
# Short mode: make soak SOAK_ARGS="--days 1".
soak: build
	@LOOKOUT=$(abspath $(BUILD))/lookout bench/soak/run.sh $(SOAK_ARGS)

format:
	@git ls-files '*.h' '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_FUZZ)
