// Counters behind GET /metrics (Prometheus text format 0.0.4): requests by
// route and status, request latency by route, decisions by policy and
// outcome, reloads, open connections. Thread-safe; one short lock per
// request (and per streamed chunk written), never per record.
#ifndef VERDICT_SRC_SERVE_METRICS_H_
#define VERDICT_SRC_SERVE_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "verdict/engine.h"

namespace verdict::serve {

class Metrics {
 public:
  // `route` is the path template ("/v1/policies/{policy}/decide"), so the
  // number of series stays bounded whatever paths clients send.
  void CountRequest(std::string_view route, int status, double seconds);
  // `ok` decided records and, by error code, the invalid ones, counted once
  // their answers are written (as the decision log records them).
  void CountDecisions(std::string_view policy, uint64_t ok,
                      const std::map<std::string, uint64_t>& errors);
  void CountReload(bool ok);
  // A decision log write that failed, losing `records` lines; returns the
  // number of failed writes so far, this one included.
  uint64_t CountLogFailure(uint64_t records);
  void ConnectionOpened() { connections_.fetch_add(1); }
  void ConnectionClosed() { connections_.fetch_sub(1); }
  // A request whose header was read, until its answer is written (or its
  // connection gone): the verdict_requests_in_flight gauge.
  void RequestStarted() { in_flight_.fetch_add(1); }
  void RequestEnded() { in_flight_.fetch_sub(1); }
  int64_t connections() const { return connections_.load(); }
  // Where decides count working-day computations that read days outside
  // the serving pack's calendar years (EvalOptions::outside_calendar): the
  // verdict_workdays_outside_calendar_total counter, across reloads.
  std::atomic<uint64_t>* outside_calendar() { return &outside_calendar_; }

  // The whole exposition, with the serving pack's identity as an info gauge.
  std::string Render(const Pack& pack) const;

 private:
  static constexpr std::array<double, 14> kBuckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
      0.025,  0.05,    0.1,    0.25,  0.5,    1,     5};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> counts{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::map<std::pair<std::string, std::string>, uint64_t> decisions_;
  uint64_t reloads_ = 0, reload_failures_ = 0;
  uint64_t log_failures_ = 0, log_lost_records_ = 0;
  std::atomic<int64_t> connections_{0};
  std::atomic<int64_t> in_flight_{0};
  std::atomic<uint64_t> outside_calendar_{0};
};

}  // namespace verdict::serve

#endif  // VERDICT_SRC_SERVE_METRICS_H_
