#include <cstdio>

#include "verdict/engine.h"

int main(int argc, char** argv) {
  if (argc != 2) return 1;
  auto loaded = verdict::Pack::Load(argv[1]);
  if (!loaded.ok()) return 1;
  verdict::EvalOptions opt;
  opt.as_of = *verdict::Date::Parse("2026-11-24");
  verdict::Decision d = loaded.pack->Evaluate(
      "customer_tier",
      {{"customer_id", verdict::Value::String("C1")},
       {"arpu", verdict::Value::Dec(*verdict::Decimal::Parse("88.8"))}},
      opt);
  std::printf("consumer: customer C1 is %s\n",
              d.Get("tier")->as_string().c_str());
  return 0;
}
