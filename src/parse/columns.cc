// Byte columns to character columns (columns.h).
#include "src/parse/columns.h"

#include <algorithm>

namespace verdict::syntax {

int CharacterColumn(std::string_view line, int byte_column) {
  if (byte_column < 1) return byte_column;
  const size_t before = static_cast<size_t>(byte_column - 1);
  const size_t in_line = std::min(before, line.size());
  int column = 1 + static_cast<int>(before - in_line);
  for (size_t i = 0; i < in_line; ++i) {
    // A continuation byte (10xxxxxx) is inside the character before it.
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

std::string_view LineOf(std::string_view text, int line) {
  size_t start = 0;
  for (int l = 1; l < line; ++l) {
    const size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  if (line < 1 || start > text.size()) return {};
  size_t end = text.find('\n', start);
  if (end == std::string_view::npos) end = text.size();
  if (end > start && text[end - 1] == '\r') --end;
  return text.substr(start, end - start);
}

void ToCharacterColumns(
    const std::map<std::string, std::shared_ptr<const std::string>>& texts,
    std::vector<Diagnostic>* diags) {
  for (Diagnostic& d : *diags) {
    if (d.line < 1 || d.column <= 1) continue;
    auto it = texts.find(d.file);
    if (it == texts.end() || !it->second) continue;
    d.column = CharacterColumn(LineOf(*it->second, d.line), d.column);
  }
}

}  // namespace verdict::syntax
