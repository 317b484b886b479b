#include "src/api/arrow_rows.h"

#include "src/io/json_records.h"

namespace verdict {

void AppendTrace(const std::vector<TraceEntry>& trace, const Zone& zone,
                 std::string* out) {
  *out += '[';
  for (size_t i = 0; i < trace.size(); ++i) {
    const TraceEntry& t = trace[i];
    if (i) *out += ',';
    *out += "{\"decision\":";
    AppendJsonString(t.decision, out);
    *out += ",\"rule\":";
    AppendJsonString(t.rule, out);
    *out += ",\"values\":{";
    for (size_t j = 0; j < t.values.size(); ++j) {
      if (j) *out += ',';
      AppendJsonString(t.values[j].first, out);
      *out += ':';
      AppendJson(t.values[j].second, zone, out);
    }
    *out += "}}";
  }
  *out += ']';
}

std::vector<std::unique_ptr<ArrowBuilder>> OutputBuilders(
    const CompiledPolicy& p, const Zone& zone, bool trace) {
  std::vector<std::unique_ptr<ArrowBuilder>> builders;
  for (size_t k = 0; k < p.outputs.size(); ++k)
    builders.push_back(
        ArrowBuilder::For(p.output_types[k], zone, p.outputs[k].first));
  builders.push_back(ArrowBuilder::ErrorStruct());
  if (trace) builders.push_back(ArrowBuilder::Utf8("trace"));
  return builders;
}

}  // namespace verdict
