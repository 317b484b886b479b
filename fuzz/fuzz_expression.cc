// Fuzzes the expression parser, checker and evaluator.
#include <cstddef>
#include <cstdint>
#include <string>

#include "verdict/expression.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::map<std::string, verdict::Value> bindings = {
      {"x", verdict::Value::Int(7)},
      {"m", verdict::Value::Dec(*verdict::Decimal::Parse("199.99"))},
      {"s", verdict::Value::String("13800138000")},
      {"d", verdict::Value::DateOf(*verdict::Date::Parse("2026-02-28"))}};
  for (bool check : {true, false}) {
    verdict::ExpressionOptions opt;
    opt.check = check;
    (void)verdict::EvaluateExpression(
        text, bindings,
        {{"x", "int"}, {"m", "decimal"}, {"s", "string"}, {"d", "date"}}, opt);
  }
  return 0;
}
