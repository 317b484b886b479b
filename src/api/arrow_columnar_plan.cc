// ColumnarTable::Make(): recognising a policy and a schema the columnar path
// decides exactly as the per-row path would, and precomputing its plan.
#include "src/api/arrow_columnar_plan.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string_view>

#include "src/api/arrow_columnar.h"

namespace verdict {

namespace {

using Plan = ColumnarTable::Plan;
using B = FieldType::Base;

__int128 Pow10(int n) {
  __int128 p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// How a read field's column is loaded, or nullopt. Money and decimals only
// at scales 0..4, where no cell needs rescaling or a scale check.
std::optional<Plan::Load> LoadOf(const CompiledField& cf, std::string_view f,
                                 int* scale) {
  *scale = 0;
  switch (cf.type.base) {
    case B::kMoney:
      if (f == "l") return Plan::Load::kInt64AsDecimal;
      if (auto s = DecimalScale(f); s && *s >= 0 && *s <= 4) {
        *scale = *s;
        return Plan::Load::kDecimal128;
      }
      return std::nullopt;
    case B::kInt:
      if (f == "l") return Plan::Load::kInt64;
      return std::nullopt;
    case B::kString:
      if (f == "u") return Plan::Load::kUtf8;
      if (f == "U") return Plan::Load::kLargeUtf8;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

// `literal` as an atom on an operand loaded as `load` at `scale`; false
// when its kind is not the one the field's values have after validation.
bool FillAtom(Plan::Load load, int scale, const Value& literal,
              Plan::Atom* atom) {
  switch (load) {
    case Plan::Load::kDecimal128:
    case Plan::Load::kInt64AsDecimal: {
      if (literal.kind() != Kind::kDecimal) return false;
      const Decimal& d = literal.as_decimal();
      // Both sides at the larger scale: cells are below 10^18 (checked per
      // batch), literals below 10^36 at scale <= 18, so both fit 128 bits
      // once the literal is known to be below 10^33 when it is scaled up.
      int common = std::max(scale, d.scale());
      __int128 m = d.mantissa();
      if (common > d.scale() && (m >= Pow10(33) || m <= -Pow10(33)))
        return false;
      atom->decimal = m * Pow10(common - d.scale());
      atom->scale_cell = Pow10(common - scale);
      return true;
    }
    case Plan::Load::kInt64:
      if (literal.kind() != Kind::kInt) return false;
      atom->integer = literal.as_int();
      return true;
    case Plan::Load::kUtf8:
    case Plan::Load::kLargeUtf8:
      if (literal.kind() != Kind::kString) return false;
      atom->text = literal.as_string();
      return true;
  }
  return false;
}

// The operand reading field `slot`, added on first use; -1 when it cannot
// be read here.
int OperandOf(const CompiledPolicy& p, const ArrowSchema& schema, int slot,
              Plan& plan, std::vector<int>& operand_of,
              std::vector<int>& scale_of) {
  if (operand_of[slot] >= 0) return operand_of[slot];
  const CompiledField& cf = p.fields[slot];
  if (cf.pattern || cf.has_check) return -1;
  int column = ColumnOf(schema, cf.name);
  if (column < 0 || schema.children[column]->dictionary) return -1;
  int scale = 0;
  auto load = LoadOf(cf, schema.children[column]->format, &scale);
  if (!load) return -1;
  operand_of[slot] = static_cast<int>(plan.operands.size());
  scale_of[slot] = scale;
  plan.operands.push_back({column, *load});
  plan.non_null_columns.push_back(column);
  plan.checked_columns.emplace_back(column, schema.children[column]->format);
  return operand_of[slot];
}

// The rules' comparisons; false when a cell has another shape.
bool AddRules(const CompiledPolicy& p, const ArrowSchema& schema, Plan& plan) {
  const DirectTable& t = *p.direct;
  if (t.rows.size() > 254) return false;  // row indexes are bytes
  std::vector<int> operand_of(p.fields.size(), -1), scale_of(p.fields.size());
  for (const DirectTable::Row& row : t.rows) {
    Plan::Rule rule;
    for (const FastCondition* c : row.conditions) {
      if (c->is_set()) return false;  // atoms must be comparisons
      for (int i = 0; i < c->atom_count(); ++i) {
        int slot = c->atom_slot(i);
        if (slot < 0 || static_cast<size_t>(slot) >= p.fields.size())
          return false;
        Plan::Atom atom;
        atom.operand = OperandOf(p, schema, slot, plan, operand_of, scale_of);
        if (atom.operand < 0) return false;
        atom.op = c->atom_op(i);
        if (!FillAtom(plan.operands[atom.operand].load, scale_of[slot],
                      c->atom_constant(i), &atom)) {
          return false;
        }
        rule.atoms.push_back(std::move(atom));
      }
    }
    plan.rules.push_back(std::move(rule));
  }
  // Every other field: nothing reads it, and its cells are valid as given.
  for (size_t k = 0; k < p.fields.size(); ++k) {
    if (operand_of[k] >= 0) continue;
    const CompiledField& cf = p.fields[k];
    if (p.field_read[k] || cf.pattern || cf.has_check) return false;
    int column = ColumnOf(schema, cf.name);
    if (column < 0) {
      if (cf.required) return false;  // every row an error: per row
      continue;
    }
    const ArrowSchema& child = *schema.children[column];
    if (child.dictionary || !SkippableFormat(cf, child.format)) return false;
    plan.checked_columns.emplace_back(column, child.format);
    // A null cell of an optional field only gets the unread default.
    if (cf.required) plan.non_null_columns.push_back(column);
  }
  return true;
}

// Each rule's cell of one output, read back from a column the output's own
// builder made of them (so that every conversion is the builder's).
bool AddOutput(const DirectTable& t, size_t k, ArrowBuilder& builder,
               Plan& plan) {
  ArrowSchema schema;
  builder.Schema("cells", &schema);
  std::string format = schema.format;
  schema.release(&schema);
  Plan::Output out;
  if (format == "b") {
    out.layout = Plan::Layout::kBool;
  } else if (format == "u") {
    out.layout = Plan::Layout::kUtf8;
  } else if (format == "l" || format == "g" || format.starts_with("ts")) {
    out.width = 8;
  } else if (format == "tdD") {
    out.width = 4;
  } else if (format.starts_with("d:")) {
    out.width = 16;
  } else {
    return false;  // lists and anything else: per row
  }
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const Value& v = t.output(r, k);
    if (v.is_null()) {
      builder.AppendNull();
    } else {
      builder.Append(v);
    }
  }
  ArrowArray cells;
  builder.Finish(&cells);
  auto bit = [](const void* buf, int64_t i) {
    return (static_cast<const uint8_t*>(buf)[i >> 3] >> (i & 7)) & 1;
  };
  for (int64_t r = 0; r < cells.length; ++r) {
    out.valid.push_back(cells.null_count == 0 || !cells.buffers[0]
                            ? 1
                            : bit(cells.buffers[0], r));
    const auto* data = static_cast<const uint8_t*>(cells.buffers[1]);
    if (out.layout == Plan::Layout::kBool) {
      out.bit.push_back(bit(cells.buffers[1], r));
    } else if (out.layout == Plan::Layout::kUtf8) {
      const auto* off = static_cast<const int32_t*>(cells.buffers[1]);
      const auto* chars = static_cast<const uint8_t*>(cells.buffers[2]);
      out.bytes.emplace_back(chars + off[r], chars + off[r + 1]);
    } else {
      out.bytes.emplace_back(data + r * out.width, data + (r + 1) * out.width);
    }
  }
  cells.release(&cells);
  plan.outputs.push_back(std::move(out));
  return true;
}

}  // namespace

// See arrow_columnar_plan.h. The last child named `name` (the per-row loader
// lets a later column of the same name win too), or -1.
int ColumnOf(const ArrowSchema& schema, const std::string& name) {
  int found = -1;
  for (int64_t c = 0; c < schema.n_children; ++c) {
    const char* n = schema.children[c]->name;
    if (name == (n ? n : "")) found = static_cast<int>(c);
  }
  return found;
}

// The scale of a "d:precision,scale[,128]" format, or nullopt.
std::optional<int> DecimalScale(std::string_view f) {
  if (!f.starts_with("d:")) return std::nullopt;
  std::string spec(f.substr(2));
  int precision = 0, scale = 0, bits = 128;
  int n = std::sscanf(spec.c_str(), "%d,%d,%d", &precision, &scale, &bits);
  if (n < 2 || bits != 128) return std::nullopt;
  return scale;
}

ColumnarTable::ColumnarTable(std::unique_ptr<Plan> plan)
    : plan_(std::move(plan)) {}
ColumnarTable::~ColumnarTable() = default;

std::unique_ptr<ColumnarTable> ColumnarTable::Make(const CompiledPolicy& p,
                                                   const ArrowSchema& schema,
                                                   const Zone& zone) {
  if (!p.direct || p.info.batch) return nullptr;
  if (std::string_view(schema.format) != "+s") return nullptr;
  auto plan = std::make_unique<Plan>();
  if (!AddRules(p, schema, *plan)) return nullptr;
  for (size_t k = 0; k < p.outputs.size(); ++k) {
    // A fresh builder of the same type: the caller's stay untouched.
    auto builder =
        ArrowBuilder::For(p.output_types[k], zone, p.outputs[k].first);
    if (!AddOutput(*p.direct, k, *builder, *plan)) return nullptr;
  }
  return std::unique_ptr<ColumnarTable>(new ColumnarTable(std::move(plan)));
}

bool SkippableFormat(const CompiledField& cf, std::string_view format) {
  switch (cf.type.base) {
    case B::kString:
      return format == "u" || format == "U" || format == "vu";
    case B::kBool:
      return format == "b";
    case B::kInt:
      return format == "l";
    case B::kDate:
      return format == "tdD";
    default:
      return false;
  }
}

}  // namespace verdict
