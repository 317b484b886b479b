// verdict/engine.h: the Pack facade over the compiled pack.
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <utility>

#include "src/api/columnar_run.h"
#include "src/api/pack_access.h"
#include "src/compile/policy.h"
#include "src/evaluate/record_pipeline.h"
#include "src/io/json_records.h"
#include "src/parse/columns.h"
#include "verdict/engine.h"

namespace verdict {

std::string Diagnostic::ToString() const {
  std::string where = file;
  if (line > 0) where += fmt::format(":{}:{}", line, column);
  return fmt::format("{}: {}: {}", where,
                     severity == Severity::kError ? "error" : "warning",
                     message);
}

const Value* Decision::Get(std::string_view name) const {
  for (const auto& [k, v] : outputs) {
    if (k == name) return &v;
  }
  return nullptr;
}

Pack::Pack(std::unique_ptr<PackImpl> impl) : impl_(std::move(impl)) {}
Pack::~Pack() = default;

LoadResult Pack::Load(const std::string& path, const LoadOptions& options) {
  LoadResult result;
  syntax::Pack s =
      syntax::LoadPackSyntax(path, options.limits, &result.diagnostics);
  bool syntax_failed = false;
  for (const auto& d : result.diagnostics) {
    syntax_failed |= d.severity == Diagnostic::Severity::kError;
  }
  const auto file_texts = std::move(s.file_texts);
  // Compile even after syntax errors in some files, so that one run reports
  // the problems of every file; the pack is still refused.
  std::unique_ptr<PackImpl> impl =
      CompilePack(std::move(s), options.limits, &result.diagnostics);
  // Columns count characters, as an editor shows them (columns.h).
  syntax::ToCharacterColumns(file_texts, &result.diagnostics);
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.file, a.line, a.column) <
                            std::tie(b.file, b.line, b.column);
                   });
  if (!impl || syntax_failed) return result;
  impl->strict_fields = options.strict_fields;
  impl->warnings = result.diagnostics;  // the pack loaded: warnings only
  result.pack = std::shared_ptr<const Pack>(new Pack(std::move(impl)));
  return result;
}

const std::string& Pack::name() const { return impl_->name; }
const std::string& Pack::version() const { return impl_->version; }
const std::string& Pack::path() const { return impl_->path; }
const std::string& Pack::content_hash() const { return impl_->content_hash; }
bool Pack::strict_fields() const { return impl_->strict_fields; }
const Zone& Pack::zone() const { return impl_->zone; }
const std::vector<Diagnostic>& Pack::Warnings() const {
  return impl_->warnings;
}

Date Pack::Today() const {
  auto now = std::chrono::system_clock::now();
  int64_t secs =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch())
          .count();
  return Date::FromEpochSeconds(impl_->zone.ToLocal(secs));
}

std::optional<std::string> Pack::CalendarWarning(Date as_of) const {
  const Calendar& c = impl_->calendar;
  int y, m, d;
  as_of.ToYmd(&y, &m, &d);
  if (c.last_year && y > *c.last_year) {
    return fmt::format(
        "as-of {} lies beyond the calendar '{}', which lists holidays up to "
        "{}; working days "
        "after that count weekends only",
        as_of.ToString(), c.name, *c.last_year);
  }
  return std::nullopt;
}

std::string Pack::OutsideCalendarWarning(uint64_t count) const {
  const Calendar& c = impl_->calendar;
  auto year = [](const std::optional<int>& y) {
    return y ? std::to_string(*y) : std::string("...");
  };
  return fmt::format(
      "{} working-day computation{} (add_workdays, is_workday) read days "
      "outside the years {} to {} that the calendar '{}' covers: there only "
      "weekends are days off, holidays unknown",
      count, count == 1 ? "" : "s", year(c.first_year), year(c.last_year),
      c.name);
}

uint64_t Pack::OutsideCalendarCount() const {
  return impl_->outside_calendar.load(std::memory_order_relaxed);
}

std::vector<std::string> Pack::PolicyNames() const {
  std::vector<std::string> out;
  for (const auto& p : impl_->policies) out.push_back(p->info.name);
  return out;
}

namespace {
const CompiledPolicy& Lookup(const PackImpl& impl, std::string_view name) {
  const CompiledPolicy* p = impl.Find(name);
  if (!p) {
    std::string names;
    for (const auto& q : impl.policies)
      names += (names.empty() ? "" : ", ") + q->info.name;
    throw std::invalid_argument("unknown policy '" + std::string(name) +
                                "' (the pack has: " + names + ")");
  }
  return *p;
}

// Decides `n` records of `p`: load(i, fields) fills record i's field slots
// (all null on entry) and returns its load error, sink(i, decision) takes
// each decision in order (it may move out of it: the pipeline rewrites
// every part of it for the next record). EvaluateEach and EvaluateColumns.
template <typename Load, typename Sink>
void RunLoaded(const PackImpl& impl, const CompiledPolicy& p, size_t n,
               const EvalOptions& options, Load&& load, Sink&& sink) {
  const size_t width = p.fields.size();
  RecordPipeline run(impl, p, options);
  const auto plan = ColumnarPlan(impl, p, options, n);
  RunColumnar(
      plan.get(), run, n,
      [&](size_t i) {
        // The slots still hold the previous record: cleared, so that a
        // field the loader leaves alone reads as not given.
        std::span<Value> fields;
        if (width > 0) fields = {&run.frame().slot(0), width};
        for (Value& v : fields) v = Value();
        return load(i, fields);
      },
      sink);
}

}  // namespace

const PolicyInfo& Pack::Policy(std::string_view policy) const {
  return Lookup(*impl_, policy).info;
}

Decision Pack::Evaluate(std::string_view policy, const FieldMap& record,
                        const EvalOptions& options) const {
  const CompiledPolicy& p = Lookup(*impl_, policy);
  if (p.info.batch) {
    throw std::invalid_argument("policy '" + p.info.name +
                                "' decides over a whole batch (population); "
                                "use EvaluateMany (Python: evaluate_many)");
  }
  RecordPipeline run(*impl_, p, options);
  Decision d;
  run.DecideLoaded(PlaceFieldMap(p, record, run.frame(), impl_->strict_fields),
                   &d);
  return d;
}

std::vector<Decision> Pack::EvaluateMany(std::string_view policy,
                                         std::span<const FieldMap> records,
                                         const EvalOptions& options) const {
  const CompiledPolicy& p = Lookup(*impl_, policy);
  RecordPipeline run(*impl_, p, options);
  std::vector<Decision> out;
  auto load = [&](size_t i) {
    return PlaceFieldMap(p, records[i], run.frame(), impl_->strict_fields);
  };
  // Swapped, not moved: the sink's Decision takes over the storage that
  // out[i] held, as RecordPipeline::RunInto() does.
  out.resize(records.size());
  const auto plan = ColumnarPlan(*impl_, p, options, records.size());
  RunColumnar(plan.get(), run, records.size(), load,
              [&](size_t i, Decision& d) { std::swap(out[i], d); });
  return out;
}

Pack::ColumnResults Pack::EvaluateColumns(std::string_view policy,
                                          std::span<const Column> columns,
                                          const EvalOptions& options) const {
  const CompiledPolicy& p = Lookup(*impl_, policy);
  size_t n = columns.empty() ? 0 : columns[0].values.size();
  for (const Column& c : columns) {
    if (c.values.size() != n) {
      throw std::invalid_argument("column '" + c.name + "' has " +
                                  std::to_string(c.values.size()) +
                                  " values, expected " + std::to_string(n));
    }
  }
  std::vector<const Column*> by_field(p.fields.size(), nullptr);
  for (const Column& c : columns) {
    bool known = false;
    for (size_t k = 0; k < p.fields.size(); ++k) {
      if (p.fields[k].name == c.name) {
        by_field[k] = &c;
        known = true;
      }
    }
    if (!known && impl_->strict_fields) {
      throw std::invalid_argument("column '" + c.name +
                                  "' is not declared by policy '" +
                                  p.info.name + "'");
    }
  }
  ColumnResults out;
  for (const auto& [name, slot] : p.outputs) {
    out.outputs.push_back({name, {}});
    out.outputs.back().values.reserve(n);
  }
  out.errors.resize(n);
  if (options.trace) out.traces.resize(n);
  RunLoaded(
      *impl_, p, n, options,
      [&](size_t i, std::span<Value> fields) -> std::optional<RecordError> {
        for (size_t k = 0; k < fields.size(); ++k) {
          if (by_field[k]) fields[k] = by_field[k]->values[i];
        }
        return std::nullopt;
      },
      // The pipeline rewrites every field of its Decision for the next
      // record, so what this one holds is moved out, not copied.
      [&](size_t i, Decision& d) {
        const bool ok = d.ok();
        out.errors[i] = std::move(d.error);
        for (size_t k = 0; k < out.outputs.size(); ++k) {
          out.outputs[k].values.push_back(ok ? std::move(d.outputs[k].second)
                                             : Value());
        }
        if (options.trace) out.traces[i] = std::move(d.trace);
      });
  return out;
}

void Pack::EvaluateEach(std::string_view policy, size_t n,
                        const EvalOptions& options, const RecordLoader& load,
                        const DecisionSink& sink) const {
  RunLoaded(*impl_, Lookup(*impl_, policy), n, options, load,
            [&](size_t i, Decision& d) { sink(i, d); });
}

std::vector<Decision> Pack::EvaluateJsonLines(
    std::string_view policy, std::string_view text,
    const EvalOptions& options) const {
  std::vector<Decision> out;
  EvaluateJsonLines(policy, text, options,
                    [&](const Decision& d) { out.push_back(d); });
  return out;
}

void Pack::EvaluateJsonLines(
    std::string_view policy, std::string_view text, const EvalOptions& options,
    const std::function<void(const Decision&)>& sink) const {
  PackAccess::EvaluateJsonBlock(*this, policy, text, options, sink, true);
}

void PackAccess::EvaluateJsonBlock(
    const Pack& pack, std::string_view policy, std::string_view text,
    const EvalOptions& options,
    const std::function<void(const Decision&)>& sink, bool input_start,
    size_t line_bytes) {
  const PackImpl* impl_ = pack.impl_.get();
  const CompiledPolicy& p = Lookup(*impl_, policy);
  simdjson::padded_string padded(text);
  std::vector<std::string_view> lines =
      SplitLines(std::string_view(padded.data(), text.size()), input_start);
  RecordPipeline run(*impl_, p, options);
  run.ReaderChecksUtf8();
  simdjson::ondemand::parser parser;
  const auto plan = ColumnarPlan(*impl_, p, options, lines.size());
  RunColumnar(
      plan.get(), run, lines.size(),
      [&](size_t i) {
        return ReadJsonRecord(p, parser, lines[i], run.frame(),
                              impl_->strict_fields,
                              lines.size() == 1 ? line_bytes : 0);
      },
      [&](size_t, const Decision& d) { sink(d); });
}

std::string Pack::ToJson(const Value& value) const {
  std::string out;
  AppendJson(value, impl_->zone, &out);
  return out;
}

std::string Pack::ToJson(const Decision& decision) const {
  return DecisionToJson(decision, impl_->zone);
}

struct BatchSession::State {
  std::shared_ptr<const Pack> pack;
  const CompiledPolicy* policy;
  EvalOptions options;
  BatchState batch;
  bool finished = false;
  simdjson::ondemand::parser parser;

  State(std::shared_ptr<const Pack> p, const CompiledPolicy* cp,
        const EvalOptions& o)
      : pack(std::move(p)), policy(cp), options(o), batch(*cp) {}

  // Reads and validates each line into run.frame() and calls
  // fn(error or nullopt).
  template <typename Fn>
  void ForEach(std::string_view text, RecordPipeline& run, Fn fn) {
    run.ReaderChecksUtf8();
    simdjson::padded_string padded(text);
    std::vector<std::string_view> lines =
        SplitLines(std::string_view(padded.data(), text.size()));
    for (std::string_view line : lines) {
      fn(run.Validate(ReadJsonRecord(*policy, parser, line, run.frame(),
                                     PackAccess::Impl(*pack).strict_fields)));
    }
  }
};

BatchSession::BatchSession(std::shared_ptr<const Pack> pack,
                           std::string_view policy,
                           const EvalOptions& options) {
  if (!pack) throw std::invalid_argument("BatchSession: no pack");
  const CompiledPolicy& p = Lookup(PackAccess::Impl(*pack), policy);
  state_ = std::make_unique<State>(std::move(pack), &p, options);
}
BatchSession::~BatchSession() = default;
BatchSession::BatchSession(BatchSession&&) noexcept = default;

void BatchSession::Accumulate(std::string_view json_lines) {
  if (!state_) throw std::logic_error("BatchSession: moved from");
  State& s = *state_;
  if (s.finished)
    throw std::logic_error("BatchSession: Accumulate after Decide");
  // Each chunk accumulates on its own and is merged, as chunks read on
  // different machines or threads would be.
  BatchState chunk(*s.policy);
  RecordPipeline run(PackAccess::Impl(*s.pack), *s.policy, s.options);
  s.ForEach(json_lines, run, [&](const std::optional<RecordError>& err) {
    if (!err) (void)chunk.Add(run.frame());
  });
  s.batch.Merge(std::move(chunk));
}

std::vector<Decision> BatchSession::Decide(std::string_view json_lines) {
  if (!state_) throw std::logic_error("BatchSession: moved from");
  State& s = *state_;
  if (!s.finished) {
    s.batch.Finish();
    s.finished = true;
  }
  const bool batch = s.policy->info.batch;
  RecordPipeline run(PackAccess::Impl(*s.pack), *s.policy, s.options);
  std::vector<Decision> out;
  s.ForEach(json_lines, run, [&](std::optional<RecordError> err) {
    if (!err && batch) {
      // A record whose aggregate expression fails was left out in pass one.
      BatchState probe(*s.policy);
      err = probe.Add(run.frame());
    }
    out.emplace_back();
    run.DecideValidated(std::move(err), &out.back(),
                        batch ? &s.batch : nullptr);
  });
  return out;
}

struct PackHandle::State {
  std::string path;
  LoadOptions options;
  // Readers hold `current_mutex` only to copy the pointer (nanoseconds);
  // loading happens outside it, under `reload_mutex`. A plain mutex rather
  // than std::atomic<std::shared_ptr>: ThreadSanitizer understands it.
  mutable std::mutex current_mutex;
  std::shared_ptr<const Pack> current;
  std::atomic<uint64_t> generation{0};
  std::mutex reload_mutex;  // one reload at a time
};

PackHandle::PackHandle(std::string path, LoadOptions options)
    : state_(std::make_shared<State>()) {
  state_->path = std::move(path);
  state_->options = options;
  LoadResult r = Reload();
  if (!r.ok()) {
    std::string msg = "cannot load pack '" + state_->path + "'";
    for (const auto& d : r.diagnostics) msg += "\n" + d.ToString();
    throw std::invalid_argument(msg);
  }
}

std::shared_ptr<const Pack> PackHandle::Get() const {
  std::lock_guard<std::mutex> lock(state_->current_mutex);
  return state_->current;
}

uint64_t PackHandle::generation() const { return state_->generation.load(); }

LoadResult PackHandle::Reload() {
  std::lock_guard<std::mutex> lock(state_->reload_mutex);
  LoadResult r = Pack::Load(state_->path, state_->options);
  if (r.ok()) {
    std::shared_ptr<const Pack> old;
    {
      std::lock_guard<std::mutex> current_lock(state_->current_mutex);
      old = std::exchange(state_->current, r.pack);
    }
    state_->generation.fetch_add(1);
    // `old` is released here, outside the lock; evaluations still holding
    // it keep it alive until they finish.
  }
  return r;
}

}  // namespace verdict
