#include "src/parse/tree.h"

namespace verdict::syntax {

const Tree& Tree::Get(std::string_view key) const {
  static const Tree kAbsentTree;
  if (kind != Kind::kMap) return kAbsentTree;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].text == key) return items[i];
  }
  return kAbsentTree;
}

}  // namespace verdict::syntax
