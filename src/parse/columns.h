// Columns in messages count characters (Unicode code points), as an editor
// shows them, not bytes: `'客户' && r.b` puts `b` at column 11, not 15.
// Positions are found in bytes while loading (yaml-cpp's marks, offsets in
// an expression's text, the loader's own checks); these turn a byte column
// into a character column where a position leaves the library: a pack's
// diagnostics (Pack::Load) and table findings (AnalyzeTables). An
// expression's own line:col (OffsetToLineCol) counts characters directly.
#ifndef VERDICT_SRC_PARSE_COLUMNS_H_
#define VERDICT_SRC_PARSE_COLUMNS_H_

#include <map>
#include <memory>
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

// The lines of a text, found once, for the columns of many positions in it.
// Holds `text` by view: it must outlive this.
class TextLines {
 public:
  explicit TextLines(std::string_view text);
  // Line `line` (1-based, without its LF or CRLF), or empty past the end.
  std::string_view Line(int line) const;
  // CharacterColumn() of `byte_column` on line `line`.
  int Column(int line, int byte_column) const {
    return CharacterColumn(Line(line), byte_column);
  }

 private:
  std::string_view text_;
  std::vector<size_t> starts_;  // byte offset of each line's start
};

// Each diagnostic's column in characters, in place, from the text of its
// file in `texts` (by Diagnostic::file, as Pack::file_texts holds them); each
// file's lines are found once. A diagnostic whose file is not there, or at
// column 1, keeps its column.
void ToCharacterColumns(
    const std::map<std::string, std::shared_ptr<const std::string>>& texts,
    std::vector<Diagnostic>* diags);

}  // namespace verdict::syntax

#endif  // VERDICT_SRC_PARSE_COLUMNS_H_
