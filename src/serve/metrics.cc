// src/serve/metrics.h: counting and the Prometheus text exposition.
#include "src/serve/metrics.h"

#include <fmt/format.h>

namespace verdict::serve {

namespace {

// Label values escape backslash, quote and newline (exposition format).
std::string Label(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

void Metrics::CountRequest(std::string_view route, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{std::string(route), status}];
  Histogram& h = latency_[std::string(route)];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.counts[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::CountDecisions(std::string_view policy, uint64_t ok,
                             const std::map<std::string, uint64_t>& errors) {
  std::lock_guard<std::mutex> lock(mu_);
  if (ok) decisions_[{std::string(policy), "ok"}] += ok;
  for (const auto& [outcome, n] : errors)
    decisions_[{std::string(policy), outcome}] += n;
}

void Metrics::CountReload(bool ok) {
  std::lock_guard<std::mutex> lock(mu_);
  ++(ok ? reloads_ : reload_failures_);
}

uint64_t Metrics::CountLogFailure(uint64_t records) {
  std::lock_guard<std::mutex> lock(mu_);
  log_lost_records_ += records;
  return ++log_failures_;
}

std::string Metrics::Render(const Pack& pack) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  out +=
      "# HELP verdict_http_requests_total HTTP requests by route and "
      "status.\n# TYPE verdict_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out += fmt::format(
        "verdict_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
        Label(key.first), key.second, n);
  }
  out +=
      "# HELP verdict_http_request_duration_seconds Time from a request's "
      "header to its last response byte.\n"
      "# TYPE verdict_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    std::string r = Label(route);
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out += fmt::format(
          "verdict_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{"
          "}\"}} {}\n",
          r, kBuckets[i], h.counts[i]);
    }
    out += fmt::format(
        "verdict_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+"
        "Inf\"}} {}\n",
        r, h.count);
    out += fmt::format(
        "verdict_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", r,
        h.sum);
    out += fmt::format(
        "verdict_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", r,
        h.count);
  }
  out +=
      "# HELP verdict_decisions_total Records decided and answered, by policy "
      "and outcome (ok or the record error's code).\n"
      "# TYPE verdict_decisions_total counter\n";
  for (const auto& [key, n] : decisions_) {
    out += fmt::format(
        "verdict_decisions_total{{policy=\"{}\",outcome=\"{}\"}} {}\n",
        Label(key.first), Label(key.second), n);
  }
  out += fmt::format(
      "# HELP verdict_pack_info The pack version serving now.\n"
      "# TYPE verdict_pack_info gauge\n"
      "verdict_pack_info{{name=\"{}\",version=\"{}\",content_hash=\"{}\"}} 1\n"
      "# HELP verdict_reloads_total Successful pack reloads.\n"
      "# TYPE verdict_reloads_total counter\n"
      "verdict_reloads_total {}\n"
      "# HELP verdict_reload_failures_total Reloads refused (the old version "
      "kept serving).\n"
      "# TYPE verdict_reload_failures_total counter\n"
      "verdict_reload_failures_total {}\n"
      "# HELP verdict_decision_log_write_failures_total Writes to the "
      "decision log that failed (disk full, ...).\n"
      "# TYPE verdict_decision_log_write_failures_total counter\n"
      "verdict_decision_log_write_failures_total {}\n"
      "# HELP verdict_decision_log_lost_records_total Decided records whose "
      "log line a failed write lost.\n"
      "# TYPE verdict_decision_log_lost_records_total counter\n"
      "verdict_decision_log_lost_records_total {}\n"
      "# HELP verdict_workdays_outside_calendar_total Working-day "
      "computations (add_workdays, is_workday) that read days outside the "
      "years the pack's calendar covers, where only weekends are days off.\n"
      "# TYPE verdict_workdays_outside_calendar_total counter\n"
      "verdict_workdays_outside_calendar_total {}\n"
      "# HELP verdict_open_connections Connections open now.\n"
      "# TYPE verdict_open_connections gauge\n"
      "verdict_open_connections {}\n"
      "# HELP verdict_requests_in_flight Requests read and not yet answered "
      "(this one included).\n"
      "# TYPE verdict_requests_in_flight gauge\n"
      "verdict_requests_in_flight {}\n",
      Label(pack.name()), Label(pack.version()), Label(pack.content_hash()),
      reloads_, reload_failures_, log_failures_, log_lost_records_,
      outside_calendar_.load(), connections_.load(), in_flight_.load());
  return out;
}

}  // namespace verdict::serve
