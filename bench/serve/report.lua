-- One parseable line per run: requests/s, errors, latency percentiles (ms).
done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write +
                 summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT req/s=%.0f errors=%d p50=%.3f p90=%.3f p99=%.3f p99.9=%.3f\n",
    summary.requests / secs, errors,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000))
end
