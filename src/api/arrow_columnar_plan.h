// The compiled form of a ColumnarTable (src/api/arrow_columnar.h): which
// columns its cells read and how, each rule's comparisons with literals
// already scaled to the column, and each rule's output cells as the bytes
// the output column holds. Built by arrow_columnar_plan.cc, run by
// arrow_columnar.cc.
#ifndef VERDICT_SRC_API_ARROW_COLUMNAR_PLAN_H_
#define VERDICT_SRC_API_ARROW_COLUMNAR_PLAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/api/arrow_columnar.h"
#include "src/compile/policy.h"
#include "src/program/program.h"

namespace verdict {

struct ColumnarTable::Plan {
  // How a read column's cells are loaded.
  enum class Load { kDecimal128, kInt64AsDecimal, kInt64, kUtf8, kLargeUtf8 };
  struct Operand {
    int column = 0;  // child index in the batch
    Load load = Load::kInt64;
  };
  // `operand <op> literal`. Decimals compare as integers at a common scale:
  // the cell's mantissa times `scale_cell`, against `decimal`.
  struct Atom {
    int operand = 0;
    CompareOp op = kEq;
    __int128 decimal = 0;
    __int128 scale_cell = 1;
    int64_t integer = 0;
    std::string text;
  };
  struct Rule {
    std::vector<Atom> atoms;  // all must hold
  };
  // How an output column is laid out, and each rule's cell in it.
  enum class Layout { kFixed, kBool, kUtf8 };
  struct Output {
    Layout layout = Layout::kFixed;
    int width = 0;                            // kFixed: bytes per cell
    std::vector<uint8_t> valid;               // per rule: 0 for a null cell
    std::vector<std::vector<uint8_t>> bytes;  // per rule: kFixed, kUtf8
    std::vector<uint8_t> bit;                 // per rule: kBool
  };

  std::vector<Operand> operands;
  std::vector<Rule> rules;  // in the table's order: the first that holds wins
  std::vector<Output> outputs;
  // Columns whose cells must be non-null for the batch to be decided here
  // (the read ones, and unread ones that validation would otherwise check).
  std::vector<int> non_null_columns;
  // The read and the skipped columns, with their formats: each batch is
  // decided here only when ArrowCellsValid() holds for all of them (text
  // that is not UTF-8, a date out of range fail their rows per row).
  std::vector<std::pair<int, std::string>> checked_columns;
};

// Whether every non-null cell of an Arrow column of `format` (a C data
// interface format string) is valid for field `cf` as it is: no
// conversion, no check. The columnar plan and the per-row loader both skip
// such columns of fields nothing reads.
bool SkippableFormat(const CompiledField& cf, std::string_view format);

// The `error` column of a batch decided without errors: struct<code,
// message, field>, every row null. For the column-at-a-time paths.
void WriteNoErrors(int64_t n, ArrowArray* out);

// The index of the last child of `schema` named `name` (the per-row loader
// lets a later column of the same name win too), or -1.
int ColumnOf(const ArrowSchema& schema, const std::string& name);

// The scale of a decimal128 format "d:precision,scale[,128]", or nullopt
// for any other format.
std::optional<int> DecimalScale(std::string_view format);

}  // namespace verdict

#endif  // VERDICT_SRC_API_ARROW_COLUMNAR_PLAN_H_
