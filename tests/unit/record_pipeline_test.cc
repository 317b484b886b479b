// The one record pipeline (load -> validate -> decide -> stamp): a reused
// Decision is rewritten whole, load errors pass straight through, batch
// policies take two passes over the records loaded once.
#include "src/evaluate/record_pipeline.h"

#include <gtest/gtest.h>

#include "src/io/json_records.h"
#include "tests/unit/compile_test_util.h"

namespace verdict {
namespace {

using testing_util::CompileFiles;

const char* kPolicies = R"yaml(policy: p
record: r
fields:
  n: int
outputs:
  label: string?
decisions:
  - id: d
    rules:
      - id: big
        when: r.n >= 10
        then: {label: big}
      - id: small
        then: {label: small}
)yaml";

const char* kBatch = R"yaml(policy: b
record: r
fields:
  n: int
batch:
  total: sum(r.n)
  count: count()
outputs:
  above_mean: bool
decisions:
  - id: d
    rules:
      - id: k
        then: {above_mean: =r.n * batch.count > batch.total}
)yaml";

// A local set only by some records, read by a later decision.
const char* kLocal = R"yaml(policy: l
record: r
fields:
  n: int
outputs:
  seen: string?
  list_seen: list(string)
locals:
  note: string?
  notes: list(string)
decisions:
  - id: set_note
    hit: first
    rules:
      - id: one
        when: r.n == 1
        then: {note: one, notes: [one]}
  - id: read_note
    rules:
      - id: copy
        then: {seen: =note, list_seen: =notes}
)yaml";

class RecordPipelineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    compiled_ = new testing_util::CompiledPack(CompileFiles(
        "pipeline",
        {{"p.yaml", kPolicies}, {"b.yaml", kBatch}, {"l.yaml", kLocal}}));
    ASSERT_TRUE(compiled_->pack) << compiled_->Diags();
  }
  static void TearDownTestSuite() { delete compiled_; }
  static const PackImpl& pack() { return *compiled_->pack; }
  static inline testing_util::CompiledPack* compiled_ = nullptr;

  // Loads record i: n = values[i], or null when values[i] < 0.
  static auto Loader(RecordPipeline& run, const std::vector<int>& values) {
    return [&run, &values](size_t i) -> std::optional<RecordError> {
      run.frame().slot(0) = values[i] < 0 ? Value() : Value::Int(values[i]);
      return std::nullopt;
    };
  }
};

TEST_F(RecordPipelineTest, AReusedDecisionIsRewrittenWhole) {
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  opt.audit = true;
  RecordPipeline run(pack(), *pack().Find("p"), opt);
  Decision d;
  run.frame().slot(0) = Value::Int(12);
  run.DecideLoaded(std::nullopt, &d);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.Get("label")->as_string(), "big");
  EXPECT_EQ(d.policy, "p");
  ASSERT_TRUE(d.audit.has_value());
  // Invalid next: no outputs and no trace are left over.
  run.frame().slot(0) = Value();
  run.DecideLoaded(std::nullopt, &d);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error->field, "n");
  EXPECT_TRUE(d.outputs.empty());
  EXPECT_TRUE(d.trace.empty());
  EXPECT_EQ(d.policy, "p");
}

TEST_F(RecordPipelineTest, ALoadErrorSkipsValidationAndDecision) {
  EvalOptions opt;
  RecordPipeline run(pack(), *pack().Find("p"), opt);
  Decision d;
  run.frame().slot(0) = Value::Int(1);
  run.DecideLoaded(RecordError{"invalid_json", "bad", ""}, &d);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error->code, "invalid_json");
  EXPECT_FALSE(d.audit.has_value());
}

TEST_F(RecordPipelineTest, BatchPoliciesTakeTwoPassesOverValidRecords) {
  EvalOptions opt;
  RecordPipeline run(pack(), *pack().Find("b"), opt);
  // Mean of the valid records 1, 2, 9 is 4; the null record is left out.
  std::vector<int> values = {1, -1, 9, 2};
  std::vector<Decision> out;
  run.RunInto(values.size(), Loader(run, values), &out);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_FALSE(out[0].Get("above_mean")->as_bool());
  EXPECT_FALSE(out[1].ok());
  EXPECT_TRUE(out[2].Get("above_mean")->as_bool());
  EXPECT_FALSE(out[3].Get("above_mean")->as_bool());
  for (const Decision& d : out) EXPECT_EQ(d.policy, "b");
}

TEST_F(RecordPipelineTest, RunAndRunIntoAgreeRecordByRecord) {
  EvalOptions opt;
  opt.trace = true;
  std::vector<int> values = {3, 30, -1, 10};
  RecordPipeline a(pack(), *pack().Find("p"), opt);
  std::vector<Decision> into;
  a.RunInto(values.size(), Loader(a, values), &into);
  RecordPipeline b(pack(), *pack().Find("p"), opt);
  std::vector<std::string> seen;
  b.Run(values.size(), Loader(b, values), [&](size_t i, const Decision& d) {
    EXPECT_EQ(d.ok(), into[i].ok()) << i;
    EXPECT_EQ(d.trace.size(), into[i].trace.size()) << i;
    seen.push_back(d.ok() ? d.Get("label")->as_string() : "error");
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"small", "big", "error", "big"}));
}

// The frame is reused record after record: a local that no rule sets for
// this record reads as null, not as what the record before left in it.
TEST_F(RecordPipelineTest, ALocalNoRuleSetReadsAsNullNotTheRecordBefore) {
  EvalOptions opt;
  std::vector<int> values = {1, 2, 1, 3};
  for (bool trace : {false, true}) {
    opt.trace = trace;
    RecordPipeline run(pack(), *pack().Find("l"), opt);
    std::vector<Decision> out;
    run.RunInto(values.size(), Loader(run, values), &out);
    ASSERT_EQ(out.size(), 4u);
    for (size_t i = 0; i < out.size(); ++i) {
      ASSERT_TRUE(out[i].ok()) << i;
      const Value* seen = out[i].Get("seen");
      const Value* list_seen = out[i].Get("list_seen");
      ASSERT_TRUE(seen && list_seen) << i;
      if (values[i] == 1) {
        EXPECT_EQ(seen->as_string(), "one") << i;
        ASSERT_EQ(list_seen->kind(), Kind::kList) << i;
        EXPECT_EQ(list_seen->as_list().size(), 1u) << i;
      } else {
        EXPECT_TRUE(seen->is_null()) << i << ": " << seen->DebugString();
        EXPECT_TRUE(list_seen->is_null())
            << i << ": " << list_seen->DebugString();
      }
    }
  }
}

// Asked for a trace, a decision's JSON always has one: [] when no rule
// matched (a reader need not test for the member), none for a record error
// or when no trace was asked.
TEST_F(RecordPipelineTest, ATracedDecisionsJsonAlwaysHasItsTrace) {
  for (bool trace : {false, true}) {
    EvalOptions opt;
    opt.trace = trace;
    RecordPipeline run(pack(), *pack().Find("l"), opt);
    std::vector<int> values = {2, -1, 1};
    std::vector<Decision> out;
    run.RunInto(values.size(), Loader(run, values), &out);
    ASSERT_EQ(out.size(), 3u);
    const Zone& utc = pack().zone;
    std::string none = DecisionToJson(out[0], utc);
    std::string error = DecisionToJson(out[1], utc);
    std::string some = DecisionToJson(out[2], utc);
    EXPECT_FALSE(out[1].ok());
    EXPECT_EQ(out[0].traced, trace);
    EXPECT_EQ(error.find("trace"), std::string::npos) << error;
    if (trace) {
      EXPECT_NE(none.find(R"("trace":[{"decision":"read_note")"),
                std::string::npos)
          << none;
      EXPECT_NE(some.find(R"("trace":[{"decision":"set_note")"),
                std::string::npos)
          << some;
    } else {
      EXPECT_EQ(none.find("trace"), std::string::npos) << none;
      EXPECT_EQ(some.find("trace"), std::string::npos) << some;
    }
  }
  // A decision no rule of which matched, traced: an empty trace member.
  Decision d;
  d.traced = true;
  d.outputs.emplace_back("o", Value());
  EXPECT_EQ(DecisionToJson(d, pack().zone), R"({"o":null,"trace":[]})");
  d.traced = false;
  EXPECT_EQ(DecisionToJson(d, pack().zone), R"({"o":null})");
}

}  // namespace
}  // namespace verdict
