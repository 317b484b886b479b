// Scalars, names, keys and fields of a pack file. See loader.h.
#include <algorithm>

#include "src/parse/loader.h"

namespace verdict::syntax {

Scalar Loader::ScalarOf(YNode n) {
  Scalar s;
  s.pos = At(n);
  if (!n || n.IsNull()) {
    s.is_null = true;
    return s;
  }
  if (n.IsSequence()) {
    s.is_list = true;
    for (const auto& item : n) s.items.push_back(ScalarOf(item));
    return s;
  }
  if (!n.IsScalar()) {
    Error(n, "expected a value here, found a mapping");
    s.is_null = true;
    return s;
  }
  s.text = n.Scalar();
  s.quoted = n.Quoted();
  if (doc_) s.items.set_map(doc_->MapOf(n));
  return s;
}

std::string Loader::Str(YNode n, const char* what) {
  if (!n.IsScalar()) {
    Error(n, std::string("expected ") + what);
    return "";
  }
  return n.Scalar();
}

void Loader::CheckKeys(YNode map, std::initializer_list<const char*> allowed,
                       const char* what) {
  if (!map.IsMap()) return;
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) continue;
    std::string k = kv.first.Scalar();
    if (std::none_of(allowed.begin(), allowed.end(),
                     [&](const char* a) { return k == a; })) {
      std::string list;
      for (const char* a : allowed)
        list += (list.empty() ? "" : ", ") + std::string(a);
      Error(kv.first, "unknown key '" + k + "' in " + what +
                          " (expected one of: " + list + ")");
    }
  }
}

std::vector<Named> Loader::NamedMap(YNode n, const char* what) {
  std::vector<Named> out;
  if (!n) return out;
  EachEntry(n, what, [&](const std::string& k, YNode key, YNode v) {
    out.push_back({k, At(key), ScalarOf(v)});
  });
  return out;
}

Field Loader::FieldOf(const std::string& name, YNode key, YNode v) {
  Field f;
  f.name = name;
  f.pos = At(key);
  // Note: assigning to a YNode writes through to the node it refers
  // to, so the type node is chosen once here.
  const YNode type_node = v.IsMap() ? v["type"] : v;
  std::optional<Pos> required_at;  // `required: true`, when written
  if (v.IsMap()) {
    CheckKeys(
        v, {"type", "default", "check", "pattern", "description", "required"},
        "a field");
    if (!type_node) {
      Error(v, "field '" + name + "' needs a 'type'");
      return f;
    }
    if (v["default"]) f.default_value = ScalarOf(v["default"]);
    if (v["check"]) f.check = ScalarOf(v["check"]);
    if (v["pattern"]) f.pattern = ScalarOf(v["pattern"]);
    if (v["description"])
      f.description = Str(v["description"], "a description");
    if (v["required"]) {
      // Only YAML's booleans: `yes`, `True` or `~` once made a required
      // field optional without a word.
      const Scalar r = ScalarOf(v["required"]);
      if (r.is_list || r.is_null || r.quoted ||
          (r.text != "true" && r.text != "false")) {
        Error(v["required"],
              "'required' is true or false (unquoted), not " +
                  (r.is_list ? std::string("a list")
                   : r.is_null
                       ? std::string("null")
                       : "'" + r.text + "'" + (r.quoted ? " in quotes" : "")) +
                  " (write required: false to make the field optional)");
      } else {
        f.required = r.text == "true";
        if (f.required) required_at = At(v["required"]);
      }
    }
  }
  f.type = ScalarOf(type_node);
  std::string& t = f.type.text;
  // Compact forms: "money?" (optional), "bool = false" (optional, default).
  size_t eq = t.find('=');
  if (eq != std::string::npos) {
    Scalar d;
    d.text = t.substr(eq + 1);
    d.text.erase(0, d.text.find_first_not_of(' '));
    d.pos = f.type.pos;
    d.pos.column +=
        static_cast<int>(eq + 1 + (t.size() - eq - 1 - d.text.size()));
    f.default_value = d;
    t = t.substr(0, eq);
    while (!t.empty() && t.back() == ' ') t.pop_back();
  }
  if (!t.empty() && t.back() == '?') {
    f.required = false;
    t.pop_back();
  }
  if (f.default_value) f.required = false;
  // `required: true` beside what makes the field optional ('?' or a
  // default) says two things; which one the author meant is not ours to
  // guess.
  if (required_at && !f.required) {
    Error(*required_at, "field '" + name + "' says 'required: true', but " +
                            (f.default_value ? "it has a default"
                                             : "its type '" + f.type.text +
                                                   "?' is optional") +
                            ": remove one of the two");
  }
  return f;
}

std::vector<Scalar> Loader::Conditions(YNode n) {
  std::vector<Scalar> out;
  if (!n) return out;
  if (n.IsSequence()) {
    for (const auto& c : n) out.push_back(ScalarOf(c));
  } else {
    out.push_back(ScalarOf(n));
  }
  return out;
}

}  // namespace verdict::syntax
