#!/usr/bin/env bash
# bench/contacts_gui.sh [ROWS]: imports ROWS generated contacts (1,000,000 by default) into a list,
# then opens the Contacts page offscreen and prints how long the first rows took to show, and a
# jump to the last rows. Target (issue 3): first rows within one second.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
packaging/deps-debian.sh bench >/dev/null
build=${HIVEPOST_BENCH_BUILD_DIR:-build/bench}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHIVEPOST_BUILD_TESTS=OFF -DHIVEPOST_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target hivepost-cli contacts_page_open >/dev/null
work=$(mktemp -d /tmp/hivepost-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
awk -v n="$rows" 'BEGIN { print "email,first_name,last_name"; for (i = 1; i <= n; i++) printf "user%d@example%d.com,First%d,Last%d\n", i, i % 97, i, i }' > "$work/c.csv"
"$build/app/hivepost-cli" --db "$work/h.db" import "$work/c.csv" --list Big >/dev/null
echo "every contact:"
QT_QPA_PLATFORM=offscreen "$build/bench/contacts_page_open" "$work/h.db"
echo "the list \"Big\":"
QT_QPA_PLATFORM=offscreen "$build/bench/contacts_page_open" "$work/h.db" Big
