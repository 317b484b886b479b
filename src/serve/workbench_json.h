// JSON bodies of the workbench's endpoints: a policy's structure as written
// (GET /v1/policies/{p}/structure, from verdict/describe.h) and the pack's
// own test run with per-rule coverage (POST /v1/tests, from
// verdict/testing.h). Pure functions of the pack; thread-safe.
#ifndef VERDICT_SRC_SERVE_WORKBENCH_JSON_H_
#define VERDICT_SRC_SERVE_WORKBENCH_JSON_H_

#include <string>
#include <string_view>

#include "verdict/describe.h"
#include "verdict/engine.h"
#include "verdict/testing.h"

namespace verdict::serve {

// {"pack": {...}, "policy": {name, description, file, record, batch,
// fields: [{name, type, required, default, check, pattern, description}],
// outputs: [{name, type}], locals, params, lets, batch_aggregates (each
// [{name, text}]), uses: [names], decisions: [...], functions: [...]}}.
std::string StructureJson(const Pack& pack, const PolicyStructure& s);

// {"pack": {...}, "passed", "failed", "total_rules", "reached_rules",
// "cases": [{file, line, policy, name, passed, failures}],
// "rules": [{policy, decision, rule, file, line, cases}]}; files relative
// to the pack folder.
std::string TestReportJson(const Pack& pack, const TestReport& r);

// {"name", "version", "content_hash"}.
std::string PackIdentityJson(const Pack& pack);

// The index page's data: {"pack": {...}, "policies": [{name, description,
// batch}]}.
std::string PackSummaryJson(const Pack& pack);

// Every policy of the pack with the names its trace entries may end in:
// {"policy": ["decision id", ..., "function name", ...], ...}. A policy
// page reads a used policy's trace entry ("used.step.one") with it, since
// ids may contain "." too.
std::string PackPoliciesJson(const Pack& pack);

}  // namespace verdict::serve

#endif  // VERDICT_SRC_SERVE_WORKBENCH_JSON_H_
