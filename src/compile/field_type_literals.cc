// FieldType::FromText and FromTree: a policy's literal text (defaults,
// table cells) and a test record's YAML read as values of a field type.
// See field_type.h.
#include <charconv>
#include <cmath>

#include "src/compile/field_type.h"
#include "src/value/text.h"
#include "src/value/ticks.h"

namespace verdict {

namespace {

// The items of a flow list written inline ("[]", "[a, 'b, c', 3]"), each
// with whether it was quoted; nullopt when `text` is not one (or nests).
std::optional<std::vector<std::pair<std::string, bool>>> FlowItems(
    std::string_view text) {
  text = TrimView(text);
  if (text.size() < 2 || text.front() != '[' || text.back() != ']')
    return std::nullopt;
  std::string_view inner = TrimView(text.substr(1, text.size() - 2));
  std::vector<std::pair<std::string, bool>> items;
  if (inner.empty()) return items;
  size_t at = 0;
  while (true) {
    std::string_view rest = TrimView(inner.substr(at));
    std::string item;
    bool quoted = false;
    size_t used;  // characters of `rest` the item took
    if (!rest.empty() && (rest[0] == '"' || rest[0] == '\'')) {
      const size_t close = rest.find(rest[0], 1);
      if (close == std::string_view::npos) return std::nullopt;
      item = std::string(rest.substr(1, close - 1));
      quoted = true;
      used = close + 1;
    } else {
      used = rest.find(',');
      if (used == std::string_view::npos) used = rest.size();
      item = std::string(TrimView(rest.substr(0, used)));
      if (item.empty() || item.find_first_of("[]{}") != std::string::npos)
        return std::nullopt;
    }
    items.emplace_back(std::move(item), quoted);
    std::string_view after = TrimView(rest.substr(used));
    if (after.empty()) return items;
    if (after[0] != ',') return std::nullopt;
    at = inner.size() - after.size() + 1;
  }
}

}  // namespace

bool FieldType::FromText(const std::string& text, bool quoted, const Zone& zone,
                         Value* out, std::string* why) const {
  Value v;
  if (base == Base::kList && !quoted) {
    // A list written inline, as in `codes: list(string) = [a, b]`.
    if (auto items = FlowItems(text)) {
      List values;
      for (const auto& [item, item_quoted] : *items) {
        Value x;
        if (elem ? !elem->FromText(item, item_quoted, zone, &x, why)
                 : !(x = InferLiteral(item, item_quoted), true)) {
          *why = "item " + std::to_string(values.size()) + ": " + *why;
          return false;
        }
        values.push_back(std::move(x));
      }
      *out = Value::ListOf(std::move(values));
      return true;
    }
    if (TrimView(text).starts_with("[")) {
      *why = "'" + text + "' is not a list of values written [a, b, c]";
      return false;
    }
  }
  switch (base) {
    case Base::kString:
    case Base::kEnum:
      // YAML reads an unquoted 123, true or null as a number, boolean or
      // null, as JSON would: a string must then be quoted.
      if (!quoted && InferLiteral(text, false).kind() != Kind::kString) {
        *why =
            "'" + text + "' is not a string here (quote it: \"" + text + "\")";
        return false;
      }
      v = Value::String(text);
      break;
    case Base::kDate:
    case Base::kDatetime:
      v = Value::String(text);
      break;
    case Base::kMoney:
    case Base::kDouble: {
      auto d = Decimal::Parse(text);
      if (!d || quoted) {
        *why = "'" + text + "' is not a number";
        return false;
      }
      v = Value::Dec(*d);
      break;
    }
    default:
      v = InferLiteral(text, quoted);
  }
  std::string code;
  if (!Accept(v, zone, &code, why)) return false;
  *out = std::move(v);
  return true;
}

bool FieldType::FromTree(const syntax::Tree& node, const Zone& zone, Value* out,
                         std::string* why) const {
  if (!node.present() || node.is_null()) {
    *out = Value::Null();
    return true;
  }
  if (node.is_list()) {
    List items;
    for (const auto& item : node.items) {
      Value v;
      const FieldType* et = elem.get();
      FieldType dyn;
      if (!et) et = &dyn;
      if (!et->FromTree(item, zone, &v, why)) return false;
      items.push_back(std::move(v));
    }
    Value v = Value::ListOf(std::move(items));
    std::string code;
    if (!Accept(v, zone, &code, why)) return false;
    *out = std::move(v);
    return true;
  }
  if (node.is_map()) {
    MapEntries entries;
    FieldType dyn;
    for (size_t i = 0; i < node.items.size(); ++i) {
      Value v;
      if (!dyn.FromTree(node.items[i], zone, &v, why)) return false;
      entries.emplace_back(Value::String(node.keys[i].text), std::move(v));
    }
    Value v = Value::MapOf(std::move(entries));
    std::string code;
    if (!Accept(v, zone, &code, why)) return false;
    *out = std::move(v);
    return true;
  }
  return FromText(node.text, node.quoted, zone, out, why);
}

}  // namespace verdict
