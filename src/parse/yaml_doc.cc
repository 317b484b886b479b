// See yaml_doc.h. Covered by tests/unit/yaml_doc_test.cc.
#include "src/parse/yaml_doc.h"

#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <iterator>
#include <tuple>
#include <utility>

namespace verdict::syntax {

using Type = YamlNodeData::Type;

const std::string& YNode::Scalar() const {
  static const std::string kEmpty;
  return IsScalar() ? n_->text : kEmpty;
}

YAML::Mark YNode::Mark() const {
  if (n_ == nullptr) return YAML::Mark::null_mark();
  YAML::Mark m;
  m.line = n_->line;
  m.column = n_->column;
  return m;
}

size_t YNode::size() const {
  if (IsSequence()) return n_->count;
  if (IsMap()) return n_->count / 2;
  return 0;
}

YNode YNode::operator[](std::string_view key) const {
  if (!IsMap()) return YNode();
  const YamlNodeData* items = n_->items.get();
  for (size_t i = 0; i + 1 < n_->count; i += 2) {
    if (items[i].type == Type::kScalar && items[i].text == key)
      return YNode(&items[i + 1]);
  }
  return YNode();
}

YNode::Iterator YNode::end() const {
  if (IsSequence()) return Iterator(n_, n_->count);
  if (IsMap()) return Iterator(n_, n_->count & ~size_t{1});
  return Iterator(n_, 0);
}

YEntry YNode::Iterator::operator*() const {
  YEntry e;
  if (n_->type == Type::kMap) {
    e.first = YNode(&n_->items[i_]);
    e.second = YNode(&n_->items[i_ + 1]);
  } else {
    static_cast<YNode&>(e) = YNode(&n_->items[i_]);
  }
  return e;
}

YNode::Iterator& YNode::Iterator::operator++() {
  i_ += n_->type == Type::kMap ? 2 : 1;
  return *this;
}

YamlDocBuilder::YamlDocBuilder(std::string_view source) : source_(source) {
  // yaml-cpp's marks do not count a UTF-8 byte order mark.
  if (source_.starts_with("\xEF\xBB\xBF")) source_.remove_prefix(3);
}

YamlNodeData YamlDocBuilder::Make(Type type, const YAML::Mark& m) {
  YamlNodeData n;
  n.type = type;
  n.line = m.line;
  n.column = m.column;
  return n;
}

void YamlDocBuilder::Place(YamlNodeData n) {
  if (open_.empty()) {
    root_ = std::make_unique<YamlNodeData>(std::move(n));
  } else {
    pending_.push_back(std::move(n));
  }
}

void YamlDocBuilder::Open(YamlNodeData n) {
  open_.push_back({std::move(n), pending_.size()});
}

void YamlDocBuilder::Close() {
  OpenCollection c = std::move(open_.back());
  open_.pop_back();
  const auto first = pending_.begin() + static_cast<ptrdiff_t>(c.first);
  const size_t n = static_cast<size_t>(pending_.end() - first);
  c.node.count = static_cast<uint32_t>(n);
  if (n > 0) {
    c.node.items = std::make_unique<YamlNodeData[]>(n);
    std::move(first, pending_.end(), c.node.items.get());
  }
  pending_.erase(first, pending_.end());
  if (c.node.type == Type::kMap) NoteDuplicateKeys(c.node);
  Place(std::move(c.node));
}

void YamlDocBuilder::NoteDuplicateKeys(const YamlNodeData& map) {
  std::vector<const YamlNodeData*> keys;
  keys.reserve(map.count / 2);
  for (size_t i = 0; i + 1 < map.count; i += 2) {
    if (map.items[i].type == Type::kScalar) keys.push_back(&map.items[i]);
  }
  // Stable: of keys with the same text, the first in the file comes first.
  std::stable_sort(keys.begin(), keys.end(),
                   [](auto* a, auto* b) { return a->text < b->text; });
  const size_t before = duplicates_.size();
  for (size_t k = 1, first = 0; k < keys.size(); ++k) {
    if (keys[k]->text != keys[first]->text) {
      first = k;
      continue;
    }
    duplicates_.push_back({keys[k]->text, keys[k]->line, keys[k]->column,
                           keys[k]->quoted, keys[first]->line});
  }
  // In file order within the mapping.
  std::sort(duplicates_.begin() + static_cast<ptrdiff_t>(before),
            duplicates_.end(), [](const auto& a, const auto& b) {
              return std::tie(a.line, a.column) < std::tie(b.line, b.column);
            });
}

void YamlDocBuilder::OnNull(const YAML::Mark& m, YAML::anchor_t) {
  Place(Make(Type::kNull, m));
}

void YamlDocBuilder::OnAlias(const YAML::Mark& m, YAML::anchor_t) {
  Place(Make(Type::kNull, m));
  saw_alias_ = true;
}

void YamlDocBuilder::OnScalar(const YAML::Mark& m, const std::string& tag,
                              YAML::anchor_t, const std::string& value) {
  YamlNodeData n = Make(Type::kScalar, m);
  if (!source_.empty() && m.pos >= 0) {
    std::optional<ScalarMap> map =
        MapScalar(source_, static_cast<size_t>(m.pos), m.line, m.column, value);
    if (map) {
      maps_.push_back({m.line, m.column,
                       std::make_shared<const ScalarMap>(std::move(*map))});
    }
  }
  n.text = value;
  n.quoted = tag == "!";
  Place(std::move(n));
}

void YamlDocBuilder::OnSequenceStart(const YAML::Mark& m, const std::string&,
                                     YAML::anchor_t,
                                     YAML::EmitterStyle::value) {
  Open(Make(Type::kSequence, m));
}

void YamlDocBuilder::OnMapStart(const YAML::Mark& m, const std::string&,
                                YAML::anchor_t, YAML::EmitterStyle::value) {
  Open(Make(Type::kMap, m));
}

std::optional<YamlDoc> YamlDoc::Parse(std::string_view text,
                                      std::string* error) {
  YamlDocBuilder builder(text);
  try {
    TextStream in(text);
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);
  } catch (const YAML::Exception& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
  if (builder.saw_alias()) {
    if (error) *error = "YAML aliases are not supported";
    return std::nullopt;
  }
  return YamlDoc(builder.Take(), builder.TakeMaps());
}

std::vector<MappedScalar> YamlDocBuilder::TakeMaps() {
  // Events come in file order, so this is sorted already; made sure of here
  // because MapOf's search depends on it.
  std::stable_sort(
      maps_.begin(), maps_.end(), [](const auto& a, const auto& b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
      });
  return std::move(maps_);
}

std::shared_ptr<const ScalarMap> YamlDoc::MapOf(YNode n) const {
  if (!n.IsScalar() || maps_.empty()) return nullptr;
  const YAML::Mark m = n.Mark();
  auto it = std::lower_bound(
      maps_.begin(), maps_.end(), std::pair(m.line, m.column),
      [](const MappedScalar& s, const std::pair<int, int>& at) {
        return std::pair(s.line, s.column) < at;
      });
  if (it == maps_.end() || it->line != m.line || it->column != m.column)
    return nullptr;
  return it->map;
}

}  // namespace verdict::syntax
