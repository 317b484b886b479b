// Byte columns to character columns (columns.h).
#include "src/parse/columns.h"

#include <algorithm>
#include <optional>

#include "src/value/utf8.h"

namespace verdict::syntax {

int CharacterColumn(std::string_view line, int byte_column) {
  if (byte_column < 1) return byte_column;
  const size_t before = static_cast<size_t>(byte_column - 1);
  const size_t in_line = std::min(before, line.size());
  return 1 + static_cast<int>(before - in_line) +
         static_cast<int>(Utf8Length(line.substr(0, in_line)));
}

TextLines::TextLines(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (size_t nl = text.find('\n'); nl != std::string_view::npos;
       nl = text.find('\n', nl + 1))
    starts_.push_back(nl + 1);
}

std::string_view TextLines::Line(int line) const {
  if (line < 1 || static_cast<size_t>(line) > starts_.size()) return {};
  const size_t start = starts_[line - 1];
  size_t end = static_cast<size_t>(line) < starts_.size() ? starts_[line] - 1
                                                          : text_.size();
  if (end > start && text_[end - 1] == '\r') --end;
  return text_.substr(start, end - start);
}

void ToCharacterColumns(
    const std::map<std::string, std::shared_ptr<const std::string>>& texts,
    std::vector<Diagnostic>* diags) {
  std::map<std::string, std::optional<TextLines>> lines;  // found on demand
  for (Diagnostic& d : *diags) {
    if (d.line < 1 || d.column <= 1) continue;
    auto text = texts.find(d.file);
    if (text == texts.end() || !text->second) continue;
    auto [it, fresh] = lines.try_emplace(d.file);
    if (fresh) it->second.emplace(*text->second);
    d.column = it->second->Column(d.line, d.column);
  }
}

}  // namespace verdict::syntax
