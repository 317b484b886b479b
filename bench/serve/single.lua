-- wrk: one customer per request, rotating through 64 ARPU values, on
-- keep-alive connections. LOAD_WRAP=opa wraps the record as OPA wants it
-- ({"input": ...}); LOAD_PATH is the decide path.
local path = os.getenv("LOAD_PATH")
local wrap = os.getenv("LOAD_WRAP") == "opa"
local bodies = {}
for i = 0, 63 do
  local rec = string.format('{"customer_id": "C%06d", "arpu": %d.%02d}', i, (i * 37) % 120, i % 100)
  bodies[i + 1] = wrap and ('{"input": ' .. rec .. '}') or rec
end
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", path, {["Content-Type"] = "application/json"}, bodies[(n % 64) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d non2xx=%d seconds=%.3f p50_us=%d p90_us=%d p99_us=%d\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.duration / 1e6,
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end

-- With DELAY_MS set, each connection waits that long between requests: a
-- bounded rate (about connections * 1000 / (DELAY_MS + latency) per second)
-- for latency at a given load rather than at saturation.
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
if delay_ms > 0 then
  delay = function() return delay_ms end
end
