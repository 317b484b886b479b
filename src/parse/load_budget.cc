// See load_budget.h. Each message names the Limits field to raise, so an
// operator with a genuinely large pack knows which knob to turn.
#include "src/parse/load_budget.h"

#include <fmt/format.h>

namespace verdict::syntax {

LoadBudget::LoadBudget(const Limits& limits, std::vector<Diagnostic>* diags)
    : limits_(limits),
      diags_(diags),
      start_(std::chrono::steady_clock::now()) {}

bool LoadBudget::Refuse(const Pos& at, std::string message) {
  if (!spent_) {
    diags_->push_back({at.file, at.line, at.column,
                       Diagnostic::Severity::kError, std::move(message)});
  }
  spent_ = true;
  return false;
}

bool LoadBudget::AllowFile(const std::string& file, uintmax_t bytes) {
  Pos at{FileName(file), 0, 0};
  if (spent_ || !AllowTime(at)) return false;
  if (++files_ > limits_.max_files) {
    return Refuse(at, fmt::format("the pack has more than {} YAML files "
                                  "(Limits::max_files); this one is over",
                                  limits_.max_files));
  }
  if (bytes > limits_.max_file_bytes) {
    return Refuse(at, fmt::format("the file is {} bytes long (limit {}, "
                                  "Limits::max_file_bytes)",
                                  bytes, limits_.max_file_bytes));
  }
  return true;
}

bool LoadBudget::AllowNode(const Pos& at, size_t in_file) {
  if (spent_) return false;
  if (in_file > limits_.max_yaml_nodes_per_file) {
    return Refuse(at, fmt::format("more than {} YAML nodes in this file "
                                  "(Limits::max_yaml_nodes_per_file)",
                                  limits_.max_yaml_nodes_per_file));
  }
  if (pack_nodes_ + in_file > limits_.max_yaml_nodes_per_pack) {
    return Refuse(at, fmt::format("more than {} YAML nodes in the pack's "
                                  "files (Limits::max_yaml_nodes_per_pack)",
                                  limits_.max_yaml_nodes_per_pack));
  }
  // Reading the clock costs more than counting: look every 4096 nodes.
  return (in_file & 4095) != 0 || AllowTime(at);
}

bool LoadBudget::AllowTableRows(const Pos& at, size_t rows) {
  if (spent_) return false;
  if (rows > limits_.max_table_rows) {
    return Refuse(at, fmt::format("the table has {} rows (limit {}, "
                                  "Limits::max_table_rows)",
                                  rows, limits_.max_table_rows));
  }
  return true;
}

bool LoadBudget::AllowExpression(const Pos& at, size_t bytes) {
  if (spent_ || !AllowTime(at)) return false;
  expression_bytes_ += bytes;
  if (expression_bytes_ > limits_.max_expression_bytes_per_pack) {
    return Refuse(at,
                  fmt::format("more than {} bytes of expressions in the "
                              "pack (Limits::max_expression_bytes_per_pack)",
                              limits_.max_expression_bytes_per_pack));
  }
  return true;
}

bool LoadBudget::AllowTime(const Pos& at) {
  if (spent_) return false;
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start_);
  // >=: a budget of 0 ms refuses every load, deterministically (tests).
  if (elapsed.count() >= limits_.max_load_milliseconds) {
    return Refuse(at, fmt::format("loading the pack took more than {} ms "
                                  "(Limits::max_load_milliseconds); stopped "
                                  "here",
                                  limits_.max_load_milliseconds));
  }
  return true;
}

}  // namespace verdict::syntax
