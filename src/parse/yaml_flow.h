// Locating the opening bracket of an unclosed YAML flow collection.
//
// yaml-cpp reports "end of sequence flow not found" where it gave up (often
// the next line, or the end of the file), which is not where the author made
// the mistake. FlowOpenedBefore() finds the '[' or '{' that is still open.
#ifndef VERDICT_SRC_PARSE_YAML_FLOW_H_
#define VERDICT_SRC_PARSE_YAML_FLOW_H_

#include <optional>
#include <string>
#include <string_view>

namespace verdict {

struct TextPoint {
  int line = 0;    // 0-based, as yaml-cpp's marks
  int column = 0;  // 0-based, in bytes
};

// The innermost '[' or '{' of `text` that is still open at `until` (or at
// the end of the text when `until` lies beyond it), skipping quoted scalars
// and comments; nullopt when every flow collection is closed there.
// A heuristic scanner, used only to place a diagnostic.
std::optional<TextPoint> FlowOpenedBefore(std::string_view text,
                                          TextPoint until);

// A yaml-cpp syntax error, placed for the author.
struct PlacedYamlError {
  TextPoint at;
  std::string message;  // "YAML: ..."
};

// yaml-cpp's syntax error `msg` at `mark`: "YAML: msg" at the mark, except an
// unclosed flow collection ("end of sequence flow not found"), which is
// reported where its '[' or '{' opened.
PlacedYamlError PlaceYamlError(std::string_view text, TextPoint mark,
                               const std::string& msg);

}  // namespace verdict

#endif  // VERDICT_SRC_PARSE_YAML_FLOW_H_
