// Columns in messages count characters (Unicode code points), as an editor
// shows them, not bytes: `'客户' && r.b` puts `b` at column 11, not 15.
// Positions are found in bytes while loading (yaml-cpp's marks, offsets in
// an expression's text); these turn a byte column into a character column
// where a diagnostic or a finding leaves the library (Pack::Load,
// AnalyzeTables, EvaluateExpression's OffsetToLineCol).
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

// The text of 1-based line `line` of `text` (LF or CRLF ends), or empty
// past its end.
std::string_view LineOf(std::string_view text, int line);

// Each diagnostic's column in characters, in place, from the text of its
// file in `texts` (by Diagnostic::file, as Pack::file_texts holds them). A
// diagnostic whose file is not there keeps its column.
void ToCharacterColumns(
    const std::map<std::string, std::shared_ptr<const std::string>>& texts,
    std::vector<Diagnostic>* diags);

}  // namespace verdict::syntax

#endif  // VERDICT_SRC_PARSE_COLUMNS_H_
