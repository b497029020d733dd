#!/usr/bin/env bash
# bench/report.sh [RECIPIENTS]: a campaign of RECIPIENTS (1,000,000 by default) with a realistic ledger
# (90% sent over ~80 hours of minutes, 5% refused, 2% deferred, some unknown, 500 domains, two
# accounts), then the time of "report NAME --json" and of opening the Reports page (offscreen:
# first numbers, whole report, longest stall of the GUI thread), against the sqlite3 shell counting
# the same rows by state. Median of 5 runs each.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
packaging/deps-debian.sh bench >/dev/null
build=${HIVEPOST_BENCH_BUILD_DIR:-build/bench}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHIVEPOST_BUILD_TESTS=OFF -DHIVEPOST_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target hivepost-cli report_page_open >/dev/null
cli="$build/app/hivepost-cli"
work=$(mktemp -d /tmp/hivepost-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
awk -v n="$n" 'BEGIN { print "email,name"; for (i = 0; i < n; i++) printf "user%d@example%d.test,Contact%d\n", i, i % 500, i }' > "$work/c.csv"
"$cli" --db "$work/r.db" import "$work/c.csv" --list L >/dev/null
"$cli" --db "$work/r.db" template add T --subject 'Hi {{name}}' --html ../shared/bench/template/campaign.html \
  --text ../shared/bench/template/campaign.txt >/dev/null
"$cli" --db "$work/r.db" sender set --from 'Campaign <campaign@example.test>' >/dev/null
"$cli" --db "$work/r.db" account add A --host 127.0.0.1 --port 25 --security none >/dev/null
"$cli" --db "$work/r.db" account add B --host 127.0.0.1 --port 26 --security none >/dev/null
"$cli" --db "$work/r.db" campaign create C --list L --template T >/dev/null
# The outcomes, written straight into the ledger (sending a million messages is dispatch.sh's job).
sqlite3 "$work/r.db" <<'SQL'
UPDATE recipients SET account_id = 1 + (id % 3 = 0), updated_at = (1790000000000 + id * 300) / 1000,
  state = CASE WHEN id % 100 < 90 THEN 'sent' WHEN id % 100 < 95 THEN 'failed' WHEN id % 100 < 97 THEN 'deferred'
               WHEN id % 200 = 195 THEN 'unknown' ELSE state END;
UPDATE recipients SET reply_code = 250, enhanced_status = '2.0.0', reply_text = '250 ok', sent_at = 1790000000000 + id * 300,
  reply_ms = 40, message_id = 'm' || id || '@x' WHERE state = 'sent';
UPDATE recipients SET reply_code = 550, enhanced_status = '5.1.1', reply_text = '550 5.1.1 user unknown' WHERE state = 'failed';
UPDATE recipients SET reply_code = 421, enhanced_status = '4.7.0', reply_text = '421 4.7.0 rate limited' WHERE state = 'deferred';
SQL
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ref=$(for i in 1 2 3 4 5; do t sqlite3 "$work/r.db" "SELECT state, count(*) FROM recipients WHERE campaign_id = 1 GROUP BY state"; done | median)
cli_s=$(for i in 1 2 3 4 5; do t "$cli" --db "$work/r.db" report C --json; done | median)
printf 'recipients: %d (median of 5 runs)\nsqlite3 shell, counts by state: %.2f s\nhivepost-cli report C --json: %.2f s (%.1fx the sqlite3 count)\n' \
  "$n" "$ref" "$cli_s" "$(echo "$cli_s / $ref" | bc -l)"
for i in 1 2 3 4 5; do QT_QPA_PLATFORM=offscreen "$build/bench/report_page_open" "$work/r.db"; done > "$work/page.txt"
first=$(sed -E 's/.*first numbers on screen in ([0-9]+) ms.*/\1/' "$work/page.txt" | median)
whole=$(sed -E 's/.*whole report in ([0-9]+) ms.*/\1/' "$work/page.txt" | median)
gap=$(sed -E 's/.*longest wait ([0-9]+) ms.*/\1/' "$work/page.txt" | median)
printf 'Reports page: first numbers on screen in %d ms, the whole report in %d ms (%.1fx the sqlite3 count), the window'"'"'s longest wait %d ms\n' \
  "$first" "$whole" "$(echo "$whole / ($ref * 1000)" | bc -l)" "$gap"
echo "targets (issue 22): first numbers in under 200 ms, the window never blocked while the report is read"
