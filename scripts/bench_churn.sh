#!/usr/bin/env bash
# Lists read while their rows keep changing (docs/performance.md, "Lists while their
# rows change"). A kept page is served again only while nothing changes the
# rows of its audience; this measures the other case: the office proposes matters led by jwc
# without pause (each one changes the `all` and `unit:jwc` rows), while 28 connections read
#   1. jwc's inbox and the office's whole ledger, whose pages every proposal makes stale,
#   2. kyc's inbox, whose rows the proposals do not touch.
#   scripts/bench_churn.sh [MATTERS]   (default 200000; the store must be seeded, see bench.sh)
# Runs on a copy of the seeded store. Settings: DURATION (10s), PORT (3302), BIN, DATA.
set -euo pipefail
cd "$(dirname "$0")/.."
MATTERS="${1:-200000}"
DURATION="${DURATION:-10s}"
PORT="${PORT:-3302}"
BIN="${BIN:-target/release/duban}"
DATA="${DATA:-target/bench/data-$MATTERS}"
BASE="http://127.0.0.1:$PORT"
COPY="$DATA.churn"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -d "$DATA" ] || { echo "no store at $DATA: seed it with scripts/bench.sh $MATTERS" >&2; exit 1; }
rm -rf "$COPY" "$COPY.audit-anchor"
cp -r "$DATA" "$COPY"
# The copy's chain is signed with the seeded store's audit key, which lies beside that store.
"$BIN" --db "surrealkv://$COPY" --audit-key-file "$DATA.audit-key" --bind "127.0.0.1:$PORT" --reminder-interval 0 >/tmp/duban-churn.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$COPY" "$COPY.audit-anchor"' EXIT
for _ in $(seq 1 3000); do curl -fs "$BASE/api/health" >/dev/null && break; sleep 0.2; done

cookie() {
  curl -fs -c - -X POST "$BASE/api/session" -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"duban-demo\"}" | awk '/duban_session/ {print "duban_session=" $7}'
}
OFFICE=$(cookie office)
JWC=$(cookie jwc-liaison)
KYC=$(cookie kyc-liaison)

rate() { awk '/Requests\/sec/ {print $2}' <<<"$1"; }
p99() { awk '/ 99%/ {print $2}' <<<"$1"; }
non2xx() { grep -E "Non-2xx|Socket errors" <<<"$1" | tr -s ' ' | tr '\n' ' ' || true; }

# name cookie path: the reads alone, then the same reads beside the proposals.
measure() {
  local alone beside writes
  alone=$(wrk -t1 -c28 -d"$DURATION" --latency -H "Cookie: $2" "$BASE$3")
  DUBAN_COOKIE="$OFFICE" wrk -t1 -c4 -d"$DURATION" --latency -s scripts/propose.lua "$BASE" >/tmp/duban-churn-writes.txt &
  local w=$!
  beside=$(wrk -t1 -c28 -d"$DURATION" --latency -H "Cookie: $2" "$BASE$3")
  wait $w
  writes=$(cat /tmp/duban-churn-writes.txt)
  printf '%-28s alone %9s req/s (p99 %-8s)  beside proposals %9s req/s (p99 %-8s) %s | proposals %s/s (p99 %s) %s\n' \
    "$1" "$(rate "$alone")" "$(p99 "$alone")" "$(rate "$beside")" "$(p99 "$beside")" "$(non2xx "$beside")" \
    "$(rate "$writes")" "$(p99 "$writes")" "$(non2xx "$writes")"
}

echo "==> $MATTERS matters, $DURATION each, reads on 28 connections, proposals (lead unit jwc) on 4, $(nproc) cores, $BIN"
measure "jwc inbox (stale each write)" "$JWC" "/api/matters?per_page=20"
measure "office ledger, all" "$OFFICE" "/api/matters?per_page=50&sort=-proposed_on"
measure "kyc inbox (untouched)" "$KYC" "/api/matters?per_page=20"
