// Registry and builtin signature parsing (see builtins.h).
#include "src/check/builtins.h"

#include <stdexcept>

#include "src/value/text.h"

namespace verdict {

namespace {

// Splits on top-level commas.
std::vector<std::string_view> SplitTop(std::string_view s) {
  std::vector<std::string_view> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')') --depth;
    if (s[i] == ',' && depth == 0) {
      out.push_back(TrimView(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  if (!TrimView(s.substr(start)).empty())
    out.push_back(TrimView(s.substr(start)));
  return out;
}

}  // namespace

types::Type ParseType(std::string_view text) {
  using types::Type;
  using types::TypeKind;
  text = TrimView(text);
  static const std::map<std::string_view, TypeKind> kSimple = {
      {"dyn", TypeKind::kDyn},
      {"null", TypeKind::kNull},
      {"bool", TypeKind::kBool},
      {"int", TypeKind::kInt},
      {"uint", TypeKind::kUint},
      {"double", TypeKind::kDouble},
      {"decimal", TypeKind::kDecimal},
      {"string", TypeKind::kString},
      {"bytes", TypeKind::kBytes},
      {"date", TypeKind::kDate},
      {"timestamp", TypeKind::kTimestamp},
      {"duration", TypeKind::kDuration},
      {"type", TypeKind::kType}};
  if (auto it = kSimple.find(text); it != kSimple.end())
    return Type::Of(it->second);
  if (text.starts_with("list(") && text.ends_with(")")) {
    return Type::List(ParseType(text.substr(5, text.size() - 6)));
  }
  if (text.starts_with("map(") && text.ends_with(")")) {
    auto parts = SplitTop(text.substr(4, text.size() - 5));
    if (parts.size() != 2) throw std::invalid_argument("bad map type");
    return Type::Map(ParseType(parts[0]), ParseType(parts[1]));
  }
  if (text.size() == 1 && text[0] >= 'A' && text[0] <= 'Z') {
    return Type::Param(std::string(text));
  }
  throw std::invalid_argument("bad type: " + std::string(text));
}

void Registry::Add(std::string name, BuiltinImpl impl,
                   std::initializer_list<std::string_view> signatures,
                   std::string doc) {
  Builtin& b = builtins_[name];
  b.name = name;
  b.impl = impl;
  if (!doc.empty()) b.doc = std::move(doc);
  for (std::string_view sig : signatures) {
    size_t arrow = sig.find("->");
    if (arrow == std::string_view::npos) throw std::invalid_argument("bad sig");
    Overload o;
    for (auto p : SplitTop(sig.substr(0, arrow)))
      o.params.push_back(ParseType(p));
    o.result = ParseType(sig.substr(arrow + 2));
    b.overloads.push_back(std::move(o));
  }
}

void Registry::AddRule(std::string name, BuiltinImpl impl, TypeRule rule,
                       std::string doc) {
  Builtin& b = builtins_[name];
  b.name = name;
  b.impl = impl;
  b.check = rule;
  b.doc = std::move(doc);
}

const Builtin* Registry::Find(std::string_view name) const {
  auto it = builtins_.find(name);
  return it == builtins_.end() ? nullptr : &it->second;
}

std::vector<std::string> Registry::Names() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : builtins_) out.push_back(k);
  return out;
}

}  // namespace verdict
