// See yaml_flow.h. Tested by tests/unit/yaml_flow_test.cc.
#include "src/parse/yaml_flow.h"

#include <vector>

namespace verdict {
namespace {

bool Blank(char c) { return c == ' ' || c == '\t'; }

// Whether a quote or '#' at `i` starts a token (YAML needs a separator
// before a comment, and a quote inside a plain scalar is just a letter).
bool TokenStart(std::string_view t, size_t i) {
  if (i == 0) return true;
  char p = t[i - 1];
  return Blank(p) || p == '\n' || p == '[' || p == '{' || p == ',' ||
         p == ':' || p == '-';
}

}  // namespace

std::optional<TextPoint> FlowOpenedBefore(std::string_view text,
                                          TextPoint until) {
  std::vector<TextPoint> open;
  TextPoint at;
  char quote = 0;
  bool comment = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (at.line > until.line ||
        (at.line == until.line && at.column >= until.column)) {
      break;
    }
    char c = text[i];
    if (c == '\n') {
      comment = false;
      ++at.line;
      at.column = 0;
      continue;
    }
    if (comment) {
      // skip
    } else if (quote != 0) {
      if (quote == '"' && c == '\\') {
        ++i;
        ++at.column;
      } else if (c == quote) {
        if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
          ++i;  // '' is an escaped quote
          ++at.column;
        } else {
          quote = 0;
        }
      }
    } else if (c == '#' && TokenStart(text, i)) {
      comment = true;
    } else if ((c == '"' || c == '\'') && TokenStart(text, i)) {
      quote = c;
    } else if (c == '[' || c == '{') {
      open.push_back(at);
    } else if ((c == ']' || c == '}') && !open.empty()) {
      open.pop_back();
    }
    ++at.column;
  }
  if (open.empty()) return std::nullopt;
  return open.back();
}

PlacedYamlError PlaceYamlError(std::string_view text, TextPoint mark,
                               const std::string& msg) {
  if (msg.find("flow not found") != std::string::npos) {
    if (auto open = FlowOpenedBefore(text, mark)) {
      return {*open,
              "YAML: this flow collection is never closed (" + msg + ")"};
    }
  }
  return {mark, "YAML: " + msg};
}

}  // namespace verdict
