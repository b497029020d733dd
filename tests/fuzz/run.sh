#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS] [TARGET...]: builds the libFuzzer targets with clang, ASan and UBSan
# (in build/fuzz) and runs each for SECONDS (default 600), two at a time. Each starts from its seed
# corpus and the regressions; what it learns stays in build/fuzz/corpus. A finding is written to
# build/fuzz/findings/TARGET/ and makes this script fail: copy it into tests/fuzz/regressions/TARGET/
# once fixed, so that the replay tests keep it fixed.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-600}
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(csv template mime smtp_reply bounce imap pop3)
build=${HIVEPOST_FUZZ_BUILD_DIR:-build/fuzz}
jobs=${HIVEPOST_FUZZ_JOBS:-2}
seed=${HIVEPOST_FUZZ_SEED:-0} # 0: a new random seed each run; ./test.sh fixes one so CI is repeatable

command -v clang++ >/dev/null || { echo "error: clang++ is missing (packaging/deps-debian.sh test)" >&2; exit 1; }
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DHIVEPOST_FUZZ=ON -DHIVEPOST_BUILD_TESTS=OFF -DHIVEPOST_WERROR=ON >/dev/null
cmake --build "$build" --target fuzz_all

export ASAN_OPTIONS=${FUZZ_ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

run_one() {
  local t=$1 seconds=$2 build=$3 seed=$4
  local corpus=$build/corpus/$t findings=$build/findings/$t log=$build/logs/$t.log
  mkdir -p "$corpus" "$findings" "$(dirname "$log")"
  mapfile -t seeds < "$build/tests/fuzz/seeds_$t.txt"
  local existing=()
  for s in "${seeds[@]}"; do
    if [[ -d $s ]]; then existing+=("$s"); elif [[ -f $s ]]; then cp "$s" "$corpus/"; fi
  done
  if "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -seed="$seed" -artifact_prefix="$findings/" "$corpus" "${existing[@]}" >"$log" 2>&1; then
    printf '%-11s ok    %s\n' "$t" "$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | sed 's/$/ runs/')"
  else
    printf '%-11s FOUND %s (log: %s)\n' "$t" "$(ls "$findings" | head -1)" "$log"
    grep -E "ERROR|fuzz check failed|SUMMARY" "$log" | head -5
    return 1
  fi
}
export -f run_one
echo "Fuzzing ${targets[*]} for ${seconds} s each, $jobs at a time"
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {} "$seconds" "$build" "$seed"
