// Reading one YAML file (size, UTF-8, then the one YAML pass). See loader.h.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>

#include "src/parse/loader.h"
#include "src/parse/yaml_prescan.h"
#include "src/value/utf8.h"

namespace verdict::syntax {

bool Loader::Read(const fs::path& path, std::string* content, YamlDoc* doc) {
  file_ = FileName(path.string());
  std::error_code ec;
  uintmax_t size = fs::file_size(path, ec);
  if (!budget_.AllowFile(file_, ec ? 0 : size)) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Error(Pos{file_, 0, 0},
          std::string("cannot read the file: ") + std::strerror(errno));
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  *content = ss.str();
  if (content->empty() ||
      content->find_first_not_of(" \t\r\n") == std::string::npos) {
    Error(Pos{file_, 1, 1}, "the file is empty");
    return false;
  }
  if (size_t bad = FirstInvalidUtf8(*content); bad != std::string::npos) {
    // A byte column, as every position while loading: Pack::Load counts it
    // in characters with the rest (src/parse/columns.h).
    const std::string_view before(content->data(), bad);
    const size_t nl = before.rfind('\n');
    const int line =
        1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
    const int col =
        static_cast<int>(nl == std::string_view::npos ? bad + 1 : bad - nl);
    Error(Pos{file_, line, col}, "invalid UTF-8 (policy files are UTF-8 text)");
    return false;
  }
  doc_ = doc;
  return PrescanYaml(file_, *content, budget_, diags_, doc);
}

}  // namespace verdict::syntax
