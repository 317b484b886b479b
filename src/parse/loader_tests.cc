// Test files (PACK/tests/*.yaml, verdict/testing.h). See loader.h. A mistaken
// expectation is refused here, at its line and column, rather than left to
// the runner: an expectation the runner cannot check would pass any record.
#include "src/parse/loader.h"
#include "src/parse/yaml_tree.h"

namespace verdict::syntax {
namespace {

// The codes of a record's error (docs/errors.md, section 3): a code outside
// them can match no record, so a case expecting it could only fail.
constexpr const char* kErrorCodes[] = {"missing_field",   "wrong_type",
                                       "invalid_value",   "unknown_field",
                                       "invalid_json",    "evaluation_error",
                                       "no_rule_matched", "conflicting_rules"};

void CheckErrorCode(Loader& l, YNode code) {
  if (!code || !code.IsScalar()) return;
  std::string list;
  for (const char* c : kErrorCodes) {
    if (code.Scalar() == c) return;
    list += (list.empty() ? "" : ", ") + std::string(c);
  }
  l.Error(code, "unknown error code '" + code.Scalar() +
                    "' (expected one of: " + list + ")");
}

// `expect_error: {code, field}` (also a batch entry's `error:`).
void CheckExpectError(Loader& l, YNode e) {
  if (!e.IsMap()) {
    // testing.h documents the mapping only; a bare code was compared as
    // neither and failed with "unexpected error" though the code matched.
    l.Error(e,
            e.IsScalar() && !e.Scalar().empty()
                ? "expect_error is a mapping: write {code: " + e.Scalar() + "}"
                : std::string("expect_error is a mapping: {code: ..., "
                              "field: ...}"));
    return;
  }
  // A misspelt key (`cod:`) would check nothing and pass any error.
  l.CheckKeys(e, {"code", "field"}, "expect_error");
  if (e.size() == 0) l.Error(e, "expect_error names a code, a field or both");
  CheckErrorCode(l, e["code"]);
}

// A batch's `expect`: one entry per record, outputs or `{error: {...}}`.
void CheckBatchExpect(Loader& l, YNode expect) {
  if (!expect.IsSequence()) return;
  for (const auto& entry : expect) {
    if (!entry.IsMap() || !entry["error"]) continue;
    CheckExpectError(l, entry["error"]);
    // The record fails: outputs beside `error` could never be compared.
    l.EachEntry(entry, "an expect entry",
                [&](const std::string& key, YNode key_node, YNode) {
                  if (key == "error") return;
                  l.Error(key_node,
                          "an expect entry with 'error' has no outputs to "
                          "expect ('" +
                              key + "')");
                });
  }
}

TestCase TestCaseOf(Loader& l, YNode c) {
  TestCase tc;
  tc.pos = l.At(c);
  l.CheckKeys(c,
              {"name", "as_of", "record", "records", "expect", "expect_error"},
              "a test case");
  tc.name = c["name"] ? l.Str(c["name"], "a name")
                      : "case at line " + std::to_string(tc.pos.line);
  if (c["as_of"]) tc.as_of = l.ScalarOf(c["as_of"]);
  tc.record = TreeOf(c["record"], l.file_);
  tc.records = TreeOf(c["records"], l.file_);
  tc.expect = TreeOf(c["expect"], l.file_);
  if (c["expect_error"]) CheckExpectError(l, c["expect_error"]);
  if (c["records"]) CheckBatchExpect(l, c["expect"]);
  tc.expect_error = TreeOf(c["expect_error"], l.file_);
  if (!c["record"] && !c["records"])
    l.Error(c, "test case '" + tc.name + "' has no record");
  if (c["record"] && c["records"]) {
    l.Error(c["records"], "test case '" + tc.name +
                              "' has both record and records: give one "
                              "record, or the records of a batch");
  }
  if (!c["expect"] && !c["expect_error"]) {
    l.Error(c,
            "test case '" + tc.name + "' has neither expect nor expect_error");
  }
  if (c["records"] && c["expect_error"]) {
    // The runner reads a batch's errors from its expect entries only.
    l.Error(c["expect_error"],
            "test case '" + tc.name +
                "' is a batch: give one expect entry per record, "
                "{error: {...}} for a record that fails");
  }
  if (c["expect"] && c["expect_error"]) {
    // A record that fails has no outputs to compare: the runner checked
    // one of the two and ignored the other.
    l.Error(c["expect_error"],
            "test case '" + tc.name +
                "' has both expect and expect_error: a record that fails "
                "has no outputs; give one");
  }
  return tc;
}

}  // namespace

void Loader::TestsOf(YNode root, Pack* pack) {
  TestFile t;
  t.file = file_;
  CheckKeys(root, {"policy", "cases", "description", "as_of"}, "a test file");
  if (root["as_of"]) t.as_of = ScalarOf(root["as_of"]);
  if (!root["policy"]) {
    Error(root, "a test file names its 'policy'");
    return;
  }
  t.policy = Str(root["policy"], "a policy name");
  t.policy_pos = At(root["policy"]);
  if (!root["cases"] || !root["cases"].IsSequence()) {
    Error(root, "a test file has a list of 'cases'");
    return;
  }
  for (const auto& c : root["cases"]) {
    if (!c.IsMap()) {
      Error(c, "a test case is a mapping");
      continue;
    }
    t.cases.push_back(TestCaseOf(*this, c));
  }
  pack->tests.push_back(std::move(t));
}

}  // namespace verdict::syntax
