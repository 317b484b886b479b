// What a record reader left, in words, for comparing two readers of one
// line (the flat reader against simdjson's: tests/unit/flat_json_test.cc,
// fuzz/fuzz_targets.cc).
#ifndef VERDICT_TESTS_UNIT_RECORD_SLOTS_H_
#define VERDICT_TESTS_UNIT_RECORD_SLOTS_H_

#include <optional>
#include <string>

#include "src/compile/policy.h"

namespace verdict::testing_util {

// A reader's verdict: "ok", or the error's code, field and message.
inline std::string LoadErrorText(const std::optional<RecordError>& e) {
  return e ? e->code + " [" + e->field + "] " + e->message : "ok";
}

// The record slots of `f` (the fields of `p`), each field's name, kind and
// value.
inline std::string RecordSlotsText(const CompiledPolicy& p, const Frame& f) {
  std::string out;
  for (size_t i = 0; i < p.fields.size(); ++i) {
    const Value& v = f.slot(static_cast<int>(i));
    out += p.fields[i].name + "=" + std::string(KindName(v.kind())) + ":" +
           v.DebugString() + " ";
  }
  return out;
}

}  // namespace verdict::testing_util

#endif  // VERDICT_TESTS_UNIT_RECORD_SLOTS_H_
