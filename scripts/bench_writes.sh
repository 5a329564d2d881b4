#!/usr/bin/env bash
# Durable action writes against the release server (the target: at least 1,000 durable writes/s).
#   scripts/bench_writes.sh [MATTERS]   (default 3000)
# Seeds DATA once, then runs on a copy of it so every run starts from the same state: starts the
# server (SurrealKV, sync=every), builds the pool of matters that accept a progress report or a
# follow-up (scripts/bench_pool.py), sends those actions with wrk, and stops the server with
# SIGTERM so it logs how many writes group commit took in how many transactions.
# Settings: DURATION (10s), CONNS (32), UNITS (24), PER_UNIT (40), PORT (3301), BIN, DATA.
set -euo pipefail
cd "$(dirname "$0")/.."
MATTERS="${1:-3000}"
DURATION="${DURATION:-10s}"
CONNS="${CONNS:-32}"
PORT="${PORT:-3301}"
BIN="${BIN:-target/release/duban}"
DATA="${DATA:-target/bench/data-$MATTERS}"
BASE="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
if [ ! -d "$DATA" ]; then
  echo "==> seeding $MATTERS matters into $DATA"
  mkdir -p "$(dirname "$DATA")"
  "$BIN" --db "surrealkv://$DATA" --seed "$MATTERS" --reminder-interval 0 2>&1 | grep -E "seeded" || true
fi
RUN="$DATA.run"
rm -rf "$RUN" "$RUN.audit-anchor" && cp -a "$DATA" "$RUN"

# The copy's chain is signed with the seeded store's audit key, which lies beside that store.
"$BIN" --db "surrealkv://$RUN" --audit-key-file "$DATA.audit-key" --bind "127.0.0.1:$PORT" --reminder-interval 0 >/tmp/duban-writes.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 3000); do curl -fs "$BASE/api/health" >/dev/null && break; sleep 0.2; done

python3 scripts/bench_pool.py "$BASE" /tmp/duban-writes.lua "${UNITS:-24}" "${PER_UNIT:-40}"
echo "==> $(git rev-parse --short HEAD) $BIN, $CONNS connections, $DURATION, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
out=$(wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s /tmp/duban-writes.lua "$BASE" -- 2)
printf 'actions: p50 %s p99 %s, %s req/s, %s\n' \
  "$(awk '/ 50%/ {print $2}' <<<"$out")" "$(awk '/ 99%/ {print $2}' <<<"$out")" \
  "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(grep -E "Non-2xx" <<<"$out" | tr -s ' ' || echo "all 2xx")"
# Every status the actions got, and the first answer of each that was not 200.
grep -E "^(status|first) " <<<"$out" | sed 's/^/  /' || true
echo "server RSS after load: $(ps -o rss= -p $SERVER) KB"
kill -TERM $SERVER
wait $SERVER || true
trap - EXIT
sed 's/\x1b\[[0-9;]*m//g' /tmp/duban-writes.log | grep -o 'writes=[0-9]* transactions=[0-9]* busy_ms=[0-9]*' | tail -1 | sed 's/^/group commit: /'
