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

// Marks in `read` the slots rule `r` reads: its conditions, output
// expressions and collected value. A big table's row whose condition Nodes
// were elided only tests the table's columns, which are checked as columns,
// so its fast forms are not rebuilt here (that would rebuild every row of
// a 10,000-row table at load).
void MarkReadByRule(const CompiledRule& r, std::vector<bool>& read) {
  for (const Node& c : r.conditions) MarkReadSlots(c, read);
  for (const RuleOutput& o : r.sets) {
    if (o.expr) MarkReadSlots(*o.expr, read);
  }
  if (r.has_value) MarkReadSlots(*r.value, read);
}

// The first decision (by index) whose rules set each slot, or -1.
std::vector<int> FirstSetters(const CompiledPolicy& cp, size_t slots) {
  std::vector<int> first(slots, -1);
  for (size_t i = cp.decisions.size(); i-- > 0;) {
    for (int t : cp.decisions[i].targets) first[t] = static_cast<int>(i);
  }
  return first;
}

void WarnLets(CompileContext& ctx, const PolicyBuild& b,
              const TargetNames& names, const std::vector<int>& first) {
  const CompiledPolicy& cp = *b.compiled;
  for (size_t i = 0; i < cp.lets.size() && i < b.syntax.lets.size(); ++i) {
    std::vector<bool> read(names.name.size(), false);
    MarkReadSlots(cp.lets[i].second, read);
    for (size_t s = 0; s < read.size(); ++s) {
      if (!read[s] || names.name[s].empty()) continue;
      // Advice to move the read only when there is a decision to move it
      // after.
      const std::string where =
          first[s] < 0
              ? "no decision sets it)"
              : "it is first set by decision '" + cp.decisions[first[s]].id +
                    "'); read it in a decision after that one";
      ctx.Warn(b.syntax.lets[i].pos,
               "let '" + b.syntax.lets[i].name + "' reads " +
                   names.Kind(static_cast<int>(s)) +
                   ", but lets are computed before the first decision, so "
                   "it is always null there (" +
                   where);
    }
  }
}

}  // namespace

void WarnReadsBeforeWrites(CompileContext& ctx, const PolicyBuild& b) {
  const TargetNames names = NamesOf(b);
  const CompiledPolicy& cp = *b.compiled;
  const std::vector<int> first = FirstSetters(cp, names.name.size());
  WarnLets(ctx, b, names, first);
  // Decision i may read a name only a decision before i sets; warned once
  // per decision and name, at the first rule or column reading it.
  std::vector<bool> read(names.name.size());
  for (size_t i = 0; i < cp.decisions.size(); ++i) {
    const CompiledDecision& d = cp.decisions[i];
    std::vector<bool> warned(read.size(), false);
    auto warn = [&](const syntax::Pos& pos, const std::string& what) {
      for (size_t s = 0; s < read.size(); ++s) {
        if (!read[s] || names.name[s].empty() || warned[s] ||
            (first[s] >= 0 && static_cast<size_t>(first[s]) < i)) {
          continue;
        }
        warned[s] = true;
        ctx.Warn(pos, what + " of decision '" + d.id + "' reads " +
                          names.Kind(static_cast<int>(s)) +
                          " before any decision sets it: decisions run in "
                          "order, and " +
                          (first[s] < 0 ? std::string("no decision sets it")
                                        : "it is first set by decision '" +
                                              cp.decisions[first[s]].id + "'") +
                          ", so it is always null here");
      }
    };
    const auto& syntax_columns = b.syntax.decisions[i].columns;
    for (size_t c = 0; c < d.columns.size(); ++c) {
      std::fill(read.begin(), read.end(), false);
      MarkReadSlots(d.columns[c].second, read);
      // The text itself, also in a `>-` block (its header is `pos`).
      warn(c < syntax_columns.size() ? syntax_columns[c].PosAt(0)
                                     : b.syntax.decisions[i].pos,
           "column " + std::to_string(c + 1));
    }
    for (const CompiledRule& r : d.rules) {
      std::fill(read.begin(), read.end(), false);
      MarkReadByRule(r, read);
      warn(r.pos, "rule '" + r.id + "'");
    }
  }
}

}  // namespace verdict
