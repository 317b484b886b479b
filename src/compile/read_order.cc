// src/compile/read_order.h: reads of outputs and locals before any write.
#include "src/compile/read_order.h"

#include <string>
#include <vector>

#include "src/compile/fast_paths.h"

namespace verdict {

namespace {

// The output and local names by slot ("" elsewhere), and which are outputs.
struct TargetNames {
  std::vector<std::string> name;
  std::vector<bool> output;
  std::string Kind(int slot) const {
    return std::string(output[slot] ? "output" : "local") + " '" + name[slot] +
           "'";
  }
};

TargetNames NamesOf(const PolicyBuild& b) {
  TargetNames t;
  t.name.resize(b.next_slot);
  t.output.resize(b.next_slot, false);
  for (const auto& [name, target] : b.targets) t.name[target.slot] = name;
  for (const auto& [name, slot] : b.compiled->outputs) t.output[slot] = true;
  return t;
}

// The slots rule `r` reads: its conditions (rebuilt from their fast forms
// when its Nodes were elided), its output expressions and collected value.
std::vector<bool> ReadByRule(const CompiledRule& r, size_t slots) {
  std::vector<bool> read(slots, false);
  for (const Node& c : r.conditions) MarkReadSlots(c, read);
  if (r.conditions.empty()) {
    for (const auto& fc : r.fast) MarkReadSlots(fc->ToNode(), read);
  }
  for (const RuleOutput& o : r.sets) {
    if (o.expr) MarkReadSlots(*o.expr, read);
  }
  if (r.has_value) MarkReadSlots(*r.value, read);
  return read;
}

// The first decision (by index) whose rules set `slot`, or -1.
int FirstSetter(const CompiledPolicy& cp, int slot) {
  for (size_t i = 0; i < cp.decisions.size(); ++i) {
    for (int t : cp.decisions[i].targets) {
      if (t == slot) return static_cast<int>(i);
    }
  }
  return -1;
}

std::string WhereSet(const CompiledPolicy& cp, int slot) {
  const int i = FirstSetter(cp, slot);
  return i < 0 ? "no decision sets it"
               : "it is first set by decision '" + cp.decisions[i].id + "'";
}

// What to do about a let's read: move it after the setting decision, when
// there is one to move it after.
std::string LetAdvice(const CompiledPolicy& cp, int slot) {
  return FirstSetter(cp, slot) < 0 ? ""
                                   : "; read it in a decision after that one";
}

void WarnLets(CompileContext& ctx, const PolicyBuild& b,
              const TargetNames& names) {
  const CompiledPolicy& cp = *b.compiled;
  for (size_t i = 0; i < cp.lets.size() && i < b.syntax.lets.size(); ++i) {
    std::vector<bool> read(names.name.size(), false);
    MarkReadSlots(cp.lets[i].second, read);
    for (size_t s = 0; s < read.size(); ++s) {
      if (!read[s] || names.name[s].empty()) continue;
      ctx.Warn(b.syntax.lets[i].pos,
               "let '" + b.syntax.lets[i].name + "' reads " +
                   names.Kind(static_cast<int>(s)) +
                   ", but lets are computed before the first decision, so "
                   "it is always null there (" +
                   WhereSet(cp, static_cast<int>(s)) + ")" +
                   LetAdvice(cp, static_cast<int>(s)));
    }
  }
}

}  // namespace

void WarnReadsBeforeWrites(CompileContext& ctx, const PolicyBuild& b) {
  const TargetNames names = NamesOf(b);
  const CompiledPolicy& cp = *b.compiled;
  WarnLets(ctx, b, names);
  std::vector<bool> set(names.name.size(), false);
  for (size_t i = 0; i < cp.decisions.size(); ++i) {
    const CompiledDecision& d = cp.decisions[i];
    std::vector<bool> warned(set.size(), false);
    auto warn = [&](const std::vector<bool>& read, const syntax::Pos& pos,
                    const std::string& what) {
      for (size_t s = 0; s < read.size(); ++s) {
        if (!read[s] || names.name[s].empty() || set[s] || warned[s]) continue;
        warned[s] = true;
        ctx.Warn(pos, what + " of decision '" + d.id + "' reads " +
                          names.Kind(static_cast<int>(s)) +
                          " before any decision sets it: decisions run in "
                          "order, and " +
                          WhereSet(cp, static_cast<int>(s)) +
                          ", so it is always null here");
      }
    };
    const auto& syntax_columns = b.syntax.decisions[i].columns;
    for (size_t c = 0; c < d.columns.size(); ++c) {
      std::vector<bool> read(set.size(), false);
      MarkReadSlots(d.columns[c].second, read);
      // The text itself, also in a `>-` block (its header is `pos`).
      const syntax::Pos pos = c < syntax_columns.size()
                                  ? syntax_columns[c].PosAt(0)
                                  : b.syntax.decisions[i].pos;
      warn(read, pos, "column " + std::to_string(c + 1));
    }
    for (const CompiledRule& r : d.rules)
      warn(ReadByRule(r, set.size()), r.pos, "rule '" + r.id + "'");
    for (int t : d.targets) set[t] = true;
  }
}

}  // namespace verdict
