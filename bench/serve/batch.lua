-- A batch of BATCH customer_tier records per request: NDJSON for Verdict,
-- {"input": {"records": [...]}} for OPA. Bodies are built once.
local target, n = "verdict", tonumber(os.getenv("BATCH") or "1000")
local body
function init(args)
  target = args[1] or "verdict"
  local parts = {}
  for i = 1, n do
    local rec = string.format('{"customer_id":"C%d","arpu":%d.%02d}', i, (i * 7) % 100, i % 100)
    parts[#parts + 1] = rec
  end
  if target == "opa" then
    body = '{"input":{"records":[' .. table.concat(parts, ",") .. ']}}'
  else
    body = table.concat(parts, "\n") .. "\n"
  end
end
request = function()
  if target == "opa" then
    return wrk.format("POST", "/v1/data/bss/customer_tier/batch",
      {["Content-Type"] = "application/json"}, body)
  end
  return wrk.format("POST", "/v1/policies/customer_tier/decide?as_of=2026-11-24",
    {["Content-Type"] = "application/x-ndjson"}, body)
end
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
