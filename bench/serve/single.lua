-- One customer_tier record per request, keep-alive (wrk's default).
-- VERDICT_BODY / OPA: set by serve_load.sh through wrk's script argument.
local target = "verdict"
function init(args) target = args[1] or "verdict" end
request = function()
  if target == "opa" then
    return wrk.format("POST", "/v1/data/bss/customer_tier/result",
      {["Content-Type"] = "application/json"},
      '{"input":{"customer_id":"C-1001","arpu":72.50}}')
  end
  return wrk.format("POST", "/v1/policies/customer_tier/decide?as_of=2026-11-24",
    {["Content-Type"] = "application/json"}, '{"customer_id":"C-1001","arpu":72.50}')
end
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
