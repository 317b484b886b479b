// The C++ side of the decimal differential test (decimal_reference.py): reads
// one operation per line from standard input and writes one result line, so
// that thousands of generated cases cost one process.
//
//   add|sub|mul|div A B  -> the result's text, or "overflow"
//   cmp A B              -> -1, 0 or 1
//   parse TEXT           -> Decimal::Parse then ToString, or "invalid"
//   toint A              -> ToInt64, or "none"
//   todouble A           -> ToDouble as shortest round-trip text
//   fromdouble TEXT      -> strtod then FromDouble's text, or "invalid"
//
// Operands of the arithmetic operations are valid decimal text; anything
// else is a bug in the generator and ends the run with status 2.
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>

#include "verdict/value.h"

namespace {

using verdict::Decimal;

Decimal Must(const std::string& text) {
  std::optional<Decimal> d = Decimal::Parse(text);
  if (!d) {
    std::cerr << "decimal_driver: not a valid operand: " << text << "\n";
    std::exit(2);
  }
  return *d;
}

std::string Text(const std::optional<Decimal>& d, const char* none) {
  return d ? d->ToString() : none;
}

std::string Run(const std::string& op, const std::string& a,
                const std::string& b) {
  if (op == "add") return Text(Decimal::Add(Must(a), Must(b)), "overflow");
  if (op == "sub") return Text(Decimal::Sub(Must(a), Must(b)), "overflow");
  if (op == "mul") return Text(Decimal::Mul(Must(a), Must(b)), "overflow");
  if (op == "div") return Text(Decimal::Div(Must(a), Must(b)), "overflow");
  if (op == "cmp") return std::to_string(Compare(Must(a), Must(b)));
  if (op == "parse") return Text(Decimal::Parse(a), "invalid");
  if (op == "toint") {
    std::optional<int64_t> i = Must(a).ToInt64();
    return i ? std::to_string(*i) : "none";
  }
  if (op == "todouble") {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, Must(a).ToDouble());
    return std::string(buf, r.ptr);
  }
  if (op == "fromdouble") {
    return Text(Decimal::FromDouble(std::strtod(a.c_str(), nullptr)),
                "invalid");
  }
  std::cerr << "decimal_driver: unknown operation " << op << "\n";
  std::exit(2);
}

}  // namespace

int main() {
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::string op, a, b;
    in >> op >> a >> b;
    std::cout << Run(op, a, b) << "\n";
  }
  return 0;
}
