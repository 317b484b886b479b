// Decisions: rules and tables. See loader.h.
#include <algorithm>
#include <memory>

#include "src/parse/loader.h"

namespace verdict::syntax {

Rule Loader::RuleOf(YNode n, size_t index) {
  Rule r;
  r.pos = At(n);
  if (!n.IsMap()) {
    Error(n, "a rule is a mapping with id, when and then");
    return r;
  }
  CheckKeys(n, {"id", "description", "when", "then"}, "a rule");
  r.id =
      n["id"] ? Str(n["id"], "a rule id") : "rule" + std::to_string(index + 1);
  if (n["description"]) r.description = Str(n["description"], "a description");
  r.when = Conditions(n["when"]);
  YNode then = n["then"];
  if (!then) {
    Error(n, "rule '" + r.id + "' has no 'then'");
  } else if (then.IsMap()) {
    r.then = NamedMap(then, "then");
  } else {
    r.then_value = std::make_shared<const Scalar>(ScalarOf(then));
  }
  return r;
}

Decision Loader::DecisionOf(YNode n, const std::string& default_id) {
  Decision d;
  d.pos = At(n);
  if (!n.IsMap()) {
    Error(n, "a decision is a mapping with hit and rules or table");
    return d;
  }
  CheckKeys(n,
            {"id", "description", "hit", "into", "rules", "table", "params",
             "returns"},
            "a decision");
  d.id = n["id"] ? Str(n["id"], "a decision id") : default_id;
  if (n["description"]) d.description = Str(n["description"], "a description");
  if (n["hit"]) {
    d.hit = ScalarOf(n["hit"]);
  } else {
    d.hit.text = "first";
    d.hit.pos = d.pos;
  }
  if (n["into"]) d.into = ScalarOf(n["into"]);
  if (n["rules"] && n["table"])
    Error(n, "a decision has either 'rules' or a 'table', not both");
  if (n["rules"]) {
    if (!n["rules"].IsSequence()) {
      Error(n["rules"], "'rules' is a list of rules");
    } else {
      size_t i = 0;
      for (const auto& r : n["rules"]) d.rules.push_back(RuleOf(r, i++));
    }
  } else if (n["table"]) {
    TableOf(n["table"], &d);
  } else {
    Error(n, "decision '" + d.id + "' needs 'rules' or a 'table'");
  }
  return d;
}

void Loader::TableOf(YNode t, Decision* d) {
  if (!t.IsMap()) {
    Error(t, "a table is a mapping with when, then and rows");
    return;
  }
  CheckKeys(t, {"when", "then", "rows"}, "a table");
  if (t["when"]) {
    if (!t["when"].IsSequence()) {
      Error(t["when"],
            "'when' of a table lists the tested expressions: [a, b]");
    } else {
      for (const auto& c : t["when"]) d->columns.push_back(ScalarOf(c));
    }
  }
  if (!t["then"] || !t["then"].IsSequence()) {
    Error(t, "a table needs 'then': the list of outputs its rows set");
    return;
  }
  for (const auto& c : t["then"]) d->outputs.push_back(ScalarOf(c));
  if (!t["rows"]) {
    Error(t, "a table needs 'rows'");
    return;
  }
  size_t width = d->columns.size() + d->outputs.size();
  YNode rows = t["rows"];
  // Over the budget: refused, and only the first rows are checked further.
  const size_t room = budget_.AllowTableRows(At(rows), rows.size())
                          ? rows.size()
                          : budget_.limits().max_table_rows;
  // The rows are kept (pack_syntax.h) while the pack lives: sized once
  // rather than by doubling, which left up to half of a big table's rules
  // vector unused.
  d->rules.reserve(std::min(room, rows.size()));
  auto row = [&](const std::string& id, const Pos& pos, YNode cells,
                 const std::string& description) {
    if (d->rules.size() >= room) return;
    Rule r;
    r.id = id;
    r.pos = pos;
    r.description = description;
    r.from_table = true;
    if (!cells.IsSequence()) {
      Error(cells, "a row is a list of " + std::to_string(width) + " cells");
      return;
    }
    if (cells.size() != width) {
      Error(cells, "row '" + id + "' has " + std::to_string(cells.size()) +
                       " cells; the table has " +
                       std::to_string(d->columns.size()) +
                       " tested columns and " +
                       std::to_string(d->outputs.size()) + " outputs");
      return;
    }
    r.cells.reserve(width);
    for (const auto& c : cells) r.cells.push_back(ScalarOf(c));
    d->rules.push_back(std::move(r));
  };
  if (rows.IsMap()) {
    EachEntry(rows, "rows", [&](const std::string& k, YNode key, YNode v) {
      row(k, At(key), v, "");
    });
  } else if (rows.IsSequence()) {
    size_t i = 0;
    for (const auto& r : rows) {
      ++i;
      if (r.IsMap()) {
        CheckKeys(r, {"id", "description", "row"}, "a table row");
        row(r["id"] ? Str(r["id"], "a row id") : "row" + std::to_string(i),
            At(r), r["row"],
            r["description"] ? Str(r["description"], "a description") : "");
      } else {
        row("row" + std::to_string(i), At(r), r, "");
      }
    }
  } else {
    Error(rows, "'rows' is a mapping of rule id to cells, or a list of rows");
  }
}

}  // namespace verdict::syntax
