#!/usr/bin/env bash
# Load benchmark against the release server at university scale (issue 8).
#   scripts/bench.sh [MATTERS]   (default 200000)
# Needs wrk (apt-get install -y wrk). Prints one line per endpoint: p50, p99, requests/s,
# and the ratio to GET /api/health measured in the same run. Results go to docs/performance.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
MATTERS="${1:-200000}"
DURATION="${DURATION:-10s}"
CONNS="${CONNS:-32}"
PORT="${PORT:-3300}"
BIN=target/release/duban
DATA="${DATA:-target/bench-data-$MATTERS}"
BASE="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
cargo build --release -p server

if [ ! -d "$DATA" ]; then
  echo "==> seeding $MATTERS matters into $DATA"
  /usr/bin/time -f "seed: %e s wall, max RSS %M KB" \
    "$BIN" --db "surrealkv://$DATA" --seed "$MATTERS" --reminder-interval 0 2>&1 | grep -E "seeded|seed:"
fi

"$BIN" --db "surrealkv://$DATA" --bind "127.0.0.1:$PORT" --reminder-interval 0 >/tmp/duban-bench.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "$BASE/api/health" >/dev/null && break; sleep 0.2; done

cookie() {
  curl -fs -c - -X POST "$BASE/api/session" -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"duban-demo\"}" | awk '/duban_session/ {print "duban_session=" $7}'
}
LIAISON=$(cookie jwc-liaison)
OFFICE=$(cookie office)
LEADER=$(cookie leader)
ID=$(curl -fs -H "Cookie: $OFFICE" "$BASE/api/matters?per_page=1&lead_unit=jwc" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')

run() { # name cookie path
  local out
  out=$(wrk -t2 -c"$CONNS" -d"$DURATION" --latency -H "Cookie: $2" "$BASE$3")
  local p50 p99 rps
  p50=$(awk '/ 50%/ {print $2}' <<<"$out")
  p99=$(awk '/ 99%/ {print $2}' <<<"$out")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  printf '%-28s p50 %-9s p99 %-9s %10s req/s' "$1" "$p50" "$p99" "$rps"
  if [ -n "${HEALTH_RPS:-}" ]; then
    python3 -c "print(f'   {${rps}/${HEALTH_RPS}:.2f} x health')"
  else
    echo
  fi
  LAST_RPS=$rps
}

echo "==> $MATTERS matters, $CONNS connections, $DURATION each, $(nproc) cores"
run "health" "" "/api/health"; HEALTH_RPS=$LAST_RPS
run "inbox (liaison list)" "$LIAISON" "/api/matters?per_page=20"
run "ledger (office, filtered)" "$OFFICE" "/api/matters?light=red&kind=key&per_page=50"
run "matter detail" "$OFFICE" "/api/matters/$ID"
run "dashboard (counters)" "$LEADER" "/api/dashboard"
run "calendar deadline" "$OFFICE" "/api/calendar/deadline?from=2026-09-28&working_days=15"

cat >/tmp/duban-propose.lua <<LUA
local n = 0
request = function()
  n = n + 1
  local key = string.format("bench-%d-%d-%d", os.time(), math.random(1, 1e9), n)
  local body = '{"type":"propose","procedure":"hbut","matter":{"title":"压测写入","content":"基准测试","source_category":"other","lead_unit":"jwc"}}'
  return wrk.format("POST", "/api/matters", {["Content-Type"]="application/json", ["Idempotency-Key"]=key, ["Cookie"]="$OFFICE"}, body)
end
LUA
out=$(wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s /tmp/duban-propose.lua "$BASE")
printf '%-28s p50 %-9s p99 %-9s %10s req/s (durable: sync=every)\n' "write (propose, 1 txn)" \
  "$(awk '/ 50%/ {print $2}' <<<"$out")" "$(awk '/ 99%/ {print $2}' <<<"$out")" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
grep -E "Non-2xx" <<<"$out" || true
echo "server RSS after load: $(ps -o rss= -p $SERVER) KB"
