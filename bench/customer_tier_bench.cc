// customer_tier over a bound struct, against a hand-written C++ function
// deciding the same policy (the floor). Run: bench/run.sh (prints ratios).
#include <benchmark/benchmark.h>

#include <random>

#include "verdict/binding.h"
#include "verdict/engine.h"

namespace {

struct Customer {
  std::string id;
  verdict::Decimal arpu;
};

struct TierResult {
  const char* tier;
  bool archive_required;
  int visit_interval_months;  // 0: none
  int call_interval_months;
};

// The hand-written equivalent of rules/bss/customer_tier.yaml.
TierResult HandWritten(const Customer& c) {
  static const verdict::Decimal k60 = verdict::Decimal::FromInt(60);
  static const verdict::Decimal k30 = verdict::Decimal::FromInt(30);
  if (Compare(c.arpu, k60) >= 0) return {"high", true, 2, 1};
  if (Compare(c.arpu, k30) >= 0) return {"mid", false, 0, 0};
  return {"mass", false, 0, 0};
}

std::vector<Customer> MakeCustomers(size_t n) {
  std::mt19937 rng(7);
  std::vector<Customer> out;
  for (size_t i = 0; i < n; ++i) {
    out.push_back(
        {"C" + std::to_string(i), verdict::Decimal(rng() % 12000, 2)});
  }
  return out;
}

const std::vector<Customer>& Customers() {
  static const std::vector<Customer> cs = MakeCustomers(4096);
  return cs;
}

const verdict::BoundPolicy<Customer>& Bound() {
  static const auto pack =
      verdict::Pack::Load(VERDICT_SOURCE_DIR "/rules/bss").pack;
  static const auto bound = verdict::Binding<Customer>()
                                .Field("customer_id", &Customer::id)
                                .Field("arpu", &Customer::arpu)
                                .Bind(pack, "customer_tier");
  return bound;
}

void BM_HandWritten(benchmark::State& state) {
  const auto& cs = Customers();
  size_t i = 0;
  for (auto _ : state) {
    TierResult r = HandWritten(cs[i++ & 4095]);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HandWritten);

void BM_VerdictBoundStruct(benchmark::State& state) {
  const auto& cs = Customers();
  const auto& bound = Bound();
  verdict::EvalOptions opt;
  opt.as_of = *verdict::Date::Parse("2026-11-24");
  size_t i = 0;
  for (auto _ : state) {
    verdict::Decision d = bound.Evaluate(cs[i++ & 4095], opt);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerdictBoundStruct);

void BM_VerdictBoundStructInto(benchmark::State& state) {
  const auto& cs = Customers();
  const auto& bound = Bound();
  verdict::EvalOptions opt;
  opt.as_of = *verdict::Date::Parse("2026-11-24");
  verdict::Decision d;
  size_t i = 0;
  for (auto _ : state) {
    bound.EvaluateInto(cs[i++ & 4095], opt, &d);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerdictBoundStructInto);

void BM_VerdictBoundStructBatch(benchmark::State& state) {
  const auto& cs = Customers();
  const auto& bound = Bound();
  verdict::EvalOptions opt;
  opt.as_of = *verdict::Date::Parse("2026-11-24");
  for (auto _ : state) {
    auto ds = bound.EvaluateMany(cs, opt);
    benchmark::DoNotOptimize(ds);
  }
  state.SetItemsProcessed(state.iterations() * cs.size());
}
BENCHMARK(BM_VerdictBoundStructBatch);

void BM_VerdictBoundStructBatchInto(benchmark::State& state) {
  const auto& cs = Customers();
  const auto& bound = Bound();
  verdict::EvalOptions opt;
  opt.as_of = *verdict::Date::Parse("2026-11-24");
  std::vector<verdict::Decision> ds;
  for (auto _ : state) {
    bound.EvaluateManyInto(cs, opt, &ds);
    benchmark::DoNotOptimize(ds);
  }
  state.SetItemsProcessed(state.iterations() * cs.size());
}
BENCHMARK(BM_VerdictBoundStructBatchInto);

}  // namespace

BENCHMARK_MAIN();
