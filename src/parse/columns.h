// Columns in messages count characters (Unicode code points), as an editor
// shows them, not bytes: `'客户' && r.b` puts `b` at column 12, not 16.
// Positions are found in bytes while loading (yaml-cpp's marks, offsets in
// an expression's text); these turn a byte column into a character column
// where a diagnostic or a finding leaves the library (Pack::Load,
// AnalyzeTables, EvaluateExpression's OffsetToLineCol).
#ifndef VERDICT_SRC_PARSE_COLUMNS_H_
#define VERDICT_SRC_PARSE_COLUMNS_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "verdict/engine.h"

namespace verdict::syntax {

// The 1-based character column of the 1-based `byte_column` in `line` (a
// line's text, without its newline): the UTF-8 code points that start before
// that byte, plus one. Bytes past the line's end count one each. A column
// below 1 is returned unchanged.
int CharacterColumn(std::string_view line, int byte_column);

// The text of 1-based line `line` of `text` (LF or CRLF ends), or empty
// past its end.
std::string_view LineOf(std::string_view text, int line);

// Character columns of positions in files read from disk. Each file is read
// once, when a position in it has a column past 1; a file that cannot be
// read keeps its byte columns. Not thread safe: one per load.
class CharacterColumns {
 public:
  int Of(const std::string& file, int line, int byte_column);
  // Every diagnostic's column, in place.
  void Convert(std::vector<Diagnostic>* diags);

 private:
  std::map<std::string, std::optional<std::string>> files_;
};

}  // namespace verdict::syntax

#endif  // VERDICT_SRC_PARSE_COLUMNS_H_
