// A YAML document as plain data with positions, for the parts of a pack that
// later stages read as data rather than as policy syntax (test cases, the
// calendar). yaml-cpp stays inside src/parse: no later stage sees a
// YAML::Node.
#ifndef VERDICT_SRC_PARSE_TREE_H_
#define VERDICT_SRC_PARSE_TREE_H_

#include <string>
#include <string_view>
#include <vector>

#include "src/parse/file_name.h"

namespace verdict::syntax {

struct Pos {
  FileName file;   // shared by the positions of one file
  int line = 0;    // 1-based
  int column = 0;  // 1-based, of the first character of the text itself
};

struct Tree {
  enum class Kind : uint8_t {
    kAbsent,  // the key was not written
    kNull,    // ~, null, or nothing after the colon
    kScalar,
    kList,
    kMap,
  };
  Kind kind = Kind::kAbsent;
  std::string text;     // kScalar (and kNull: the text as written)
  bool quoted = false;  // a scalar written in quotes: always a string
  Pos pos;
  std::vector<Tree> items;  // kList: the items; kMap: the values
  std::vector<Tree> keys;   // kMap: the keys, parallel to `items`

  bool present() const { return kind != Kind::kAbsent; }
  bool is_null() const { return kind == Kind::kNull; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_list() const { return kind == Kind::kList; }
  bool is_map() const { return kind == Kind::kMap; }

  // The value under `key` of a map; an absent Tree when there is none (or
  // when this is not a map). The reference lives as long as this Tree.
  const Tree& Get(std::string_view key) const;
};

}  // namespace verdict::syntax

#endif  // VERDICT_SRC_PARSE_TREE_H_
