// src/serve/decide.h: one request's records through Pack::EvaluateJsonLines.
#include "src/serve/decide.h"

#include <vector>

#include "src/api/pack_access.h"
#include "src/io/json_records.h"

namespace verdict::serve {

void DecideLines(DecideRequest& r, std::string_view text, std::string* out,
                 bool input_start, size_t line_bytes) {
  const Pack& pack = *r.pack;
  std::vector<std::string_view> lines;
  std::string prefix;
  if (r.log) {
    // The same split the library makes, so decision i belongs to line i.
    lines = SplitLines(text, input_start);
    prefix = LogLinePrefix(r.request_id, pack, r.policy, r.options.as_of,
                           r.options.trace);
  }
  size_t i = 0;
  PackAccess::EvaluateJsonBlock(
      pack, r.policy, text, r.options,
      [&](const Decision& d) {
        size_t start = out->size();
        *out += pack.ToJson(d);
        size_t end = out->size();
        *out += '\n';
        if (d.ok()) {
          ++r.unwritten.ok;
          r.last_error_code.clear();
        } else {
          ++r.unwritten.outcomes[d.error->code];
          r.last_error_code = d.error->code;
        }
        ++r.records;
        if (r.log && i < lines.size()) {
          // Valid until `out` grows again; AppendLogLine copies it.
          std::string_view json(out->data() + start, end - start);
          std::string without_audit;
          if (d.audit) {
            // The log keeps the decision itself; the pack identity is logged
            // once per line already, and replay compares decisions.
            Decision copy = d;
            copy.audit.reset();
            without_audit = pack.ToJson(copy);
            json = without_audit;
          }
          // A streamed line over the record limit comes alone, as its head.
          AppendLogLine(prefix, r.batch_id, i, lines.size(), lines[i], json,
                        &r.unwritten.log_text,
                        lines.size() == 1 ? line_bytes : 0);
        }
        ++i;
      },
      input_start, line_bytes);
}

}  // namespace verdict::serve
