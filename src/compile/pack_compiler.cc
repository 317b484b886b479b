// Compiles a pack's syntax tree (pack_syntax.h) into the immutable
// PackImpl: resolves names and types against the declared records, checks
// every expression and table cell, and lowers them to Nodes. Every problem
// is reported with its file, line and column; compilation goes on after an
// error so that one run reports them all.
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <set>

#include "src/check/expr_compiler.h"
#include "src/compile/policy.h"
#include "src/parse/ast.h"
#include "src/parse/load_budget.h"

namespace verdict {
namespace {

using types::T;
using types::Type;

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::optional<int> ParseZone(const std::string& z) {
  if (z == "UTC" || z == "Z") return 0;
  if (z.size() == 6 && (z[0] == '+' || z[0] == '-') && z[3] == ':') {
    int h = std::atoi(z.substr(1, 2).c_str()),
        m = std::atoi(z.substr(4, 2).c_str());
    if (h < 15 && m < 60) return (z[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
  }
  return std::nullopt;
}

// A YAML integer scalar's value; 0 when it is not one.
int IntOr0(const syntax::Tree& t) {
  int v = 0;
  const char* end = t.text.data() + t.text.size();
  auto [p, ec] = std::from_chars(t.text.data(), end, v);
  return t.is_scalar() && ec == std::errc() && p == end ? v : 0;
}

BuiltinImpl Fn(const char* name) {
  return Registry::Standard().Find(name)->impl;
}

// Marks the slots `n` reads.
void MarkReads(const Node& n, std::vector<bool>& read) {
  if ((n.op == Op::kSlot || n.op == Op::kSlotHas) && n.slot >= 0 &&
      static_cast<size_t>(n.slot) < read.size()) {
    read[n.slot] = true;
  }
  for (const Node& k : n.kids) MarkReads(k, read);
}

// Recognises the conditions that have a fast form (decision-table cells).
void AddFastConditions(CompiledDecision& d) {
  for (CompiledRule& r : d.rules) {
    r.fast.clear();
    for (const Node& c : r.conditions) r.fast.push_back(FastCondition::From(c));
  }
}

// The policy as a DirectTable (see policy.h), or nullopt when it has any
// other shape. Call after AddFastConditions().
std::optional<DirectTable> DirectTableOf(const CompiledPolicy& p) {
  if (p.decisions.size() != 1 || !p.lets.empty() || !p.uses.empty() ||
      !p.batch.empty() || p.needs_whole_record) {
    return std::nullopt;
  }
  const CompiledDecision& d = p.decisions[0];
  if (d.hit != HitPolicy::kFirst) return std::nullopt;
  for (const auto& [slot, node] : d.columns) {
    if (node.op != Op::kSlot || node.slot != slot) return std::nullopt;
  }
  const int fields = static_cast<int>(p.fields.size());
  auto output_of = [&](int slot) {
    for (size_t k = 0; k < p.outputs.size(); ++k) {
      if (p.outputs[k].second == slot) return static_cast<int>(k);
    }
    return -1;
  };
  DirectTable t;
  t.decision = &d;
  for (int target : d.targets) {
    if (output_of(target) < 0) return std::nullopt;  // not an output
  }
  for (const CompiledRule& r : d.rules) {
    DirectTable::Row row;
    if (r.fast.size() != r.conditions.size()) return std::nullopt;
    for (const auto& fc : r.fast) {
      if (!fc || !fc->ReadsSlotsBelow(fields)) return std::nullopt;
      row.conditions.push_back(&*fc);
    }
    row.outputs.assign(p.outputs.size(), nullptr);
    for (const auto& [slot, node] : r.sets) {
      int k = output_of(slot);
      if (k < 0 || node.op != Op::kConst) return std::nullopt;
      row.outputs[k] = &node.constant;
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

// Which record fields anything in the policy reads: expressions (lets,
// decision columns, conditions, outputs, batch aggregates), used policies and
// the record as a whole. Field checks read their own value slot, not this.
std::vector<bool> FieldsRead(const CompiledPolicy& p) {
  std::vector<bool> read(p.fields.size(), p.needs_whole_record);
  for (const UsedPolicy& u : p.uses) {
    for (int slot : u.field_map) {
      if (slot >= 0 && static_cast<size_t>(slot) < read.size())
        read[slot] = true;
    }
  }
  for (const BatchAggregate& a : p.batch) MarkReads(a.arg, read);
  for (const auto& let : p.lets) MarkReads(let.second, read);
  for (const CompiledDecision& d : p.decisions) {
    for (const auto& column : d.columns) MarkReads(column.second, read);
    for (const CompiledRule& r : d.rules) {
      for (const Node& c : r.conditions) MarkReads(c, read);
      for (const auto& set : r.sets) MarkReads(set.second, read);
      if (r.has_value) MarkReads(r.value, read);
    }
  }
  return read;
}

class PackCompiler {
 public:
  PackCompiler(std::vector<Diagnostic>* diags) : diags_(diags) {}

  void Error(const syntax::Pos& p, std::string msg) {
    failed_ = true;
    diags_->push_back({p.file, p.line, p.column, Diagnostic::Severity::kError,
                       std::move(msg)});
  }
  void Warn(const syntax::Pos& p, std::string msg) {
    diags_->push_back({p.file, p.line, p.column, Diagnostic::Severity::kWarning,
                       std::move(msg)});
  }

  std::unique_ptr<PackImpl> Run(syntax::Pack s, const Limits& limits) {
    auto pack = std::make_unique<PackImpl>();
    pack_ = pack.get();
    pack->limits = limits;
    budget_ = std::move(s.budget);  // syntax::Pack::budget: load time only
    has_calendar_ = s.calendar.has_value();
    pack->path = s.path;
    pack->name = s.name;
    pack->version = s.version.empty() ? "0" : s.version;
    if (auto z = ParseZone(s.zone)) {
      pack->zone_offset_seconds = *z;
    } else {
      Error(s.zone_pos,
            "zone '" + s.zone + "' is not an offset such as +08:00");
    }
    pack->content_hash = s.content_hash;
    if (s.calendar) {
      CompileCalendar(*s.calendar);
    } else {
      pack->calendar = Calendar::Default();
    }
    // Policies in dependency order of `uses`.
    std::map<std::string, const syntax::Policy*> by_name;
    for (const auto& p : s.policies) {
      if (by_name.count(p.name)) {
        Error(p.pos, "policy '" + p.name + "' is defined twice (also in " +
                         by_name[p.name]->file + ")");
        continue;
      }
      by_name[p.name] = &p;
    }
    // Functions first: any policy may call them.
    for (const auto& p : s.policies) {
      for (const auto& f : p.functions) CompileFunction(p, f);
    }
    std::set<std::string> done, visiting;
    std::function<void(const syntax::Policy&)> visit =
        [&](const syntax::Policy& p) {
          if (done.count(p.name)) return;
          if (visiting.count(p.name)) {
            Error(p.pos, "policy '" + p.name + "' uses itself through 'uses'");
            return;
          }
          visiting.insert(p.name);
          for (const auto& u : p.uses) {
            auto it = by_name.find(u.name);
            if (it == by_name.end()) {
              std::vector<std::string> names;
              for (const auto& [k, v] : by_name) names.push_back(k);
              std::string hint = NearestName(u.name, names);
              Error(
                  u.pos,
                  "unknown policy '" + u.name + "' in uses" +
                      (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
            } else {
              visit(*it->second);
            }
          }
          visiting.erase(p.name);
          done.insert(p.name);
          CompilePolicy(p);
        };
    for (const auto& p : s.policies) visit(p);
    pack->syntax = std::move(s);
    if (failed_) return nullptr;
    return pack;
  }

 private:
  void CompileCalendar(const syntax::Calendar& c) {
    Calendar& cal = pack_->calendar;
    const syntax::Tree& root = c.root;
    if (!root.is_map()) {
      Error(root.pos,
            "a calendar is a mapping with weekend, holidays and workdays");
      return;
    }
    cal.name =
        root.Get("calendar").present() ? root.Get("calendar").text : "calendar";
    static const char* kDays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                  "friday", "saturday", "sunday"};
    if (root.Get("weekend").present()) {
      for (const auto& d : root.Get("weekend").items) {
        std::string name = d.text;
        std::transform(name.begin(), name.end(), name.begin(), ::tolower);
        auto it = std::find(std::begin(kDays), std::end(kDays), name);
        if (it == std::end(kDays)) {
          Error(d.pos, "'" + d.text + "' is not a day of the week");
        } else {
          cal.weekend[it - std::begin(kDays)] = true;
        }
      }
    } else {
      cal.weekend[5] = cal.weekend[6] = true;
    }
    auto dates = [&](const char* key, std::set<int32_t>* out) {
      const syntax::Tree& n = root.Get(key);
      if (!n.present()) return;
      if (!n.is_list()) {
        Error(n.pos, std::string("'") + key + "' is a list of dates");
        return;
      }
      for (const auto& d : n.items) {
        auto date = d.is_scalar() ? Date::Parse(d.text) : std::nullopt;
        if (!date) {
          Error(d.pos, "'" + (d.is_scalar() ? d.text : std::string("?")) +
                           "' is not a date (YYYY-MM-DD)");
        } else {
          out->insert(date->days);
        }
      }
    };
    dates("holidays", &cal.holidays);
    dates("workdays", &cal.workdays);
    if (const syntax::Tree& years = root.Get("years");
        years.is_list() && years.items.size() == 2) {
      cal.first_year = IntOr0(years.items[0]);
      cal.last_year = IntOr0(years.items[1]);
    } else {
      int lo = 9999, hi = 0;
      for (auto* set : {&cal.holidays, &cal.workdays}) {
        for (int32_t d : *set) {
          int y, m, dd;
          Date{d}.ToYmd(&y, &m, &dd);
          lo = std::min(lo, y);
          hi = std::max(hi, y);
        }
      }
      if (hi > 0) {
        cal.first_year = lo;
        cal.last_year = hi;
      }
    }
    for (const auto& key : root.keys) {
      const std::string& k = key.text;
      if (k != "calendar" && k != "weekend" && k != "holidays" &&
          k != "workdays" && k != "years" && k != "source" &&
          k != "description") {
        Warn(key.pos, "unknown key '" + k +
                          "' in the calendar (expected calendar, years, "
                          "weekend, holidays, workdays)");
      }
    }
  }

  // ---- expressions -------------------------------------------------------

  // Compiles expression text found in `s` (starting `skip` bytes into it).
  bool Expr(const syntax::Scalar& s, const std::string& text, int skip,
            const CompileEnv& env, CompiledExpr* out) {
    if (budget_ && !budget_->AllowExpression(s.pos, text.size()))
      return failed_ = true, false;
    ast::ParseOptions opt;
    opt.max_depth = pack_->limits.max_depth;
    opt.max_length = pack_->limits.max_expression_length;
    ast::ParseError perr;
    auto report = [&](int offset, const std::string& msg) {
      int line, col;
      ast::OffsetToLineCol(text, offset, &line, &col);
      syntax::Pos p = s.pos;
      if (line == 1) {
        p.column += skip + col - 1;
      } else {
        p.line += line - 1;
        p.column = col;
      }
      Error(p, msg);
    };
    ast::ExprPtr e = ast::ParseExpression(text, opt, &perr);
    if (!e) {
      report(perr.offset, "syntax error: " + perr.message);
      return false;
    }
    std::vector<ExprDiagnostic> diags;
    if (!CompileExpression(*e, env, out, &diags)) {
      for (const auto& d : diags) report(d.offset, d.message);
      return false;
    }
    return true;
  }

  bool Condition(const syntax::Scalar& s, const CompileEnv& env, Node* out,
                 std::vector<std::string>* reads) {
    if (s.is_null || s.is_list || Trim(s.text).empty()) {
      Error(s.pos, "a condition is an expression, e.g. customer.arpu >= 60");
      return false;
    }
    CompiledExpr ce;
    if (!Expr(s, s.text, 0, env, &ce)) return false;
    if (!ce.type.is_dyn() && ce.type.k != T::kBool) {
      Error(s.pos, "a condition must be bool, but this is " + ce.type.Name());
      return false;
    }
    *out = std::move(ce.node);
    for (auto& r : ce.reads) reads->push_back(r);
    return true;
  }

  static Node Const(Value v) {
    Node n;
    n.op = Op::kConst;
    n.constant = std::move(v);
    return n;
  }

  // A `then` value: "=expr" is an expression, anything else a literal of
  // the target's type (or inferred when the target is untyped).
  bool ThenValue(const syntax::Scalar& s, const FieldType* type, bool nullable,
                 const CompileEnv& env, Node* out,
                 std::vector<std::string>* reads) {
    // "=expr" is an expression whether or not YAML needed quotes around it.
    if (!s.is_list && !s.is_null && Trim(s.text).starts_with("=")) {
      std::string t = s.text;
      size_t eq = t.find('=');
      CompiledExpr ce;
      if (!Expr(s, t.substr(eq + 1), static_cast<int>(eq + 1), env, &ce))
        return false;
      if (type) {
        std::map<std::string, Type> b;
        Type want = type->CheckType();
        bool numeric = (want.k == T::kDecimal || want.k == T::kDouble) &&
                       (ce.type.k == T::kInt || ce.type.k == T::kDecimal);
        if (!numeric && ce.type.k != T::kNull &&
            !types::Assignable(want, ce.type, &b)) {
          Error(s.pos, "this expression is " + ce.type.Name() +
                           ", but the output is " + type->text);
          return false;
        }
      }
      for (auto& r : ce.reads) reads->push_back(r);
      *out = std::move(ce.node);
      return true;
    }
    if (s.is_null ||
        (!s.quoted && !s.is_list && (s.text == "null" || s.text == "~"))) {
      if (type && !nullable) {
        Error(s.pos, "null is not allowed here: the output's type '" +
                         type->text + "' is not optional (write '" +
                         type->text + "?')");
        return false;
      }
      *out = Const(Value::Null());
      return true;
    }
    Value v;
    std::string why;
    if (s.is_list) {
      List items;
      for (const auto& item : s.items) {
        Value iv;
        if (type && type->elem) {
          if (!type->elem->FromText(item.text, item.quoted,
                                    pack_->zone_offset_seconds, &iv, &why)) {
            Error(item.pos, why);
            return false;
          }
        } else {
          iv = InferLiteral(item.text, item.quoted);
        }
        items.push_back(std::move(iv));
      }
      v = Value::ListOf(std::move(items));
      if (type && type->base != FieldType::Base::kList &&
          type->base != FieldType::Base::kDyn) {
        Error(s.pos, "a list is not a " + type->text);
        return false;
      }
    } else if (type) {
      if (!type->FromText(s.text, s.quoted, pack_->zone_offset_seconds, &v,
                          &why)) {
        Error(s.pos, why + " (for an output of type " + type->text + ")");
        return false;
      }
    } else {
      v = InferLiteral(s.text, s.quoted);
    }
    *out = Const(std::move(v));
    return true;
  }

  // ---- decisions ---------------------------------------------------------

  struct Target {
    int slot;
    const FieldType* type;
    bool nullable;
  };

  // Reads for traces: names to slots.
  std::vector<TraceRead> Reads(const std::vector<std::string>& names,
                               const CompileEnv& env) {
    std::vector<TraceRead> out;
    std::set<std::string> seen;
    for (const auto& n : names) {
      if (!seen.insert(n).second) continue;
      size_t dot = n.find('.');
      if (const auto* v = env.FindVar(n)) {
        out.push_back({n, v->slot});
      } else if (dot != std::string::npos) {
        if (const auto* r = env.FindRecord(n.substr(0, dot))) {
          for (size_t i = 0; i < r->type->fields.size(); ++i) {
            if (r->type->fields[i].first == n.substr(dot + 1)) {
              out.push_back({n, r->field_slots[i]});
            }
          }
        }
      }
    }
    return out;
  }

  // Builds a cell test against the column in `slot` (tables).
  bool CellTest(const syntax::Scalar& cell, int slot, const Type& col_type,
                const FieldType* col_field, const CompileEnv& env, Node* out,
                bool* any, std::vector<std::string>* reads) {
    *any = false;
    Node col;
    col.op = Op::kSlot;
    col.slot = slot;
    auto literal = [&](const std::string& text, bool quoted,
                       const syntax::Pos& pos, Node* lit) -> bool {
      std::string t = Trim(text);
      if (!quoted && t.size() >= 2 && (t.front() == '\'' || t.front() == '"') &&
          t.back() == t.front()) {
        t = t.substr(1, t.size() - 2);
        quoted = true;
      }
      if (col_field) {
        Value v;
        std::string why;
        if (col_field->FromText(t, quoted, pack_->zone_offset_seconds, &v,
                                &why)) {
          *lit = Const(std::move(v));
          return true;
        }
        if (col_field->base == FieldType::Base::kEnum) {
          Error(pos, why);
          return false;
        }
      } else {
        Value v = InferLiteral(t, quoted);
        if (col_type.k == T::kDecimal && (v.kind() == Kind::kInt)) {
          v = Value::Dec(Decimal::FromInt(v.as_int()));
        }
        if (col_type.k == T::kDate && v.kind() == Kind::kString) {
          if (auto d = Date::Parse(t)) v = Value::DateOf(*d);
        }
        bool plain_word =
            v.kind() == Kind::kString && !quoted &&
            t.find_first_of(" .()[]+-*/<>=!&|") == std::string::npos;
        if (v.kind() != Kind::kString || quoted || col_type.k == T::kString ||
            plain_word) {
          *lit = Const(std::move(v));
          return true;
        }
      }
      // Not a literal: an expression operand, e.g. "< customer.limit".
      syntax::Scalar sub = cell;
      sub.pos = pos;
      CompiledExpr ce;
      if (!Expr(sub, t, 0, env, &ce)) return false;
      for (auto& r : ce.reads) reads->push_back(r);
      *lit = std::move(ce.node);
      return true;
    };
    auto call = [](const char* fn, Node a, Node b) {
      if (int cmp = CompareOpOf(fn); cmp >= 0) {
        return MakeCompare(static_cast<CompareOp>(cmp), std::move(a),
                           std::move(b));
      }
      Node n;
      n.op = Op::kCall;
      n.fn = Fn(fn);
      n.fn_name = fn;
      n.kids.push_back(std::move(a));
      n.kids.push_back(std::move(b));
      return n;
    };
    if (cell.is_null) {
      *any = true;
      return true;
    }
    if (cell.is_list) {
      List items;
      Node list;
      list.op = Op::kList;
      for (const auto& item : cell.items) {
        Node lit;
        if (!literal(item.text, item.quoted, item.pos, &lit)) return false;
        list.kids.push_back(std::move(lit));
      }
      *out = call("@in", col, std::move(list));
      return true;
    }
    // Quotes only satisfy YAML (">= 60" must be quoted there); they do not
    // make a cell a plain string.
    std::string t = Trim(cell.text);
    if (t == "-" || t.empty()) {
      *any = true;
      return true;
    }
    if (t.starts_with("=")) {
      syntax::Scalar expr;
      expr.text = t.substr(1);
      expr.pos = cell.pos;
      expr.pos.column += 1;
      return Condition(expr, env, out, reads);
    }
    {
      static const RE2 kRange(R"(^([\[(])\s*(.+?)\s*\.\.\s*(.+?)\s*([\])])$)");
      std::string open, lo, hi, close;
      if (RE2::FullMatch(t, kRange, &open, &lo, &hi, &close)) {
        Node a, b;
        if (!literal(lo, false, cell.pos, &a) ||
            !literal(hi, false, cell.pos, &b))
          return false;
        Node n;
        n.op = Op::kAnd;
        n.kids.push_back(call(open == "[" ? "_>=_" : "_>_", col, std::move(a)));
        n.kids.push_back(
            call(close == "]" ? "_<=_" : "_<_", col, std::move(b)));
        *out = std::move(n);
        return true;
      }
      static const std::pair<const char*, const char*> kOps[] = {
          {"<=", "_<=_"}, {">=", "_>=_"}, {"!=", "_!=_"},
          {"==", "_==_"}, {"<", "_<_"},   {">", "_>_"}};
      for (auto [op, fn] : kOps) {
        if (t.starts_with(op)) {
          std::string rest = Trim(t.substr(strlen(op)));
          syntax::Pos p = cell.pos;
          p.column += static_cast<int>(t.size() - rest.size());
          Node lit;
          if (rest.empty()) {
            Error(cell.pos, std::string("'") + op + "' needs a value after it");
            return false;
          }
          if (!literal(rest, false, p, &lit)) return false;
          *out = call(fn, col, std::move(lit));
          return true;
        }
      }
    }
    Node lit;
    if (!literal(t, false, cell.pos, &lit)) return false;
    *out = call("_==_", col, std::move(lit));
    return true;
  }

  bool CompileDecision(const syntax::Decision& d, CompileEnv& env,
                       const std::map<std::string, Target>& targets,
                       CompiledDecision* out,
                       const std::map<std::string, FieldType>* column_fields) {
    out->id = d.id;
    static const std::map<std::string, HitPolicy> kHits = {
        {"first", HitPolicy::kFirst},
        {"unique", HitPolicy::kUnique},
        {"any", HitPolicy::kAny},
        {"collect", HitPolicy::kCollect}};
    auto hit = kHits.find(d.hit.text);
    if (hit == kHits.end()) {
      Error(d.hit.pos, "unknown hit policy '" + d.hit.text +
                           "' (expected first, unique, any or collect)");
      return false;
    }
    out->hit = hit->second;
    bool ok = true;
    if (out->hit == HitPolicy::kCollect) {
      if (!d.into) {
        Error(d.pos,
              "a collect decision names the list it fills: 'into: NAME'");
        return false;
      }
      auto t = targets.find(d.into->text);
      if (t == targets.end()) {
        Error(d.into->pos,
              "'" + d.into->text + "' is not a declared output or local");
        return false;
      }
      out->into_slot = t->second.slot;
      out->targets.push_back(t->second.slot);
      out->target_names.push_back(d.into->text);
      out->target_nullable.push_back(true);
    } else if (d.into) {
      Error(d.into->pos, "'into' is only for collect decisions");
      ok = false;
    }
    // Table columns: each evaluated once per decision into its own slot.
    std::vector<Type> col_types;
    std::vector<const FieldType*> col_fields;
    for (const auto& c : d.columns) {
      CompiledExpr ce;
      if (!Expr(c, c.text, 0, env, &ce)) {
        int slot = env.NewSlot();
        ok = false;
        col_types.push_back(Type::Dyn());
        col_fields.push_back(nullptr);
        out->columns.emplace_back(slot, Node{});
        continue;
      }
      col_types.push_back(ce.type);
      const FieldType* cf = nullptr;
      if (column_fields) {
        auto it = column_fields->find(Trim(c.text));
        if (it != column_fields->end()) cf = &it->second;
      }
      col_fields.push_back(cf);
      // A plain slot read needs no slot of its own (see RunDecision).
      int slot = ce.node.op == Op::kSlot ? ce.node.slot : env.NewSlot();
      out->columns.emplace_back(slot, std::move(ce.node));
    }
    std::set<std::string> rule_ids;
    for (const auto& r : d.rules) {
      CompiledRule cr;
      cr.id = r.id;
      cr.description = r.description;
      cr.pos = r.pos;
      if (!rule_ids.insert(r.id).second) {
        Error(r.pos, "rule id '" + r.id + "' is used twice in decision '" +
                         d.id + "'");
        ok = false;
      }
      std::vector<std::string> reads;
      if (r.from_table) {
        for (size_t i = 0; i < d.columns.size(); ++i) {
          Node test;
          bool any;
          if (!CellTest(r.cells[i], out->columns[i].first, col_types[i],
                        col_fields[i], env, &test, &any, &reads)) {
            ok = false;
            continue;
          }
          std::string col_name = Trim(d.columns[i].text);
          reads.push_back(col_name);
          if (!any) {
            cr.conditions.push_back(std::move(test));
            cr.condition_texts.push_back(col_name + " " +
                                         Trim(r.cells[i].text));
          }
        }
        for (size_t j = 0; j < d.outputs.size(); ++j) {
          const syntax::Scalar& name = d.outputs[j];
          const syntax::Scalar& cell = r.cells[d.columns.size() + j];
          if (!AddSet(d, name.text, name.pos, cell, targets, env, &cr, &reads))
            ok = false;
        }
      } else {
        for (const auto& w : r.when) {
          Node n;
          if (!Condition(w, env, &n, &reads)) {
            ok = false;
            continue;
          }
          cr.conditions.push_back(std::move(n));
          cr.condition_texts.push_back(Trim(w.text));
        }
        for (const auto& t : r.then) {
          if (!AddSet(d, t.name, t.pos, t.value, targets, env, &cr, &reads))
            ok = false;
        }
        if (r.then_value) {
          if (out->hit != HitPolicy::kCollect) {
            Error(r.then_value->pos,
                  "a plain 'then' value is for collect decisions; name the "
                  "outputs: "
                  "then: {output: value}");
            ok = false;
          } else {
            const FieldType* elem = nullptr;
            auto t = targets.find(d.into->text);
            if (t != targets.end() && t->second.type)
              elem = t->second.type->elem.get();
            if (!ThenValue(*r.then_value, elem, true, env, &cr.value, &reads))
              ok = false;
            cr.has_value = true;
          }
        }
      }
      // Table and rule targets of non-collect decisions.
      if (out->hit != HitPolicy::kCollect) {
        for (size_t i = 0; i < cr.sets.size(); ++i) {
          if (std::find(out->targets.begin(), out->targets.end(),
                        cr.sets[i].first) == out->targets.end()) {
            out->targets.push_back(cr.sets[i].first);
            out->target_names.push_back(cr.set_names[i]);
            out->target_nullable.push_back(
                targets.at(cr.set_names[i]).nullable);
          }
        }
      }
      cr.reads = Reads(reads, env);
      out->rules.push_back(std::move(cr));
    }
    if (d.rules.empty()) {
      Error(d.pos, "decision '" + d.id + "' has no rules");
      ok = false;
    }
    return ok;
  }

  bool AddSet(const syntax::Decision& d, const std::string& name,
              const syntax::Pos& pos, const syntax::Scalar& value,
              const std::map<std::string, Target>& targets,
              const CompileEnv& env, CompiledRule* cr,
              std::vector<std::string>* reads) {
    bool collect = d.hit.text == "collect";
    Node n;
    if (collect) {
      // Fields of the collected object: untyped, literals inferred.
      if (!ThenValue(value, nullptr, true, env, &n, reads)) return false;
      cr->sets.emplace_back(-1, std::move(n));
      cr->set_names.push_back(name);
      return true;
    }
    auto t = targets.find(name);
    if (t == targets.end()) {
      std::vector<std::string> names;
      for (const auto& [k, v] : targets) names.push_back(k);
      std::string hint = NearestName(name, names);
      Error(pos, "'" + name + "' is not a declared output or local" +
                     (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
      return false;
    }
    if (!ThenValue(value, t->second.type, t->second.nullable, env, &n, reads))
      return false;
    cr->sets.emplace_back(t->second.slot, std::move(n));
    cr->set_names.push_back(name);
    return true;
  }

  // ---- functions ---------------------------------------------------------

  bool ParseTypeAt(const syntax::Scalar& s, FieldType* out, bool* nullable) {
    std::string text = Trim(s.text);
    *nullable = false;
    if (!text.empty() && text.back() == '?') {
      *nullable = true;
      text.pop_back();
    }
    std::string err;
    auto t = FieldType::Parse(text, &err);
    if (!t) {
      Error(s.pos, err);
      return false;
    }
    *out = *t;
    return true;
  }

  void RegisterCallables(CompileEnv& env, const std::string& policy) {
    for (const auto& [qualified, fn] : functions_) {
      CallableBinding cb;
      cb.callable = fn.fn;
      cb.params = fn.params;
      cb.result = fn.result;
      env.AddCallable(qualified, cb);
      if (qualified.starts_with(policy + "."))
        env.AddCallable(qualified.substr(policy.size() + 1), cb);
    }
  }

  void CompileFunction(const syntax::Policy& p, const syntax::Function& f) {
    auto fn = std::make_shared<FunctionDecision>();
    int next = 0;
    CompileEnv env(&next);
    env.limits = &pack_->limits;
    env.has_calendar = has_calendar_;
    std::map<std::string, FieldType> column_fields;
    std::vector<Type> param_types;
    for (const auto& param : f.params) {
      FieldType ft;
      bool nullable;
      if (!ParseTypeAt(param.value, &ft, &nullable)) continue;
      int slot = next++;
      fn->params.emplace_back(param.name, slot);
      fn->param_types.push_back(ft);
      env.AddVariable(param.name, slot, ft.CheckType());
      column_fields[param.name] = ft;
      param_types.push_back(ft.CheckType());
    }
    fn->as_of_slot = next++;
    env.AddVariable("as_of", fn->as_of_slot, Type::Of(T::kDate));
    std::map<std::string, Target> targets;
    std::vector<std::unique_ptr<FieldType>> owned;
    for (const auto& r : f.returns) {
      auto ft = std::make_unique<FieldType>();
      bool nullable;
      if (!ParseTypeAt(r.value, ft.get(), &nullable)) continue;
      int slot = next++;
      targets[r.name] = {slot, ft.get(), nullable};
      fn->returns.push_back(r.name);
      fn->return_slots.push_back(slot);
      owned.push_back(std::move(ft));
    }
    fn->decision.policy = p.name;
    CompileDecision(f.decision, env, targets, &fn->decision, &column_fields);
    fn->decision.id = p.name + "." + f.name;
    AddFastConditions(fn->decision);
    fn->frame_size = next;
    Type result = Type::Dyn();
    if (owned.size() == 1) result = owned[0]->CheckType();
    function_types_.push_back(std::move(owned));
    functions_[p.name + "." + f.name] = {fn, param_types, result};
    pack_->functions.push_back(fn);
  }

  // ---- policies ----------------------------------------------------------

  void CompilePolicy(const syntax::Policy& p) {
    auto cp = std::make_unique<CompiledPolicy>();
    cp->info.name = p.name;
    cp->info.description = p.description;
    cp->info.record = p.record;
    cp->file = p.file;
    int next = 0;
    CompileEnv env(&next);
    env.limits = &pack_->limits;
    env.has_calendar = has_calendar_;
    bool ok = true;
    // Record fields: slots 0..n-1.
    auto object = std::make_shared<types::ObjectType>();
    object->name = p.record;
    RecordBinding rb;
    std::map<std::string, FieldType> column_fields;
    for (const auto& f : p.fields) {
      CompiledField cf;
      cf.name = f.name;
      bool nullable;
      if (!ParseTypeAt(f.type, &cf.type, &nullable)) {
        ok = false;
        continue;
      }
      cf.required = f.required && !nullable;
      if (f.default_value) {
        std::string why;
        if (!cf.type.FromText(f.default_value->text, f.default_value->quoted,
                              pack_->zone_offset_seconds, &cf.default_value,
                              &why)) {
          Error(f.default_value->pos, "default of '" + f.name + "': " + why);
          ok = false;
        }
      }
      if (f.pattern) {
        RE2::Options opt;
        opt.set_log_errors(false);
        auto re = std::make_shared<RE2>(f.pattern->text, opt);
        if (!re->ok()) {
          Error(f.pattern->pos, "invalid pattern: " + re->error());
          ok = false;
        } else {
          cf.pattern = re;
          cf.pattern_text = f.pattern->text;
        }
      }
      int slot = next++;
      object->fields.emplace_back(f.name, cf.type.CheckType());
      rb.field_slots.push_back(slot);
      column_fields[p.record + "." + f.name] = cf.type;
      FieldInfo info;
      info.name = f.name;
      info.type = cf.type.text;
      info.required = cf.required;
      info.default_value = cf.default_value;
      cp->info.fields.push_back(info);
      cp->fields.push_back(std::move(cf));
    }
    rb.type = object;
    rb.whole_slot = next++;
    cp->whole_record_slot = rb.whole_slot;
    env.AddRecord(p.record, rb);
    cp->as_of_slot = next++;
    env.AddVariable("as_of", cp->as_of_slot, Type::Of(T::kDate));
    // Field checks ("> 0"), compiled as cell tests on a scratch slot.
    cp->check_slot = next++;
    for (size_t i = 0; i < p.fields.size() && i < cp->fields.size(); ++i) {
      if (!p.fields[i].check) continue;
      bool any;
      std::vector<std::string> reads;
      CompiledField& cf = cp->fields[i];
      if (CellTest(*p.fields[i].check, cp->check_slot, cf.type.CheckType(),
                   &cf.type, env, &cf.check, &any, &reads) &&
          !any) {
        cf.has_check = true;
        cf.check_text = Trim(p.fields[i].check->text);
      }
    }
    // Params: named constants.
    for (const auto& prm : p.params) {
      int slot = next++;
      Value v = InferLiteral(prm.value.text, prm.value.quoted);
      if (prm.value.is_list) {
        List items;
        for (const auto& it : prm.value.items)
          items.push_back(InferLiteral(it.text, it.quoted));
        v = Value::ListOf(std::move(items));
      }
      Type t = v.kind() == Kind::kDecimal  ? Type::Of(T::kDecimal)
               : v.kind() == Kind::kInt    ? Type::Of(T::kInt)
               : v.kind() == Kind::kBool   ? Type::Of(T::kBool)
               : v.kind() == Kind::kString ? Type::Of(T::kString)
                                           : Type::Dyn();
      env.AddVariable(prm.name, slot, t);
      cp->constants.emplace_back(slot, std::move(v));
    }
    RegisterCallables(env, p.name);
    // Used policies: their outputs as an object named after the policy.
    for (const auto& u : p.uses) {
      const CompiledPolicy* used = pack_->Find(u.name);
      if (!used) continue;  // reported by the caller
      if (used->batch.size() > 0) {
        Error(u.pos,
              "policy '" + u.name +
                  "' decides whole batches and cannot be used per record");
        ok = false;
        continue;
      }
      UsedPolicy up;
      up.policy = used;
      up.slot = next++;
      for (const auto& uf : used->fields) {
        int found = -1;
        for (size_t i = 0; i < cp->fields.size(); ++i) {
          if (cp->fields[i].name == uf.name) {
            found = static_cast<int>(i);
            if (cp->fields[i].type.text != uf.type.text) {
              Error(u.pos, "policy '" + u.name + "' reads '" + uf.name +
                               "' as " + uf.type.text + ", but record '" +
                               p.record + "' declares it as " +
                               cp->fields[i].type.text);
              ok = false;
            }
          }
        }
        if (found < 0) {
          Error(u.pos, "policy '" + u.name + "' needs field '" + uf.name +
                           "', which record '" + p.record +
                           "' does not declare");
          ok = false;
        }
        up.field_map.push_back(found);
      }
      auto out_type = std::make_shared<types::ObjectType>();
      out_type->name = u.name;
      for (size_t i = 0; i < used->outputs.size(); ++i) {
        out_type->fields.emplace_back(used->outputs[i].first,
                                      used->output_types[i].CheckType());
      }
      env.AddVariable(u.name, up.slot, types::Object(out_type));
      cp->uses.push_back(std::move(up));
    }
    // Batch aggregates.
    for (const auto& b : p.batch) {
      ast::ParseError perr;
      auto e = ast::ParseExpression(b.value.text, {}, &perr);
      static const std::map<std::string, BatchAggregate::Kind> kKinds = {
          {"count", BatchAggregate::Kind::kCount},
          {"sum", BatchAggregate::Kind::kSum},
          {"min", BatchAggregate::Kind::kMin},
          {"max", BatchAggregate::Kind::kMax},
          {"sorted", BatchAggregate::Kind::kSorted}};
      if (!e || e->kind != ast::ExprKind::kCall || e->member ||
          !kKinds.count(e->name) ||
          e->args.size() != (e->name == "count" ? 0u : 1u)) {
        Error(b.value.pos,
              "a batch aggregate is count(), sum(x), min(x), max(x) or "
              "sorted(x)");
        ok = false;
        continue;
      }
      BatchAggregate agg;
      agg.name = b.name;
      agg.kind = kKinds.at(e->name);
      agg.slot = next++;
      Type t = Type::Of(T::kInt);
      if (agg.kind != BatchAggregate::Kind::kCount) {
        size_t open = b.value.text.find('('), close = b.value.text.rfind(')');
        std::string inner = b.value.text.substr(open + 1, close - open - 1);
        CompiledExpr ce;
        if (!Expr(b.value, inner, static_cast<int>(open + 1), env, &ce)) {
          ok = false;
          continue;
        }
        agg.arg = std::move(ce.node);
        t = agg.kind == BatchAggregate::Kind::kSorted ? Type::List(ce.type)
                                                      : ce.type;
      }
      env.AddVariable("batch." + b.name, agg.slot, t);
      cp->batch.push_back(std::move(agg));
    }
    cp->info.batch = !cp->batch.empty();
    // Outputs and locals.
    std::map<std::string, Target> targets;
    std::vector<std::unique_ptr<FieldType>> owned;
    auto declare = [&](const syntax::Named& n, bool is_output) {
      auto ft = std::make_unique<FieldType>();
      bool nullable;
      if (!ParseTypeAt(n.value, ft.get(), &nullable)) {
        ok = false;
        return;
      }
      if (targets.count(n.name) || env.FindVar(n.name)) {
        Error(n.pos, "'" + n.name + "' is declared twice");
        ok = false;
        return;
      }
      int slot = next++;
      targets[n.name] = {slot, ft.get(),
                         nullable || ft->base == FieldType::Base::kList};
      env.AddVariable(n.name, slot, ft->CheckType());
      if (is_output) {
        cp->outputs.emplace_back(n.name, slot);
        cp->output_types.push_back(*ft);
        cp->info.outputs.emplace_back(n.name, Trim(n.value.text));
      }
      owned.push_back(std::move(ft));
    };
    for (const auto& o : p.outputs) declare(o, true);
    for (const auto& l : p.locals) declare(l, false);
    // Lets, in order; each sees the ones before it.
    for (const auto& l : p.lets) {
      CompiledExpr ce;
      if (!Expr(l.value, l.value.text, 0, env, &ce)) {
        ok = false;
        continue;
      }
      int slot = next++;
      if (targets.count(l.name)) {
        Error(
            l.pos,
            "'" + l.name +
                "' is both a let and an output; outputs are set by decisions");
        ok = false;
        continue;
      }
      cp->lets.emplace_back(slot, std::move(ce.node));
      cp->let_names.push_back(l.name);
      env.AddVariable(l.name, slot, ce.type);
    }
    for (const auto& d : p.decisions) {
      CompiledDecision cd;
      cd.policy = p.name;
      if (!CompileDecision(d, env, targets, &cd, &column_fields)) ok = false;
      cp->decisions.push_back(std::move(cd));
    }
    if (p.outputs.empty()) {
      Error(p.pos, "policy '" + p.name + "' declares no outputs");
      ok = false;
    }
    // Every output should be set by some decision.
    for (const auto& [name, slot] : cp->outputs) {
      bool set = false;
      for (const auto& d : cp->decisions) {
        set |= std::find(d.targets.begin(), d.targets.end(), slot) !=
               d.targets.end();
      }
      if (!set) {
        for (const auto& o : p.outputs) {
          if (o.name == name)
            Warn(o.pos, "output '" + name + "' is never set by a decision");
        }
      }
    }
    cp->needs_whole_record = env.used_whole_record;
    cp->frame_size = next;
    cp->field_read = FieldsRead(*cp);
    for (CompiledDecision& d : cp->decisions) AddFastConditions(d);
    cp->direct = DirectTableOf(*cp);
    output_types_.push_back(std::move(owned));
    if (ok) pack_->policies.push_back(std::move(cp));
  }

  struct FunctionEntry {
    std::shared_ptr<FunctionDecision> fn;
    std::vector<Type> params;
    Type result;
  };

  std::vector<Diagnostic>* diags_;
  PackImpl* pack_ = nullptr;
  bool failed_ = false;
  std::shared_ptr<syntax::LoadBudget> budget_;
  bool has_calendar_ = true;
  std::map<std::string, FunctionEntry> functions_;
  std::vector<std::vector<std::unique_ptr<FieldType>>> function_types_,
      output_types_;
};

}  // namespace

std::unique_ptr<PackImpl> CompilePack(syntax::Pack syntax, const Limits& limits,
                                      std::vector<Diagnostic>* diags) {
  return PackCompiler(diags).Run(std::move(syntax), limits);
}

}  // namespace verdict
