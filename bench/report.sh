#!/usr/bin/env bash
# bench/report.sh [RECIPIENTS]: a campaign of RECIPIENTS (1,000,000 by default) with a realistic ledger
# (90% sent over ~80 hours of minutes, 5% refused, 2% deferred, some unknown, 500 domains, two
# accounts), then the time of "report NAME --json" and of opening the Reports page (offscreen),
# against the sqlite3 shell counting the same rows by state. Target (issue 8): the report opens in
# under 2 seconds.
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
ref=$(t sqlite3 "$work/r.db" "SELECT state, count(*) FROM recipients WHERE campaign_id = 1 GROUP BY state")
cli_s=$(t "$cli" --db "$work/r.db" report C --json)
printf 'recipients: %d\nsqlite3 shell, counts by state: %.2f s\nhivepost-cli report C --json: %.2f s (%.1fx the sqlite3 count)\n' \
  "$n" "$ref" "$cli_s" "$(echo "$cli_s / $ref" | bc -l)"
QT_QPA_PLATFORM=offscreen "$build/bench/report_page_open" "$work/r.db"
echo "target: the report opens in under 2 s"
