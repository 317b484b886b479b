-- wrk: NDJSON batches of BATCH customers per request (Verdict only: OPA has
-- no batch form of one decision).
local path = os.getenv("LOAD_PATH")
local batch = tonumber(os.getenv("BATCH") or "1000")
local lines = {}
for i = 0, batch - 1 do
  lines[#lines + 1] = string.format('{"customer_id": "C%06d", "arpu": %d.%02d}\n', i, (i * 37) % 120, i % 100)
end
local body = table.concat(lines)
request = function()
  return wrk.format("POST", path, {["Content-Type"] = "application/x-ndjson"}, body)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d non2xx=%d seconds=%.3f p50_us=%d p90_us=%d p99_us=%d batch=%d\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.duration / 1e6,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), batch))
end
