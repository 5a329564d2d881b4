-- wrk script: the office proposes a matter led by jwc on every request, each with its own
-- Idempotency-Key. The session cookie comes from DUBAN_COOKIE ("duban_session=…").
-- Used by scripts/bench.sh and scripts/bench_churn.sh.
local cookie = os.getenv("DUBAN_COOKIE") or ""
local n = 0
request = function()
  n = n + 1
  local key = string.format("propose-%d-%d-%d", os.time(), math.random(1, 1e9), n)
  local body = '{"type":"propose","procedure":"hbut","matter":{"title":"压测写入","content":"基准测试","source_category":"other","lead_unit":"jwc"}}'
  return wrk.format("POST", "/api/matters", {["Content-Type"]="application/json", ["Idempotency-Key"]=key, ["Cookie"]=cookie}, body)
end
