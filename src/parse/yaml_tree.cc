#include "src/parse/yaml_tree.h"

namespace verdict::syntax {

Pos PosOf(YNode n, const FileName& file) {
  YAML::Mark m = n.Mark();
  return {file, m.line + 1,
          m.column + 1 + (n.IsScalar() && n.Quoted() ? 1 : 0)};
}

Tree TreeOf(YNode n, const FileName& file) {
  Tree t;
  if (!n) return t;
  t.pos = PosOf(n, file);
  if (n.IsNull()) {
    t.kind = Tree::Kind::kNull;
    t.text = n.Scalar();
  } else if (n.IsSequence()) {
    t.kind = Tree::Kind::kList;
    for (const auto& item : n) t.items.push_back(TreeOf(item, file));
  } else if (n.IsMap()) {
    t.kind = Tree::Kind::kMap;
    for (const auto& kv : n) {
      t.keys.push_back(TreeOf(kv.first, file));
      t.items.push_back(TreeOf(kv.second, file));
    }
  } else {
    t.kind = Tree::Kind::kScalar;
    t.text = n.Scalar();
    t.quoted = n.Quoted();
  }
  return t;
}

}  // namespace verdict::syntax
