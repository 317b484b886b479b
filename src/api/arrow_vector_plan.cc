// VectorPlan::Make(): each expression, decision and field of a policy as
// its column-at-a-time form (arrow_vector_plan.h), or null for a shape this
// path does not take.
#include "src/api/arrow_vector_plan.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

#include "src/api/arrow_columnar_plan.h"
#include "src/api/arrow_vector.h"
#include "src/check/builtins.h"
#include "src/evaluate/direct_table_eval.h"
#include "src/evaluate/interpreter.h"
#include "src/io/arrow_take.h"
#include "src/io/arrow_write.h"

namespace verdict {

namespace {

using B = FieldType::Base;
using Op = VExpr::Op;
using Impl = VectorPlan::Impl;

// The kinds of the slots of one frame as compilation reaches each point.
struct Scope {
  std::vector<VKind> kinds;
  std::vector<int> scales;
  // Whether something set the slot already this record: a decision's
  // targets must not be (a first hit that does not set one leaves it as it
  // was, which this path takes to be null).
  std::vector<bool> assigned;
  int frame_size = 0;
};

struct Compiler {
  Impl& plan;
  BuiltinImpl add = Registry::Standard().Find("_+_")->impl;
  BuiltinImpl sub = Registry::Standard().Find("_-_")->impl;

  std::optional<VExpr> Compile(const Node& n, Scope& s);
  bool MemoReads(const Node& n, const Scope& s, std::vector<int>* reads,
                 bool* text);
  std::optional<VExpr> Memo(const Node& n, Scope& s);
  std::optional<VExpr> Compare(const Node& n, VExpr side, const Value& lit,
                               CompareOp op);
  std::optional<VExpr> Call(const Node& n, const FunctionDecision& fd,
                            Scope& s);
  bool Finite(const CompiledDecision& d, const Scope& s, VDecision* out);
  bool Decision(const CompiledDecision& d, Scope& s, VDecision* out);
  bool Unify(VDecision::Rule& r, size_t t, VDecision* out);
};

CompareOp Flip(CompareOp op) {
  switch (op) {
    case kLt:
      return kGt;
    case kLe:
      return kGe;
    case kGt:
      return kLt;
    case kGe:
      return kLe;
    default:
      return op;
  }
}

// Whether `n` reads any of `slots` (directly or in its kids).
bool ReadsAny(const Node& n, const std::vector<int>& slots) {
  using NOp = ::verdict::Op;
  if ((n.op == NOp::kSlot || n.op == NOp::kSlotHas ||
       n.op == NOp::kCompareSlot) &&
      std::find(slots.begin(), slots.end(), n.slot) != slots.end()) {
    return true;
  }
  for (const Node& k : n.kids) {
    if (ReadsAny(k, slots)) return true;
  }
  return false;
}

VExpr Const(const Value& v) {
  VExpr e;
  e.op = Op::kConst;
  e.value = v;
  return e;
}

// Whether `n` reads only slots of kDict and kStr columns (`*text`: some
// kStr), with no comprehension (whose iteration limit is per record, not
// per computation), and no callable but a policy function.
bool Compiler::MemoReads(const Node& n, const Scope& s, std::vector<int>* reads,
                         bool* text) {
  switch (n.op) {
    case ::verdict::Op::kComprehension:
    case ::verdict::Op::kMap:
      return false;
    case ::verdict::Op::kSlot:
    case ::verdict::Op::kSlotHas:
    case ::verdict::Op::kCompareSlot: {
      if (n.slot < 0 || n.slot >= s.frame_size) return false;
      if (!s.assigned[n.slot]) break;  // null in the memo's frame
      const VKind k = s.kinds[n.slot];
      if (k == VKind::kDec) return false;
      *text |= k == VKind::kStr;
      if (std::find(reads->begin(), reads->end(), n.slot) == reads->end())
        reads->push_back(n.slot);
      break;
    }
    case ::verdict::Op::kCallable:
      if (!dynamic_cast<const FunctionDecision*>(&n.callable())) return false;
      break;
    default:
      break;
  }
  for (const Node& k : n.kids) {
    if (!MemoReads(k, s, reads, text)) return false;
  }
  return true;
}

std::optional<VExpr> Compiler::Memo(const Node& n, Scope& s) {
  VExpr e;
  e.op = Op::kMemo;
  bool text = false;
  int frame = s.frame_size;
  if (MemoReads(n, s, &e.reads, &text)) {
    e.node = &n;
  } else {
    // A kid that reads decimals is computed column-wise; if it gives
    // finite values or texts, the interpreter reads them from a slot of
    // the memo's frame put in its place (a copy of the node).
    if (n.op == ::verdict::Op::kComprehension || n.op == ::verdict::Op::kMap ||
        n.op == ::verdict::Op::kCompareSlot) {
      return std::nullopt;
    }
    Node copy = n;
    for (size_t i = 0; i < n.kids.size(); ++i) {
      if (MemoReads(n.kids[i], s, &e.reads, &text)) continue;
      auto kid = Compile(n.kids[i], s);
      if (!kid) return std::nullopt;
      Node read;
      read.op = ::verdict::Op::kSlot;
      read.slot = frame;
      read.offset = n.kids[i].offset;
      copy.kids[i] = std::move(read);
      e.kid_slots.push_back(frame++);
      e.kids.push_back(std::move(*kid));
    }
    // A decimal kid only compared with literals: keyed by its class.
    for (size_t k = 0; k < e.kids.size(); ++k) {
      std::vector<Value> bounds;
      if (e.kids[k].kind == VKind::kDec &&
          (!LiteralUses(copy, e.kid_slots[k], &bounds) || bounds.size() > 64))
        return std::nullopt;
      for (const Value& b : bounds) {
        const __int128 m =
            b.kind() == Kind::kDecimal ? b.as_decimal().mantissa() : 0;
        if (m >= kLiteralLimit || m <= -kLiteralLimit) return std::nullopt;
      }
      e.kid_bounds.push_back(std::move(bounds));
    }
    e.node = &plan.nodes.emplace_back(std::move(copy));
  }
  e.memo = static_cast<int>(plan.memo_frames.size());
  plan.memo_frames.push_back(frame);
  return e;
}

// `side <op> lit` where `side` is a decimal or text column.
std::optional<VExpr> Compiler::Compare(const Node& n, VExpr side,
                                       const Value& lit, CompareOp op) {
  VExpr e;
  e.cmp = op;
  if (side.kind == VKind::kDec && lit.kind() == Kind::kDecimal) {
    const Decimal& d = lit.as_decimal();
    __int128 m = d.mantissa();
    // Compared at the larger scale of the two (see arrow_vector_eval.cc).
    if (d.scale() < side.scale && (m >= kLiteralLimit || m <= -kLiteralLimit))
      return std::nullopt;
    e.op = Op::kCmpDec;
    e.literal = m;
    e.literal_scale = d.scale();
  } else if (side.kind == VKind::kDec && lit.kind() == Kind::kInt) {
    // A decimal and an int compare as numbers (Order(), Equal()).
    e.op = Op::kCmpDec;
    e.literal = lit.as_int();
    e.literal_scale = 0;
  } else if (side.kind == VKind::kStr && lit.kind() == Kind::kString) {
    e.op = Op::kCmpStr;
    e.value = lit;
  } else {
    return std::nullopt;
  }
  (void)n;
  e.kids.push_back(std::move(side));
  return e;
}

std::optional<VExpr> Compiler::Compile(const Node& n, Scope& s) {
  using NOp = ::verdict::Op;
  if (n.op == NOp::kConst) return Const(n.constant);
  if (n.op == NOp::kSlot || n.op == NOp::kSlotHas) {
    if (n.slot < 0 || n.slot >= s.frame_size) return std::nullopt;
    // A slot nothing has set yet this record is null: no column holds it.
    if (!s.assigned[n.slot])
      return Const(n.op == NOp::kSlot ? Value() : Value::Bool(false));
    VExpr e;
    e.op = n.op == NOp::kSlot ? Op::kSlot : Op::kHas;
    e.slot = n.slot;
    if (n.op == NOp::kSlot) {
      e.kind = s.kinds[n.slot];
      e.scale = s.scales[n.slot];
    }
    return e;
  }
  // Whatever reads only finite columns is one memo lookup a row.
  {
    std::vector<int> reads;
    bool text = false;
    if (MemoReads(n, s, &reads, &text) && !text) return Memo(n, s);
  }
  switch (n.op) {
    case NOp::kNot:
    case NOp::kAnd:
    case NOp::kOr: {
      VExpr e;
      e.op = n.op == NOp::kNot ? Op::kNot
                               : (n.op == NOp::kAnd ? Op::kAnd : Op::kOr);
      for (const Node& k : n.kids) {
        auto c = Compile(k, s);
        if (!c) return Memo(n, s);
        e.kids.push_back(std::move(*c));
      }
      return e;
    }
    case NOp::kCompareSlot: {
      Node read;
      read.op = NOp::kSlot;
      read.slot = n.slot;
      auto side = Compile(read, s);
      if (!side) return std::nullopt;
      if (auto e = Compare(n, *side, n.constant, n.compare)) return e;
      return Memo(n, s);
    }
    case NOp::kCompare: {
      const bool right = n.kids[1].op == NOp::kConst;
      const bool left = n.kids[0].op == NOp::kConst;
      if (right || left) {
        auto side = Compile(n.kids[right ? 0 : 1], s);
        if (side) {
          if (auto e = Compare(n, *side, n.kids[right ? 1 : 0].constant,
                               right ? n.compare : Flip(n.compare))) {
            return e;
          }
        }
      }
      return Memo(n, s);
    }
    case NOp::kCall:
      if ((n.fn == add || n.fn == sub) && n.kids.size() == 2) {
        VExpr e;
        e.op = n.fn == add ? Op::kAddDec : Op::kSubDec;
        e.kind = VKind::kDec;
        for (const Node& k : n.kids) {
          auto c = Compile(k, s);
          if (!c) return Memo(n, s);
          if (c->op == Op::kConst && c->value.kind() == Kind::kDecimal) {
            c->kind = VKind::kDec;
            c->literal = c->value.as_decimal().mantissa();
            c->scale = c->value.as_decimal().scale();
          }
          // Scales stay within money's 4 places (see kLiteralLimit).
          if (c->kind != VKind::kDec || c->scale > 4) return Memo(n, s);
          e.scale = std::max(e.scale, c->scale);
          e.kids.push_back(std::move(*c));
        }
        return e;
      }
      return Memo(n, s);
    case NOp::kCallable: {
      const auto* fd = dynamic_cast<const FunctionDecision*>(&n.callable());
      if (!fd) return std::nullopt;
      // One lookup a row where the arguments have few classes; else the
      // function's decision column-wise.
      if (auto e = Memo(n, s)) return e;
      return Call(n, *fd, s);
    }
    default:
      return Memo(n, s);
  }
}

// A policy function called with columns of other kinds than kDict: its
// decision compiled over a frame of its own, the arguments in its
// parameters' slots.
std::optional<VExpr> Compiler::Call(const Node& n, const FunctionDecision& fd,
                                    Scope& s) {
  if (fd.return_slots.size() != 1 || n.kids.size() != fd.params.size())
    return std::nullopt;
  VExpr e;
  e.op = Op::kCall;
  e.function = &fd;
  auto fn = std::make_unique<VFunction>();
  fn->f = &fd;
  Scope inner;
  inner.frame_size = fd.frame_size;
  inner.kinds.assign(fd.frame_size, VKind::kDict);
  inner.scales.assign(fd.frame_size, 0);
  inner.assigned.assign(fd.frame_size, false);
  inner.assigned[fd.as_of_slot] = true;
  for (size_t i = 0; i < n.kids.size(); ++i) {
    auto arg = Compile(n.kids[i], s);
    if (!arg) return std::nullopt;
    const FieldType& type = fd.param_types[i];
    // Only arguments the parameter takes as they are (checked per value
    // for kDict at run time).
    if (arg->kind == VKind::kDec && !(type.IsMoney() && arg->scale <= 4))
      return std::nullopt;
    if (arg->kind == VKind::kStr && type.base != B::kString)
      return std::nullopt;
    if (arg->op == Op::kConst) return std::nullopt;  // memo's case
    const int slot = fd.params[i].second;
    inner.kinds[slot] = arg->kind;
    inner.scales[slot] = arg->scale;
    inner.assigned[slot] = true;
    e.kids.push_back(std::move(*arg));
  }
  if (!Decision(fd.decision, inner, &fn->decision) ||
      !inner.assigned[fd.return_slots[0]]) {
    return std::nullopt;
  }
  fn->slot_kinds = inner.kinds;
  e.kind = inner.kinds[fd.return_slots[0]];
  e.scale = inner.scales[fd.return_slots[0]];
  e.memo = static_cast<int>(plan.functions.size());
  plan.functions.push_back(std::move(fn));
  return e;
}

// Target `t`'s value in rule `r`: one kind across the rules.
bool Compiler::Unify(VDecision::Rule& r, size_t t, VDecision* out) {
  std::unique_ptr<VExpr>& e = r.sets[t];
  if (!e) return true;
  if (e->op == Op::kConst && e->value.is_null()) {
    e.reset();  // null whatever the target's kind
    return true;
  }
  VKind& kind = out->target_kinds[t];
  if (e->op == Op::kConst) {
    if (kind == VKind::kDec && e->value.kind() == Kind::kDecimal) {
      e->kind = VKind::kDec;
      e->literal = e->value.as_decimal().mantissa();
      e->scale = e->value.as_decimal().scale();
    } else if (kind == VKind::kStr && e->value.kind() == Kind::kString) {
      e->kind = VKind::kStr;
    }
  }
  // Texts in a kDict target are coded as they come (VRun::Target).
  if (e->kind != kind && !(kind == VKind::kDict && e->kind == VKind::kStr))
    return false;
  if (e->scale > 4) return false;  // see kLiteralLimit
  out->target_scales[t] = std::max(out->target_scales[t], e->scale);
  return true;
}

// Whether `d`'s outcome is a function of kDict slots (collected into
// out->reads): every node reads only such slots, but for a first hit's
// outputs that copy a kDec slot as it is (`amount: =total`), recorded in
// out->pass. Such a target is kDec; its other rules set it to a decimal
// literal or null, or leave it.
bool Compiler::Finite(const CompiledDecision& d, const Scope& s,
                      VDecision* out) {
  std::vector<int>* reads = &out->reads;
  // Texts too: a row's key is then a hash of its bytes (VRun::Lookup).
  bool text = false;
  auto reads_finite = [&](const Node& n) {
    return MemoReads(n, s, reads, &text);
  };
  for (const auto& [slot, node] : d.columns) {
    if (!reads_finite(node)) return false;
  }
  const bool first = d.hit == HitPolicy::kFirst;
  out->pass.assign(first ? d.targets.size() : 0,
                   std::vector<int>(d.rules.size(), -1));
  for (size_t r = 0; r < d.rules.size(); ++r) {
    const CompiledRule& rule = d.rules[r];
    for (size_t i = 0; i < rule.condition_count(); ++i) {
      if (rule.conditions.empty()) {
        const FastCondition& c = *rule.fast[i];
        if (!c.ReadsSlotsBelow(s.frame_size)) return false;
        for (int k = 0; k < c.atom_count(); ++k) {
          const int slot = c.atom_slot(k);
          if (!s.assigned[slot]) continue;
          if (s.kinds[slot] != VKind::kDict) return false;
          if (std::find(reads->begin(), reads->end(), slot) == reads->end())
            reads->push_back(slot);
        }
      } else if (!reads_finite(rule.conditions[i])) {
        return false;
      }
    }
    for (const RuleOutput& o : rule.sets) {
      if (!o.expr || reads_finite(*o.expr)) continue;
      const auto t = std::find(d.targets.begin(), d.targets.end(), o.slot);
      const int from = o.expr->slot;
      if (!first || t == d.targets.end() ||
          o.expr->op != ::verdict::Op::kSlot || from < 0 ||
          from >= s.frame_size || !s.assigned[from] ||
          s.kinds[from] != VKind::kDec) {
        return false;
      }
      out->pass[t - d.targets.begin()][r] = from;
    }
    if (rule.value && !reads_finite(*rule.value)) return false;
  }
  // A target some rule copies a decimal into: the others' values must be
  // decimal literals or null.
  out->target_kinds.assign(d.targets.size(), VKind::kDict);
  out->target_scales.assign(d.targets.size(), 0);
  for (size_t t = 0; t < out->pass.size(); ++t) {
    const auto& from = out->pass[t];
    if (std::all_of(from.begin(), from.end(), [](int f) { return f < 0; }))
      continue;
    out->target_kinds[t] = VKind::kDec;
    for (size_t r = 0; r < d.rules.size(); ++r) {
      int scale = from[r] >= 0 ? s.scales[from[r]] : 0;
      for (const RuleOutput& o : d.rules[r].sets) {
        if (o.slot != d.targets[t] || from[r] >= 0) continue;
        const Value& v = o.constant;
        if (o.expr || !(v.is_null() || v.kind() == Kind::kDecimal))
          return false;
        if (!v.is_null()) scale = v.as_decimal().scale();
      }
      if (scale > 4) return false;
      out->target_scales[t] = std::max(out->target_scales[t], scale);
    }
  }
  return true;
}

bool Compiler::Decision(const CompiledDecision& d, Scope& s, VDecision* out) {
  out->d = &d;
  if (Finite(d, s, out)) {
    out->memo_targets = d.hit == HitPolicy::kCollect
                            ? std::vector<int>{d.into_slot}
                            : d.targets;
    for (size_t k = 0; k < out->memo_targets.size(); ++k) {
      const int t = out->memo_targets[k];
      if (t < 0 || t >= s.frame_size || s.assigned[t]) return false;
      s.assigned[t] = true;
      const bool dec =
          k < out->target_kinds.size() && out->target_kinds[k] == VKind::kDec;
      s.kinds[t] = dec ? VKind::kDec : VKind::kDict;
      s.scales[t] = dec ? out->target_scales[k] : 0;
    }
    // Table columns the decision computes are written in the memo's frame.
    for (const auto& [slot, node] : d.columns) s.assigned[slot] = true;
    out->memo = static_cast<int>(plan.memo_frames.size());
    plan.memo_frames.push_back(s.frame_size);
    return true;
  }
  out->pass.clear();
  out->reads.clear();
  if (d.index || d.rules.size() > 64) return false;
  if (d.hit != HitPolicy::kFirst && d.hit != HitPolicy::kCollect) return false;
  for (const auto& [slot, node] : d.columns) {
    if (node.op == ::verdict::Op::kSlot && node.slot == slot) continue;
    auto e = Compile(node, s);
    if (!e) return false;
    s.kinds[slot] = e->kind;
    s.scales[slot] = e->scale;
    s.assigned[slot] = true;
    out->columns.emplace_back(slot, std::move(*e));
  }
  if (d.hit == HitPolicy::kCollect && d.rules.size() > 12) return false;
  out->targets = d.targets;
  out->target_kinds.assign(d.targets.size(), VKind::kDict);
  out->target_scales.assign(d.targets.size(), 0);
  for (const CompiledRule& r : d.rules) {
    VDecision::Rule rule;
    for (size_t i = 0; i < r.condition_count(); ++i) {
      const Node* c =
          &(r.conditions.empty() ? plan.nodes.emplace_back(r.fast[i]->ToNode())
                                 : r.conditions[i]);
      auto e = Compile(*c, s);
      if (!e) return false;
      rule.conditions.push_back(std::move(*e));
    }
    if (d.hit == HitPolicy::kCollect) {
      if (r.has_value) {
        if (r.value->op != ::verdict::Op::kConst) return false;
        out->collected.push_back(r.value->constant);
      } else {
        MapEntries m;
        for (size_t i = 0; i < r.sets.size(); ++i) {
          if (r.sets[i].expr) return false;
          m.emplace_back((*r.set_keys)[i], r.sets[i].constant);
        }
        out->collected.push_back(Value::MapOf(std::move(m)));
      }
    } else {
      rule.sets.resize(d.targets.size());
      for (const RuleOutput& o : r.sets) {
        auto t = std::find(d.targets.begin(), d.targets.end(), o.slot);
        // A value that reads what the rule sets before it (written in
        // order) is left to the per-row path.
        if (t == d.targets.end() || (o.expr && ReadsAny(*o.expr, d.targets)))
          return false;
        auto e = o.expr ? Compile(*o.expr, s) : Const(o.constant);
        if (!e) return false;
        rule.sets[t - d.targets.begin()] =
            std::make_unique<VExpr>(std::move(*e));
      }
    }
    out->rules.push_back(std::move(rule));
  }
  for (int t : d.hit == HitPolicy::kCollect ? std::vector<int>{d.into_slot}
                                            : d.targets) {
    if (t < 0 || t >= s.frame_size || s.assigned[t]) return false;
    s.assigned[t] = true;
  }
  if (d.hit == HitPolicy::kCollect) {
    s.kinds[d.into_slot] = VKind::kDict;
    s.scales[d.into_slot] = 0;
    return true;
  }
  // A target's kind: kDec if a value is, else kDict if a value is (texts
  // then coded too), else kStr if a value is, else kDict (constants).
  for (size_t t = 0; t < d.targets.size(); ++t) {
    bool dec = false, dict = false, str = false;
    for (const VDecision::Rule& r : out->rules) {
      const VExpr* e = r.sets[t].get();
      if (!e || e->op == Op::kConst) continue;
      dec |= e->kind == VKind::kDec;
      dict |= e->kind == VKind::kDict;
      str |= e->kind == VKind::kStr;
    }
    out->target_kinds[t] = dec    ? VKind::kDec
                           : dict ? VKind::kDict
                           : str  ? VKind::kStr
                                  : VKind::kDict;
    for (VDecision::Rule& r : out->rules) {
      if (!Unify(r, t, out)) return false;
    }
    s.kinds[d.targets[t]] = out->target_kinds[t];
    s.scales[d.targets[t]] = out->target_scales[t];
  }
  out->no_match_fails = NoRuleMatched(d).has_value();
  return true;
}

// The decisions as steps: each run of consecutive finite decisions one
// step, keyed by what its decisions read from outside it.
std::vector<VChain> Steps(const std::vector<VDecision>& decisions) {
  std::vector<VChain> steps;
  for (size_t k = 0; k < decisions.size();) {
    VChain step;
    step.first = k;
    step.memo = decisions[k].memo;
    size_t j = k + 1;
    if (step.memo >= 0) {
      std::vector<int> set;
      for (j = k; j < decisions.size() && decisions[j].memo >= 0; ++j) {
        for (int r : decisions[j].reads) {
          if (std::find(set.begin(), set.end(), r) == set.end() &&
              std::find(step.reads.begin(), step.reads.end(), r) ==
                  step.reads.end()) {
            step.reads.push_back(r);
          }
        }
        const VDecision& d = decisions[j];
        set.insert(set.end(), d.memo_targets.begin(), d.memo_targets.end());
        for (const auto& [slot, node] : d.d->columns) {
          // A computed column (a plain one is the slot it reads).
          if (node.op != ::verdict::Op::kSlot || node.slot != slot)
            set.push_back(slot);
        }
      }
    }
    step.count = j - k;
    steps.push_back(std::move(step));
    k = j;
  }
  return steps;
}

}  // namespace

VectorPlan::VectorPlan(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VectorPlan::~VectorPlan() = default;

std::unique_ptr<VectorPlan> VectorPlan::Make(const PackImpl& pack,
                                             const CompiledPolicy& p,
                                             const ArrowSchema& schema,
                                             const EvalOptions& options) {
  if (p.info.batch || !p.uses.empty() || p.needs_whole_record ||
      options.trace || std::string_view(schema.format) != "+s") {
    return nullptr;
  }
  auto plan = std::make_unique<Impl>();
  plan->pack = &pack;
  plan->p = &p;
  plan->ctx = pack.Context(options);
  Scope s;
  s.frame_size = p.frame_size;
  s.kinds.assign(p.frame_size, VKind::kDict);
  s.scales.assign(p.frame_size, 0);
  s.assigned.assign(p.frame_size, false);
  for (size_t k = 0; k < p.fields.size(); ++k) {
    VField f;
    if (!MakeVField(p.fields[k], p.field_read[k], schema, p, plan->ctx, &f))
      return nullptr;
    s.kinds[k] = f.kind;
    s.scales[k] = f.scale;
    s.assigned[k] = true;
    plan->fields.push_back(std::move(f));
  }
  plan->constants.emplace_back(p.as_of_slot, Value::DateOf(options.as_of));
  for (const auto& c : p.constants) plan->constants.push_back(c);
  for (const auto& [slot, v] : plan->constants) s.assigned[slot] = true;
  Compiler c{*plan};
  for (const auto& [slot, node] : p.lets) {
    auto e = c.Compile(node, s);
    if (!e) return nullptr;
    s.kinds[slot] = e->kind;
    s.scales[slot] = e->scale;
    s.assigned[slot] = true;
    plan->lets.emplace_back(slot, std::move(*e));
  }
  for (const CompiledDecision& d : p.decisions) {
    VDecision vd;
    if (!c.Decision(d, s, &vd)) return nullptr;
    plan->decisions.push_back(std::move(vd));
  }
  plan->steps = Steps(plan->decisions);
  for (size_t k = 0; k < p.outputs.size(); ++k) {
    VOutput o;
    o.slot = p.outputs[k].second;
    o.kind = s.kinds[o.slot];
    o.scale = s.scales[o.slot];
    if (!MakeVOutput(p, k, pack.zone, &o)) return nullptr;
    plan->outputs.push_back(std::move(o));
  }
  for (const auto& local : p.money_locals) {
    if (s.kinds[local.slot] == VKind::kStr) return nullptr;
    if (s.kinds[local.slot] == VKind::kDec && s.scales[local.slot] > 4)
      return nullptr;
    plan->money_locals.emplace_back(local.slot, &local.type);
  }
  plan->slot_kinds = s.kinds;
  return std::unique_ptr<VectorPlan>(new VectorPlan(std::move(plan)));
}

}  // namespace verdict
