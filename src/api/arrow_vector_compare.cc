// VRun::CompareColumns(): a decimal column compared with a coded one (a
// money field with a table's money cell: `amount < min_prepay`).
//
// A row whose coded value is a decimal or an int is compared as numbers,
// exactly, at the larger scale. Any other pair is judged by the
// interpreter itself (`slot 0 <op> slot 1`, VExpr::node): once per coded
// entry where the decimal's own value cannot matter (its entry is null, a
// text, a bool, a list: CompareValues() answers such a pair by its kinds
// alone, and a null decimal by the entry alone), else on the row itself.
#include "src/api/arrow_vector_run.h"
#include "src/evaluate/interpreter.h"

namespace verdict {

namespace {

// The forms of EntryCompare.
constexpr uint8_t kUnseen = 0, kNumber = 1, kJudged = 2, kPerRow = 3;
constexpr uint8_t kUnjudged = 0xff;

}  // namespace

uint8_t VRun::Judge(const VExpr& e, const Value& a, const Value& b) {
  Frame f(&ctx_, 2);
  f.slot(0) = a;
  f.slot(1) = b;
  Value other;
  return static_cast<uint8_t>(EvalTruth(*e.node, f, &other));
}

void VRun::CompareColumns(const VExpr& e, Cols& cols,
                          std::vector<uint8_t>* out) {
  auto sa = Lend<Col>(), sb = Lend<Col>();
  const Col& a = Eval(e.kids[0], cols, *sa);
  const Col& b = Eval(e.kids[1], cols, *sb);
  uint8_t* t = out->data();
  EntryCompare& ec = entry_compare_[&e];
  const std::vector<Value>& entries = b.dict->values;
  const size_t had = ec.form.size();
  if (entries.size() > had) {
    ec.form.resize(entries.size(), kUnseen);
    ec.m.resize(entries.size());
    ec.scale.resize(entries.size());
    ec.on_value.resize(entries.size(), kUnjudged);
    ec.on_null.resize(entries.size(), kUnjudged);
  }
  for (size_t k = had; k < entries.size(); ++k) {
    const Value& v = entries[k];
    if (v.kind() == Kind::kInt) {
      ec.form[k] = kNumber;
      ec.m[k] = v.as_int();
      ec.scale[k] = 0;
    } else if (v.kind() == Kind::kDecimal &&
               v.as_decimal().mantissa() < kLiteralLimit &&
               v.as_decimal().mantissa() > -kLiteralLimit) {
      ec.form[k] = kNumber;
      ec.m[k] = v.as_decimal().mantissa();
      ec.scale[k] = v.as_decimal().scale();
    } else {
      // Other numbers (uint, double, huge decimals) on the row itself.
      const bool number = v.kind() == Kind::kUint ||
                          v.kind() == Kind::kDouble ||
                          v.kind() == Kind::kDecimal;
      ec.form[k] = number ? kPerRow : kJudged;
    }
  }
  for (int64_t i = 0; i < n; ++i) {
    if (a.state[i] == 2) {  // an error propagates
      t[i] = kO;
      continue;
    }
    const uint32_t k = b.codes[i];
    const Value& v = entries[k];
    if (v.is_error()) {
      t[i] = kO;
      continue;
    }
    if (a.state[i] == 1) {  // null: judged by the entry alone
      if (ec.on_null[k] == kUnjudged) ec.on_null[k] = Judge(e, Value(), v);
      t[i] = ec.on_null[k];
      continue;
    }
    switch (ec.form[k]) {
      case kNumber: {
        // Both at the larger scale: a column's value below 10^20 times at
        // most 10^18, an entry below 10^33 times at most 10^4.
        const int common = std::max(a.scale, ec.scale[k]);
        const __int128 x = a.m[i] * Pow10(common - a.scale);
        const __int128 y = ec.m[k] * Pow10(common - ec.scale[k]);
        t[i] = Satisfies(e.cmp, x < y ? -1 : (x > y)) ? kT : kF;
        break;
      }
      case kJudged:
        if (ec.on_value[k] == kUnjudged) {
          ec.on_value[k] = Judge(e, Value::Dec(Decimal(a.m[i], a.scale)), v);
        }
        t[i] = ec.on_value[k];
        break;
      default:
        t[i] = Judge(e, Value::Dec(Decimal(a.m[i], a.scale)), v);
    }
  }
}

}  // namespace verdict
