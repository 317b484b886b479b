// Every shipped policy of rules/bss through every entry point: a bound
// struct (BoundPolicy::EvaluateInto), a batch (EvaluateManyInto) and JSON
// Lines in and out (DecideJsonLinesStream, as `verdict eval` runs it), with
// hand-written C++ functions of customer_tier and refund_approval beside
// them as the floor. Before the benchmarks run, main() checks that the
// hand-written functions and Verdict agree on every generated record, and
// counts the allocations per record of each path after a warm-up (the
// counting allocator of alloc_count.cc). Run: bench/gbench.sh (prints the
// ratios).
#include <benchmark/benchmark.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bench/alloc_count.h"
#include "bench/bss_records.h"
#include "bench/hand_written.h"
#include "verdict/json_stream.h"

namespace verdict_bench {
namespace {

constexpr size_t kRecords = 4096;

std::shared_ptr<const verdict::Pack> Pack() {
  static const auto pack = [] {
    auto r = verdict::Pack::Load(VERDICT_SOURCE_DIR "/rules/bss");
    if (!r.ok()) {
      std::fprintf(stderr, "cannot load rules/bss\n");
      std::exit(1);
    }
    return r.pack;
  }();
  return pack;
}

// Built once, as a service builds its options once: parsing the date for
// every record would time the benchmark's own harness, not the engine.
const verdict::EvalOptions& Options() {
  static const verdict::EvalOptions opt = [] {
    verdict::EvalOptions o;
    o.as_of = AsOf();
    return o;
  }();
  return opt;
}

// The generated records of one policy in every form the benchmarks take.
struct Workload {
  std::string policy;
  bool batch_only = false;  // customer_rank_tier: no single-record path
  // Decides record i into *d (bound struct); decides all into *ds (batch).
  std::function<void(size_t i, verdict::Decision* d)> one;
  std::function<void(std::vector<verdict::Decision>* ds)> many;
  // The bound/ benchmark's timed loop: EvaluateInto called directly, the
  // same loop shape as BM_HandTier's (not through `one`, a std::function
  // call per record that the floor does not make; measured at 0-2 ns).
  std::function<void(benchmark::State&)> bound_loop;
  int jsonl_fd = -1;  // a memfd holding the records as JSON Lines
  size_t jsonl_lines = 0;
};

int MemFd(const std::string& text) {
  int fd = memfd_create("records", 0);
  if (fd < 0 || write(fd, text.data(), text.size()) !=
                    static_cast<ssize_t>(text.size())) {
    std::perror("memfd");
    std::exit(1);
  }
  return fd;
}

// Options() deciding record by record (EvalOptions::columnar off).
const verdict::EvalOptions& RowOptions() {
  static const verdict::EvalOptions opt = [] {
    verdict::EvalOptions o = Options();
    o.columnar = false;
    return o;
  }();
  return opt;
}

// Decides the JSON Lines of `w` from the start of its memfd; returns the
// bytes written. `read_bytes` is the block size of the stream.
size_t RunJsonLines(const Workload& w, size_t read_bytes = 1 << 16,
                    const verdict::EvalOptions& options = Options()) {
  lseek(w.jsonl_fd, 0, SEEK_SET);
  size_t bytes = 0;
  verdict::JsonStreamOptions so;
  so.read_bytes = read_bytes;
  verdict::DecideJsonLinesStream(
      *Pack(), w.policy, w.jsonl_fd, options,
      [&](std::string_view block) { bytes += block.size(); }, so);
  return bytes;
}

template <typename Record, typename Bound>
Workload Make(const std::string& policy, std::vector<Record> records,
              Bound bound, bool batch_only) {
  Workload w;
  w.policy = policy;
  w.batch_only = batch_only;
  auto shared = std::make_shared<std::vector<Record>>(std::move(records));
  auto b = std::make_shared<Bound>(std::move(bound));
  // Every workload holds kRecords records, as BM_HandTier's loop does: the
  // same constant modulo (a mask), so neither side pays a division.
  if (shared->size() != kRecords) std::abort();
  w.one = [shared, b](size_t i, verdict::Decision* d) {
    b->EvaluateInto((*shared)[i % kRecords], Options(), d);
  };
  w.bound_loop = [shared, b](benchmark::State& state) {
    const std::vector<Record>& records = *shared;
    const Bound& bound = *b;
    verdict::Decision d;
    size_t i = 0;
    for (auto _ : state) {
      bound.EvaluateInto(records[i++ % kRecords], Options(), &d);
      benchmark::DoNotOptimize(d);
    }
    state.SetItemsProcessed(state.iterations());
  };
  w.many = [shared, b](std::vector<verdict::Decision>* ds) {
    b->EvaluateManyInto(*shared, Options(), ds);
  };
  w.jsonl_fd = MemFd(ToJsonLines(*shared));
  w.jsonl_lines = shared->size();
  return w;
}

std::vector<Workload>& Workloads() {
  static std::vector<Workload> ws = [] {
    std::vector<Workload> out;
    for (const char* p : {"customer_tier", "retention_followup"}) {
      out.push_back(
          Make(p, MakeCustomers(kRecords), BindCustomer(Pack(), p), false));
    }
    out.push_back(Make("refund_approval", MakeRefunds(kRecords),
                       BindRefund(Pack()), false));
    out.push_back(
        Make("number_grade", MakeNumbers(kRecords), BindNumber(Pack()), false));
    out.push_back(Make("customer_rank_tier", MakeCustomers(kRecords),
                       BindCustomer(Pack(), "customer_rank_tier"), true));
    return out;
  }();
  return ws;
}

// Outputs decided straight into structs of the caller's (TypedPolicy):
// the form a C++ service that has its own result struct uses.
struct TierOut {
  std::string tier;
  bool archive_required = false;
  std::optional<int64_t> visit_interval_months, call_interval_months;
};

struct RefundOut {
  std::string status;
  std::vector<std::string> reject_reasons;
  Decimal cumulative_amount;
  std::optional<std::string> amount_approver;
  std::vector<std::string> approval_chain, stages;
};

verdict::TypedPolicy<Customer, TierOut> TypedTier() {
  return BindCustomer(Pack(), "customer_tier")
      .Returning(
          verdict::Outputs<TierOut>()
              .Output("tier", &TierOut::tier)
              .Output("archive_required", &TierOut::archive_required)
              .Output("visit_interval_months", &TierOut::visit_interval_months)
              .Output("call_interval_months", &TierOut::call_interval_months));
}

verdict::TypedPolicy<RefundRequest, RefundOut> TypedRefund() {
  return BindRefund(Pack()).Returning(
      verdict::Outputs<RefundOut>()
          .Output("status", &RefundOut::status)
          .Output("reject_reasons", &RefundOut::reject_reasons)
          .Output("cumulative_amount", &RefundOut::cumulative_amount)
          .Output("amount_approver", &RefundOut::amount_approver)
          .Output("approval_chain", &RefundOut::approval_chain)
          .Output("stages", &RefundOut::stages));
}

// The typed/ benchmark's timed loop, shaped as the bound/ one.
template <typename Typed, typename Record, typename Out>
void TypedLoop(benchmark::State& state, const Typed& typed,
               const std::vector<Record>& records, Out* out) {
  size_t i = 0;
  for (auto _ : state) {
    auto err = typed.EvaluateInto(records[i++ % kRecords], Options(), out);
    benchmark::DoNotOptimize(err);
    benchmark::DoNotOptimize(*out);
  }
  state.SetItemsProcessed(state.iterations());
}

// The typed structs against the hand-written results, field by field.
bool TypedAgrees(const TierOut& t, const TierResult& h) {
  auto months = [](const std::optional<int64_t>& m) {
    return m ? static_cast<int>(*m) : 0;
  };
  return t.tier == h.tier && t.archive_required == h.archive_required &&
         months(t.visit_interval_months) == h.visit_interval_months &&
         months(t.call_interval_months) == h.call_interval_months;
}

bool TypedAgrees(const RefundOut& t, const RefundResult& h) {
  std::vector<std::string> reasons, chain;
  if (h.missing_basis_document) reasons.push_back("missing_basis_document");
  if (h.missing_cause_description) {
    reasons.push_back("missing_cause_description");
  }
  for (int i = 0; i < h.chain_size; ++i) chain.push_back(h.chain[i]);
  return t.status == (h.rejected ? "rejected" : "route") &&
         t.reject_reasons == reasons &&
         t.cumulative_amount == h.cumulative_amount &&
         t.amount_approver.has_value() == (h.amount_approver != nullptr) &&
         (!h.amount_approver || *t.amount_approver == h.amount_approver) &&
         t.approval_chain == chain && t.stages.size() == 6;
}

// The hand-written functions must decide every generated record as
// Verdict does, byte for byte in `verdict eval`'s JSON, and as the typed
// structs hold it; exits otherwise.
void CheckAgreement() {
  auto tier = BindCustomer(Pack(), "customer_tier");
  auto refund = BindRefund(Pack());
  size_t checked = 0;
  for (const Customer& c : MakeCustomers(kRecords)) {
    std::string want = Pack()->ToJson(tier.Evaluate(c, Options()));
    if (ToJson(HandTier(c)) != want) {
      std::fprintf(stderr, "customer_tier: hand-written %s, Verdict %s\n",
                   ToJson(HandTier(c)).c_str(), want.c_str());
      std::exit(1);
    }
    ++checked;
  }
  for (const RefundRequest& r : MakeRefunds(kRecords)) {
    std::string want = Pack()->ToJson(refund.Evaluate(r, Options()));
    if (ToJson(HandRefund(r)) != want) {
      std::fprintf(stderr, "refund_approval: hand-written %s, Verdict %s\n",
                   ToJson(HandRefund(r)).c_str(), want.c_str());
      std::exit(1);
    }
    ++checked;
  }
  auto typed_tier = TypedTier();
  auto typed_refund = TypedRefund();
  TierOut t;
  for (const Customer& c : MakeCustomers(kRecords)) {
    if (typed_tier.EvaluateInto(c, Options(), &t) ||
        !TypedAgrees(t, HandTier(c))) {
      std::fprintf(stderr, "customer_tier: typed struct disagrees\n");
      std::exit(1);
    }
  }
  RefundOut r;
  for (const RefundRequest& req : MakeRefunds(kRecords)) {
    if (typed_refund.EvaluateInto(req, Options(), &r) ||
        !TypedAgrees(r, HandRefund(req))) {
      std::fprintf(stderr, "refund_approval: typed struct disagrees\n");
      std::exit(1);
    }
  }
  std::printf(
      "agreement: hand-written == Verdict (JSON and typed structs) on %zu "
      "generated records\n",
      checked);
}

// Allocations per record of each path, after warm-up passes over the same
// records (the calls between records only). Several passes: the storage
// a thread recycles (src/value/recycle.h) settles once its buffers have
// grown to the sizes the policy's lists need, and a batch of decisions
// kept alive holds thousands of them.
constexpr int kWarmUpPasses = 3;

// Allocations per record of a typed loop over `records` after warm-up.
template <typename Typed, typename Record, typename Out>
double TypedAllocations(const Typed& typed, const std::vector<Record>& records,
                        Out* out) {
  for (int pass = 0; pass < kWarmUpPasses; ++pass)
    for (const Record& r : records) (void)typed.EvaluateInto(r, Options(), out);
  uint64_t before = AllocationCount();
  for (const Record& r : records) (void)typed.EvaluateInto(r, Options(), out);
  return double(AllocationCount() - before) / records.size();
}

void CountAllocations() {
  std::printf("allocations per record after %d warm-up passes (%zu records):\n",
              kWarmUpPasses, kRecords);
  TierOut tier_out;
  RefundOut refund_out;
  std::printf(
      "  typed structs: customer_tier %.2f, refund_approval %.2f\n",
      TypedAllocations(TypedTier(), MakeCustomers(kRecords), &tier_out),
      TypedAllocations(TypedRefund(), MakeRefunds(kRecords), &refund_out));
  for (Workload& w : Workloads()) {
    std::string line = "  " + w.policy + ":";
    char buf[64];
    if (!w.batch_only) {
      verdict::Decision d;
      for (int pass = 0; pass < kWarmUpPasses; ++pass)
        for (size_t i = 0; i < kRecords; ++i) w.one(i, &d);
      uint64_t before = AllocationCount();
      for (size_t i = 0; i < kRecords; ++i) w.one(i, &d);
      std::snprintf(buf, sizeof buf, " bound %.2f,",
                    double(AllocationCount() - before) / kRecords);
      line += buf;
    }
    std::vector<verdict::Decision> ds;
    for (int pass = 0; pass < kWarmUpPasses; ++pass) w.many(&ds);
    uint64_t before = AllocationCount();
    w.many(&ds);
    std::snprintf(buf, sizeof buf, " batch %.2f,",
                  double(AllocationCount() - before) / kRecords);
    line += buf;
    // A whole stream has setup costs (parser, buffers): the per-record
    // count is the difference between a stream of all the records and a
    // stream of a quarter of them.
    Workload quarter = w;
    std::string text;
    {
      std::vector<char> all(1 << 22);
      lseek(w.jsonl_fd, 0, SEEK_SET);
      ssize_t n = read(w.jsonl_fd, all.data(), all.size());
      text.assign(all.data(), n > 0 ? n : 0);
      size_t cut = 0;
      for (size_t k = 0; k < kRecords / 4; ++k) cut = text.find('\n', cut) + 1;
      text.resize(cut);
    }
    quarter.jsonl_fd = MemFd(text);
    // Record by record, then column at a time (whose buffers are kept
    // from chunk to chunk: what it allocates after that is a memo entry
    // or a dictionary growing for a value not seen before, not a record).
    for (const verdict::EvalOptions* o : {&RowOptions(), &Options()}) {
      for (int pass = 0; pass < kWarmUpPasses; ++pass)
        RunJsonLines(w, 1 << 16, *o);
      uint64_t a0 = AllocationCount();
      RunJsonLines(quarter, 1 << 16, *o);
      uint64_t a1 = AllocationCount();
      RunJsonLines(w, 1 << 16, *o);
      uint64_t a2 = AllocationCount();
      std::snprintf(
          buf, sizeof buf,
          o->columnar ? " jsonl columnar %.2f" : " jsonl %.2f,",
          (double(a2 - a1) - double(a1 - a0)) / (kRecords - kRecords / 4));
      line += buf;
    }
    close(quarter.jsonl_fd);
    std::printf("%s\n", line.c_str());
  }
}

void BM_HandTier(benchmark::State& state) {
  static const auto cs = MakeCustomers(kRecords);
  size_t i = 0;
  for (auto _ : state) {
    TierResult r = HandTier(cs[i++ % kRecords]);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_HandRefund(benchmark::State& state) {
  static const auto rs = MakeRefunds(kRecords);
  size_t i = 0;
  for (auto _ : state) {
    RefundResult r = HandRefund(rs[i++ % kRecords]);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_TypedTier(benchmark::State& state) {
  static const auto cs = MakeCustomers(kRecords);
  static const auto typed = TypedTier();
  TierOut out;
  TypedLoop(state, typed, cs, &out);
}

void BM_TypedRefund(benchmark::State& state) {
  static const auto rs = MakeRefunds(kRecords);
  static const auto typed = TypedRefund();
  RefundOut out;
  TypedLoop(state, typed, rs, &out);
}

// What a service does without TypedPolicy: EvaluateInto a Decision, then
// read each output by name into its own struct (the same TierOut).
void BM_BoundReadTier(benchmark::State& state) {
  static const auto cs = MakeCustomers(kRecords);
  static const auto bound = BindCustomer(Pack(), "customer_tier");
  verdict::Decision d;
  TierOut out;
  size_t i = 0;
  auto months = [](const verdict::Value* v) {
    return v->is_null() ? std::nullopt : std::optional<int64_t>(v->as_int());
  };
  for (auto _ : state) {
    bound.EvaluateInto(cs[i++ % kRecords], Options(), &d);
    if (d.ok()) {
      out.tier = d.Get("tier")->as_string();
      out.archive_required = d.Get("archive_required")->as_bool();
      out.visit_interval_months = months(d.Get("visit_interval_months"));
      out.call_interval_months = months(d.Get("call_interval_months"));
    }
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations());
}

void RegisterAll() {
  benchmark::RegisterBenchmark("hand/customer_tier", BM_HandTier);
  benchmark::RegisterBenchmark("hand/refund_approval", BM_HandRefund);
  benchmark::RegisterBenchmark("typed/customer_tier", BM_TypedTier);
  benchmark::RegisterBenchmark("typed/refund_approval", BM_TypedRefund);
  benchmark::RegisterBenchmark("bound_read/customer_tier", BM_BoundReadTier);
  for (Workload& w : Workloads()) {
    if (!w.batch_only) {
      benchmark::RegisterBenchmark(
          ("bound/" + w.policy).c_str(),
          [&w](benchmark::State& state) { w.bound_loop(state); });
    }
    benchmark::RegisterBenchmark(
        ("batch/" + w.policy).c_str(), [&w](benchmark::State& state) {
          std::vector<verdict::Decision> ds;
          for (auto _ : state) {
            w.many(&ds);
            benchmark::DoNotOptimize(ds);
          }
          state.SetItemsProcessed(state.iterations() * kRecords);
        });
    benchmark::RegisterBenchmark(
        ("jsonl/" + w.policy).c_str(), [&w](benchmark::State& state) {
          size_t bytes = 0;
          for (auto _ : state) bytes += RunJsonLines(w, 1 << 20);
          state.SetItemsProcessed(state.iterations() * w.jsonl_lines);
          state.SetBytesProcessed(bytes);
        });
  }
}

}  // namespace
}  // namespace verdict_bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  verdict_bench::CheckAgreement();
  verdict_bench::CountAllocations();
  std::fflush(stdout);
  verdict_bench::RegisterAll();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
