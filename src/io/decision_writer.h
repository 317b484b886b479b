// Decisions of one policy written as JSON Lines without rebuilding what is
// the same on every line: the output names are encoded once ("name":), and
// so are the policy's constant lists and maps (a table cell such as
// `[apply, approve, ...]` is written as ready bytes whenever a decision
// outputs that very constant). The bytes are exactly DecisionToJson()'s
// (src/io/json_records.h), the slow reference it is tested against.
#ifndef VERDICT_SRC_IO_DECISION_WRITER_H_
#define VERDICT_SRC_IO_DECISION_WRITER_H_

#include <span>
#include <string>
#include <vector>

#include "src/compile/policy.h"

namespace verdict {

class JsonWindow;

class DecisionJsonWriter {
 public:
  // `policy` and `zone` must outlive the writer. Datetimes are written as
  // wall-clock time in `zone`, as DecisionToJson() does.
  DecisionJsonWriter(const CompiledPolicy& policy, const Zone& zone);

  // Appends `d` as one JSON object (no newline) to `out`. Any decision is
  // accepted: one that is not a plain success of this policy (an error, a
  // trace, an audit, other output names) takes DecisionToJson()'s path.
  // Thread safety: const, the writer may be shared.
  void Append(const Decision& d, std::string* out) const;
  // Appends a plain success whose output k is *values[k] (declared order,
  // one per output of the policy, which has at least one): the bytes
  // Append() writes for a Decision holding those outputs. Thread safety:
  // const.
  // Where ready[k] (same size) is not null, it is output k's JSON as
  // Encode() wrote it, copied instead of written again.
  void AppendOutputs(std::span<const Value* const> values,
                     std::span<const std::string* const> ready,
                     std::string* out) const;
  // Appends `v` as the JSON AppendOutputs() writes for an output holding
  // it. Thread safety: const.
  void Encode(const Value& v, std::string* out) const;

 private:
  // A constant list or map of the policy, kept alive here so that its
  // address identifies it (a copy of a Value shares the same collection).
  struct Encoded {
    Value value;
    std::string json;
  };
  const void* Identity(const Value& v) const;
  const std::string* FindEncoded(const Value& v) const;
  // Writes `v` as AppendJson() would: the common kinds straight into the
  // window, constants as their ready bytes, the rest through AppendJson().
  void Put(const Value& v, JsonWindow& w) const;

  const Zone* zone_;
  std::vector<std::string> names_;  // the policy's outputs, in order
  std::vector<std::string> keys_;   // `{"name":` for the first, `,"name":`
  // Sorted by Identity(), one per collection: a decision's lists are
  // looked up on every line, and most are not constants.
  std::vector<Encoded> constants_;
};

}  // namespace verdict

#endif  // VERDICT_SRC_IO_DECISION_WRITER_H_
