// VectorPlan::Make(): each expression, decision and field of a policy as
// its column-at-a-time form (arrow_vector_plan.h), or null for a shape this
// path does not take.
#include <algorithm>
#include <string_view>

#include "src/api/arrow_columnar_plan.h"
#include "src/api/arrow_vector.h"
#include "src/api/arrow_vector_compiler.h"
#include "src/check/builtins.h"
#include "src/evaluate/direct_table_eval.h"
#include "src/evaluate/interpreter.h"
#include "src/io/arrow_take.h"
#include "src/io/arrow_write.h"

namespace verdict {

namespace {

using B = FieldType::Base;
using VOp = VExpr::Op;
using Impl = VectorPlan::Impl;

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

// Whether `n` holds a comprehension (whose iteration limit counts per
// record: a memo's run would count per distinct input instead), in itself
// or in the decision of a policy function it calls.
bool Iterates(const Node& n) {
  using NOp = ::verdict::Op;
  if (n.op == NOp::kComprehension || n.op == NOp::kMap) return true;
  if (n.op == NOp::kCallable) {
    if (const auto* fd = dynamic_cast<const FunctionDecision*>(&n.callable())) {
      const CompiledDecision& d = fd->decision;
      for (const auto& [slot, node] : d.columns) {
        if (Iterates(node)) return true;
      }
      for (const CompiledRule& r : d.rules) {
        for (const Node& c : r.conditions) {
          if (Iterates(c)) return true;
        }
        for (const RuleOutput& o : r.sets) {
          if (o.expr && Iterates(*o.expr)) return true;
        }
        if (r.value && Iterates(*r.value)) return true;
      }
    }
  }
  for (const Node& k : n.kids) {
    if (Iterates(k)) return true;
  }
  return false;
}

}  // namespace

// Whether `n` reads only slots of kDict and kStr columns (`*text`: some
// kStr), with no comprehension (Iterates()), and no callable but a policy
// function.
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
      if (!dynamic_cast<const FunctionDecision*>(&n.callable()) ||
          Iterates(n)) {
        return false;
      }
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
  if (Iterates(n)) return std::nullopt;
  VExpr e;
  e.op = VOp::kMemo;
  bool text = false;
  int frame = s.frame_size;
  if (MemoReads(n, s, &e.reads, &text)) {
    e.node = &n;
  } else {
    // A kid that reads decimals is computed column-wise; if it gives
    // finite values or texts, the interpreter reads them from a slot of
    // the memo's frame put in its place (a copy of the node).
    if (n.op == ::verdict::Op::kCompareSlot) return std::nullopt;
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
    e.op = VOp::kCmpDec;
    e.literal = m;
    e.literal_scale = d.scale();
  } else if (side.kind == VKind::kDec && lit.kind() == Kind::kInt) {
    // A decimal and an int compare as numbers (Order(), Equal()).
    e.op = VOp::kCmpDec;
    e.literal = lit.as_int();
    e.literal_scale = 0;
  } else if (side.kind == VKind::kStr && lit.kind() == Kind::kString) {
    e.op = VOp::kCmpStr;
    e.value = lit;
  } else {
    return std::nullopt;
  }
  (void)n;
  e.kids.push_back(std::move(side));
  return e;
}

// `a <op> b` of a decimal column and a coded one (either way round), as
// kCmpCol; nullopt for other pairs.
std::optional<VExpr> Compiler::CompareColumns(const Node& n, Scope& s) {
  // Only where a memo cannot take the whole comparison: it reads decimals.
  std::vector<int> reads;
  bool text = false;
  if (MemoReads(n, s, &reads, &text)) return std::nullopt;
  auto a = Compile(n.kids[0], s);
  auto b = Compile(n.kids[1], s);
  if (!a || !b) return std::nullopt;
  VExpr e;
  e.op = VOp::kCmpCol;
  e.cmp = n.compare;
  if (a->kind == VKind::kDict && b->kind == VKind::kDec) {
    std::swap(a, b);
    e.cmp = Flip(n.compare);
  }
  if (a->kind != VKind::kDec || b->kind != VKind::kDict) return std::nullopt;
  Node judge;
  judge.op = ::verdict::Op::kCompare;
  judge.compare = e.cmp;
  judge.offset = n.offset;
  for (int slot : {0, 1}) {
    Node read;
    read.op = ::verdict::Op::kSlot;
    read.slot = slot;
    judge.kids.push_back(std::move(read));
  }
  e.node = &plan.nodes.emplace_back(std::move(judge));
  e.kids.push_back(std::move(*a));
  e.kids.push_back(std::move(*b));
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
    e.op = n.op == NOp::kSlot ? VOp::kSlot : VOp::kHas;
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
      e.op = n.op == NOp::kNot ? VOp::kNot
                               : (n.op == NOp::kAnd ? VOp::kAnd : VOp::kOr);
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
      } else if (auto e = CompareColumns(n, s)) {
        return e;
      }
      return Memo(n, s);
    }
    case NOp::kCall:
      if ((n.fn == add || n.fn == sub) && n.kids.size() == 2) {
        VExpr e;
        e.op = n.fn == add ? VOp::kAddDec : VOp::kSubDec;
        e.kind = VKind::kDec;
        for (const Node& k : n.kids) {
          auto c = Compile(k, s);
          if (!c) return Memo(n, s);
          if (c->op == VOp::kConst && c->value.kind() == Kind::kDecimal) {
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
  e.op = VOp::kCall;
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
    if (arg->op == VOp::kConst) return std::nullopt;  // memo's case
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
  // A finite decision (decided by its memo) runs as a step of its own.
  fn->chain.memo = fn->decision.memo;
  fn->chain.reads = fn->decision.reads;
  e.kind = inner.kinds[fd.return_slots[0]];
  e.scale = inner.scales[fd.return_slots[0]];
  e.memo = static_cast<int>(plan.functions.size());
  plan.functions.push_back(std::move(fn));
  return e;
}

VectorPlan::VectorPlan(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VectorPlan::~VectorPlan() = default;

std::unique_ptr<VectorPlan> VectorPlan::Make(const PackImpl& pack,
                                             const CompiledPolicy& p,
                                             const ArrowSchema& schema,
                                             const EvalOptions& options) {
  if (std::string_view(schema.format) != "+s") return nullptr;
  return MakeFor(pack, p, &schema, options);
}

std::unique_ptr<VectorPlan> VectorPlan::MakeForRecords(
    const PackImpl& pack, const CompiledPolicy& p, const EvalOptions& options) {
  return MakeFor(pack, p, nullptr, options);
}

std::unique_ptr<VectorPlan> VectorPlan::MakeFor(const PackImpl& pack,
                                                const CompiledPolicy& p,
                                                const ArrowSchema* schema,
                                                const EvalOptions& options) {
  if (p.info.batch || !p.uses.empty() || p.needs_whole_record ||
      options.trace) {
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
    const bool ok = schema ? MakeVField(p.fields[k], p.field_read[k], *schema,
                                        p, plan->ctx, &f)
                           : MakeRecordField(p.fields[k], p.field_read[k], &f);
    if (!ok) return nullptr;
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
    o.unset = !s.assigned[o.slot];
    o.kind = o.unset ? VKind::kDict : s.kinds[o.slot];
    o.scale = s.scales[o.slot];
    if (!MakeVOutput(p, k, pack.zone, &o)) return nullptr;
    plan->outputs.push_back(std::move(o));
  }
  for (const auto& local : p.money_locals) {
    if (!s.assigned[local.slot]) continue;  // never set: null, which fits
    if (s.kinds[local.slot] == VKind::kStr) return nullptr;
    if (s.kinds[local.slot] == VKind::kDec && s.scales[local.slot] > 4)
      return nullptr;
    plan->money_locals.emplace_back(local.slot, &local.type);
  }
  return std::unique_ptr<VectorPlan>(new VectorPlan(std::move(plan)));
}

}  // namespace verdict
