#!/usr/bin/env bash
# ./test.sh: installs what is missing, builds with sanitizers and warnings as errors, and runs the
# whole test suite through ctest, then each fuzz target for a short time (HIVEPOST_FUZZ_SECONDS,
# default 30; 0 skips). Extra arguments go to ctest alone (e.g. ./test.sh -R database).
set -euo pipefail
cd "$(dirname "$0")"

packaging/deps-debian.sh test

build=${HIVEPOST_TEST_BUILD_DIR:-build/test}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DHIVEPOST_SANITIZE=ON -DHIVEPOST_WERROR=ON \
  -DHIVEPOST_BUILD_TESTS=ON
cmake --build "$build"

export QT_QPA_PLATFORM=offscreen
# Leaks are checked with suppressions for the system libraries Qt loads (fontconfig, GLib).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" "$@"

# The fuzz targets (tests/fuzz) under libFuzzer, ASan and UBSan, long enough to keep the harness alive.
fuzz_seconds=${HIVEPOST_FUZZ_SECONDS:-30}
if [[ $# -eq 0 && $fuzz_seconds != 0 ]]; then
  HIVEPOST_FUZZ_SEED=${HIVEPOST_FUZZ_SEED:-1} tests/fuzz/run.sh "$fuzz_seconds"
fi
