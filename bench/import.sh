#!/usr/bin/env bash
# bench/import.sh [ROWS]: imports a generated CSV (quoted fields, line breaks inside some quoted
# fields, 1,000,000 rows by default) with hivepost-cli, and the same file with the sqlite3 shell's
# .import into a plain table, in one run; prints both times, the ratio and Hivepost's peak RSS.
# Target (issue 3): ratio <= 2.0, peak RSS < 200 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}

packaging/deps-debian.sh bench >/dev/null
build=${HIVEPOST_BUILD_DIR:-build/release}
[[ -f "$build/build.ninja" ]] || cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHIVEPOST_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target hivepost-cli >/dev/null

work=$(mktemp -d /tmp/hivepost-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
csv="$work/contacts.csv"

# Every 50th row has a note with a line break and a quote inside; names are quoted.
awk -v n="$rows" 'BEGIN {
  srand(42);
  print "email,first_name,last_name,company,city,note";
  for (i = 1; i <= n; i++) {
    note = (i % 50 == 0) ? "\"line one\nline \"\"two\"\"\"" : "plain note";
    printf "user%d.%d@example%d.com,\"First%d\",\"Last%d\",\"Company %d, Ltd\",City%d,%s\n",
      i, int(rand() * 100000), i % 97, i, i, i % 5000, i % 300, note;
  }
}' > "$csv"
size=$(du -h "$csv" | cut -f1)

hp_start=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$work/rss" "$build/app/hivepost-cli" --db "$work/h.db" import "$csv" --list Bench --json > "$work/report.json"
hp_end=$(date +%s.%N)

sq_start=$(date +%s.%N)
sqlite3 "$work/ref.db" -cmd '.mode csv' ".import $csv contacts"
sq_end=$(date +%s.%N)

hp=$(echo "$hp_end - $hp_start" | bc -l)
sq=$(echo "$sq_end - $sq_start" | bc -l)
rss_kb=$(cat "$work/rss")
imported=$(grep -o '"imported":[0-9]*' "$work/report.json" | cut -d: -f2)
ref_rows=$(sqlite3 "$work/ref.db" 'SELECT count(*) FROM contacts')
printf 'file:            %s rows, %s\n' "$rows" "$size"
printf 'hivepost-cli:    %.2f s (%s contacts imported), peak RSS %d MB\n' "$hp" "$imported" $((rss_kb / 1024))
printf 'sqlite3 .import: %.2f s (%s rows)\n' "$sq" "$ref_rows"
printf 'ratio:           %.2f (target <= 2.0)\n' "$(echo "$hp / $sq" | bc -l)"
