#!/usr/bin/env bash
# bench/render.sh [COUNT]: composes COUNT (default 100,000) personalised ~20 kB messages from the
# shared benchmark template on one core: unsigned, rsa-sha256 and ed25519-sha256; compares RSA
# signing with `openssl speed rsa2048` in the same run. Targets (issue 4): >= 10,000 messages/s
# unsigned; RSA-signed within 1.5x of openssl's rsa2048 signing rate.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
packaging/deps-debian.sh bench >/dev/null
build=${HIVEPOST_BENCH_BUILD_DIR:-build/bench}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHIVEPOST_BUILD_TESTS=OFF -DHIVEPOST_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target render_bench >/dev/null
template=../shared/bench/template
[[ -f $template/campaign.html ]] || { echo "error: $template/campaign.html not found" >&2; exit 1; }
results=$(taskset -c 0 "$build/bench/render_bench" "$template/campaign.html" "$template/campaign.txt" "$count")
echo "$results"
openssl_sign=$(taskset -c 0 openssl speed -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ {print $6}')
rsa=$(echo "$results" | awk -F'"msgs_per_s":' '/rsa-sha256/ {sub("}", "", $2); print $2}')
none=$(echo "$results" | awk -F'"msgs_per_s":' '/"none"/ {sub("}", "", $2); print $2}')
printf 'unsigned:             %s msg/s (target >= 10000)\n' "$none"
printf 'openssl rsa2048 sign: %s sign/s\n' "$openssl_sign"
printf 'ratio openssl/hivepost rsa: %.2f (target <= 1.5)\n' "$(echo "$openssl_sign / $rsa" | bc -l)"
