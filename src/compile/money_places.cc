#include "src/compile/money_places.h"

#include <algorithm>
#include <string_view>

#include "src/check/builtins.h"

namespace verdict {

namespace {

BuiltinImpl ImplOf(std::string_view name) {
  const Builtin* b = Registry::Standard().Find(name);
  return b ? b->impl : nullptr;
}

// The builtins whose bound is known, by implementation (a kCall node keeps
// its builtin's implementation, not its name).
struct Known {
  BuiltinImpl add = ImplOf("_+_"), sub = ImplOf("_-_"), mul = ImplOf("_*_"),
              neg = ImplOf("-_"), abs = ImplOf("abs"),
              round = ImplOf("math.round"), ceil = ImplOf("math.ceil"),
              floor = ImplOf("math.floor"), trunc = ImplOf("math.trunc"),
              append = ImplOf("@list_append");  // `list + [items]`
};

const Known& Builtins() {
  static const Known known;
  return known;
}

std::optional<int> Larger(std::optional<int> a, std::optional<int> b) {
  if (!a || !b) return std::nullopt;
  return std::max(*a, *b);
}

// A literal's places: a decimal's scale, 0 for an int, the most of a
// list's items; unknown for anything else.
std::optional<int> PlacesOf(const Value& v) {
  switch (v.kind()) {
    case Kind::kDecimal:
      return v.as_decimal().scale();
    case Kind::kInt:
      return 0;
    case Kind::kList: {
      std::optional<int> most = 0;
      for (const Value& item : v.as_list()) most = Larger(most, PlacesOf(item));
      return most;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace

void PlacesBounds::Set(int slot, std::optional<int> places) {
  if (places) {
    slots_[slot] = *places;
  } else {
    slots_.erase(slot);
  }
}

std::optional<int> PlacesBounds::Of(const Node& n) const {
  switch (n.op) {
    case Op::kConst:
      return PlacesOf(n.constant);
    case Op::kList: {  // the most of its items
      std::optional<int> most = 0;
      for (const Node& item : n.kids) most = Larger(most, Of(item));
      return most;
    }
    case Op::kSlot: {
      auto it = slots_.find(n.slot);
      if (it == slots_.end()) return std::nullopt;
      return it->second;
    }
    case Op::kCond:
      return Larger(Of(n.kids[1]), Of(n.kids[2]));
    case Op::kCall:
      break;
    default:
      return std::nullopt;
  }
  const Known& k = Builtins();
  const size_t arity = n.kids.size();
  if ((n.fn == k.add || n.fn == k.sub) && arity == 2)
    return Larger(Of(n.kids[0]), Of(n.kids[1]));
  if (n.fn == k.append) {  // the list's items and the appended ones
    std::optional<int> most = 0;
    for (const Node& kid : n.kids) most = Larger(most, Of(kid));
    return most;
  }
  if (n.fn == k.mul && arity == 2) {
    auto a = Of(n.kids[0]), b = Of(n.kids[1]);
    if (!a || !b) return std::nullopt;
    return *a + *b;
  }
  if ((n.fn == k.neg || n.fn == k.abs) && arity == 1) return Of(n.kids[0]);
  if ((n.fn == k.ceil || n.fn == k.floor || n.fn == k.trunc) && arity == 1)
    return 0;
  if (n.fn == k.round && arity == 1) return 0;
  if (n.fn == k.round && arity >= 2 && n.kids[1].op == Op::kConst &&
      n.kids[1].constant.kind() == Kind::kInt) {
    return static_cast<int>(
        std::clamp<int64_t>(n.kids[1].constant.as_int(), 0, 18));
  }
  return std::nullopt;
}

}  // namespace verdict
