#!/usr/bin/env bash
# bench/relay.sh [SECONDS]: hivepost-relay under wrk (64 keep-alive connections, 2 threads) on the
# open pixel and the click redirect, with every event stored, beside nginx serving the same GIF as a
# static file in the same run; then the two HTTP libraries Debian offers (QtHttpServer, cpp-httplib)
# serving the pixel bare (bench/http_pixel.cpp); then the desktop importing 1,000,000 events from the
# relay ("tracking pull") against the sqlite3 shell copying the same rows. Each figure is the
# median of 5 runs. Targets (issue 21): >= 0.3x nginx's requests/s and >= 5,000 requests/s with
# events stored, p99 < 20 ms, relay RSS < 50 MB; 1M events imported in < 10 s.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
events=${HIVEPOST_BENCH_EVENTS:-1000000}
packaging/deps-debian.sh bench >/dev/null
build=${HIVEPOST_BENCH_BUILD_DIR:-build/bench}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHIVEPOST_BUILD_TESTS=OFF -DHIVEPOST_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target hivepost-relay hivepost-cli http_pixel >/dev/null
relay="$build/app/hivepost-relay"
cli="$build/app/hivepost-cli"
work=$(mktemp -d /tmp/hivepost-relay-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# wrk's requests/s and p99 (ms) of one run.
run_wrk() {
  wrk -t2 -c64 -d"${secs}s" --latency "$1" > "$work/wrk.out"
  local rps p99
  rps=$(awk '/Requests\/sec/ { print $2 }' "$work/wrk.out")
  p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } print v }' "$work/wrk.out")
  grep -q "Non-2xx or 3xx" "$work/wrk.out" && { echo "error: non-2xx/3xx answers" >&2; cat "$work/wrk.out" >&2; exit 1; }
  echo "$rps $p99"
}
five() { # five runs of a URL: "median-rps median-p99"
  local r=() p=()
  for _ in 1 2 3 4 5; do read -r a b < <(run_wrk "$1"); r+=("$a"); p+=("$b"); done
  echo "$(printf '%s\n' "${r[@]}" | median) $(printf '%s\n' "${p[@]}" | median)"
}

# The relay, with per-address limits off (wrk is one address).
port=$(free_port)
"$relay" init --data "$work/relay" --public-url "http://127.0.0.1:$port" --listen "127.0.0.1:$port" --json > "$work/init.json"
key=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["admin_key"])' "$work/init.json")
/usr/bin/python3 - "$work/relay/relay.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); c["rate_per_ip"] = 0; json.dump(c, open(sys.argv[1], "w"))
PY
"$relay" serve --data "$work/relay" > "$work/relay.out" 2>&1 &
rpid=$!; pids+=("$rpid")
wait_port "$port"
api() { curl -sf -X "$1" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' "http://127.0.0.1:$port$2" ${3:+-d "$3"}; }
api PUT /api/v1/campaigns/1 '{"name":"Bench","links":[{"id":1,"url":"https://shop.example.com/sale"}]}' >/dev/null
read -r open_path click_path < <(api GET /api/v1/keys | /usr/bin/python3 -c '
import base64, hashlib, hmac, json, sys
k = json.load(sys.stdin); cur = [x for x in k["keys"] if x["id"] == k["current"]][0]; secret = base64.b64decode(cur["secret"])
def v(n):
    o = bytearray()
    while True:
        b = n & 0x7f; n >>= 7
        if n: o.append(b | 0x80)
        else: o.append(b); return bytes(o)
def tok(kind, link=None):
    p = bytes([(1 << 4) | kind]) + v(cur["id"]) + v(1) + v(123456) + v(654321) + (v(link) if link else b"")
    return base64.urlsafe_b64encode(p + hmac.new(secret, b"hivepost-token\0" + p, hashlib.sha256).digest()[:12]).rstrip(b"=").decode()
print("/o/" + tok(0), "/c/" + tok(1, 1))')

# nginx: the same GIF as a static file, its own config, no access log.
nport=$(free_port)
mkdir -p "$work/nginx/o" "$work/nginx/tmp"
cp "$work/relay/relay.db" /dev/null
curl -sf "http://127.0.0.1:$port$open_path" -o "$work/nginx/o/pixel.gif"
[[ $(stat -c %s "$work/nginx/o/pixel.gif") == 43 ]] || { echo "error: the relay's pixel is not 43 bytes" >&2; exit 1; }
cat > "$work/nginx/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp; proxy_temp_path $work/nginx/tmp; fastcgi_temp_path $work/nginx/tmp;
  uwsgi_temp_path $work/nginx/tmp; scgi_temp_path $work/nginx/tmp;
  server { listen 127.0.0.1:$nport; root $work/nginx;
    location /o/ { default_type image/gif; add_header Cache-Control no-store; } }
}
NGINX
nginx -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=("$!")
wait_port "$nport"

before=$(api GET '/api/v1/events?after=0&limit=1' | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["last_id"])')
read -r nginx_rps nginx_p99 < <(five "http://127.0.0.1:$nport/o/pixel.gif")
read -r open_rps open_p99 < <(five "http://127.0.0.1:$port$open_path")
read -r click_rps click_p99 < <(five "http://127.0.0.1:$port$click_path")
rss_kb=$(ps -o rss= -p "$rpid")
sleep 1 # the last batch (200 ms)
stored=$(api GET "/api/v1/events?after=0&limit=1" >/dev/null; /usr/bin/sqlite3 "$work/relay/relay.db" 'SELECT count(*) FROM events')
printf 'relay, open pixel:     %8.0f req/s  p99 %6.2f ms  (%.2fx nginx)\n' "$open_rps" "$open_p99" "$(echo "$open_rps / $nginx_rps" | bc -l)"
printf 'relay, click redirect: %8.0f req/s  p99 %6.2f ms  (%.2fx nginx)\n' "$click_rps" "$click_p99" "$(echo "$click_rps / $nginx_rps" | bc -l)"
printf 'nginx, static GIF:     %8.0f req/s  p99 %6.2f ms\n' "$nginx_rps" "$nginx_p99"
printf 'relay RSS after the runs: %.1f MB; events stored: %d\n' "$(echo "$rss_kb / 1024" | bc -l)" "$stored"

# The library choice: the same pixel, bare, from each library.
for lib in qt httplib; do
  lport=$(free_port)
  "$build/bench/http_pixel" "$lib" "$lport" > /dev/null &
  lpid=$!; pids+=("$lpid")
  wait_port "$lport"
  read -r lib_rps lib_p99 < <(five "http://127.0.0.1:$lport/o/AAAA")
  printf 'bare pixel, %-8s %8.0f req/s  p99 %6.2f ms  RSS %.1f MB\n' "$lib:" "$lib_rps" "$lib_p99" \
    "$(echo "$(ps -o rss= -p "$lpid") / 1024" | bc -l)"
  kill "$lpid"
done

# The desktop importing the relay's events: a million opens and clicks written into the relay's
# database, then "tracking pull" into a fresh desktop database, five times.
kill "$rpid"; wait "$rpid" 2>/dev/null || true
/usr/bin/sqlite3 "$work/relay/relay.db" <<SQL
DELETE FROM events;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $events)
INSERT INTO events (kind, at, campaign_id, recipient_id, contact_id, link_id, flags, ip, user_agent)
SELECT CASE WHEN i % 4 = 0 THEN 'click' ELSE 'open' END, 1790000000000 + i * 10, 1, 1 + i % 200000, 1 + i % 200000,
       CASE WHEN i % 4 = 0 THEN 1 ELSE 0 END, CASE WHEN i % 10 = 0 THEN 'proxy' ELSE '' END, '203.0.113.0/24',
       'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36'
FROM n;
SQL
"$relay" serve --data "$work/relay" > "$work/relay.out" 2>&1 &
rpid=$!; pids+=("$rpid")
wait_port "$port"
export HIVEPOST_SECRETS="file:$work/secrets.json" RELAY_KEY="$key"
"$cli" --db "$work/base.db" relay add R --url "http://127.0.0.1:$port" --admin-key-env RELAY_KEY >/dev/null
imports=() refs=()
for _ in 1 2 3 4 5; do
  cp "$work/base.db" "$work/d.db"
  s=$(date +%s.%N); "$cli" --db "$work/d.db" tracking pull --json > "$work/pull.json"; e=$(date +%s.%N)
  imports+=("$(echo "$e - $s" | bc -l)")
  cp "$work/base.db" "$work/ref.db"
  s=$(date +%s.%N)
  /usr/bin/sqlite3 "$work/ref.db" "ATTACH '$work/relay/relay.db' AS r; INSERT INTO tracking_events (relay_id, remote_id,
    kind, at, campaign_id, recipient_id, contact_id, link_id, flags, ip, user_agent, detail) SELECT 1, id, kind, at,
    campaign_id, recipient_id, contact_id, link_id, flags, ip, user_agent, detail FROM r.events;"
  e=$(date +%s.%N); refs+=("$(echo "$e - $s" | bc -l)")
done
got=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["events"])' "$work/pull.json")
imp=$(printf '%s\n' "${imports[@]}" | median); ref=$(printf '%s\n' "${refs[@]}" | median)
printf 'desktop import of %d events (tracking pull over HTTP): %.2f s (%.1fx the sqlite3 shell copying them: %.2f s); imported %d\n' \
  "$events" "$imp" "$(echo "$imp / $ref" | bc -l)" "$ref" "$got"
echo "targets: >= 0.3x nginx and >= 5,000 req/s with events stored, p99 < 20 ms, RSS < 50 MB; 1M events in < 10 s"
