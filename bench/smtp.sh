#!/usr/bin/env bash
# bench/smtp.sh [TOTAL] [SIZE]: sends TOTAL (default 20,000) messages of SIZE bytes (default 20,480)
# to Postfix's smtp-sink on 127.0.0.1 over 1 and over 16 connections, with Hivepost's SmtpClient and
# with Postfix's smtp-source, in one run; prints messages per second and the ratio for each.
# Target (issue 5): Hivepost >= 0.8x smtp-source at both concurrencies.
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-20000}
size=${2:-20480}
packaging/deps-debian.sh bench >/dev/null
command -v smtp-sink >/dev/null || PATH=$PATH:/usr/sbin
command -v smtp-sink >/dev/null || { echo "error: needs smtp-sink (packaging/deps-debian.sh test installs postfix)" >&2; exit 1; }
build=${HIVEPOST_BENCH_BUILD_DIR:-build/bench}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHIVEPOST_BUILD_TESTS=OFF -DHIVEPOST_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target smtp_bench >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
user=(); [[ $(id -u) -eq 0 ]] && user=(-u nobody)
smtp-sink "${user[@]}" -c 127.0.0.1:$port 1024 >/dev/null &
sink=$!
trap 'kill $sink 2>/dev/null' EXIT
sleep 0.5

for connections in 1 16; do
  start=$(date +%s.%N)
  smtp-source -s $connections -d -m $total -l $size -f from@example.test -t to@example.test 127.0.0.1:$port
  end=$(date +%s.%N)
  ref=$(echo "$total / ($end - $start)" | bc -l)
  hp=$("$build/bench/smtp_bench" $port $connections $total $size | sed 's/.*"msgs_per_s":\([0-9]*\).*/\1/')
  printf '%2d connection(s): smtp-source %.0f msg/s, hivepost %s msg/s, ratio %.2f (target >= 0.8)\n' \
    $connections "$ref" "$hp" "$(echo "$hp / $ref" | bc -l)"
done
