// The batch entry points that return Decisions (EvaluateJsonLines,
// EvaluateMany), column at a time
// (src/api/columnar_run.h) against record by record
// (EvalOptions::columnar = false): every decision the same, output values
// of the same kind and value, errors the same, in order.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "tests/unit/test_util.h"
#include "tests/unit/vector_policies.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

namespace fs = std::filesystem;

// The two lists of decisions alike: policy, error, each output's name,
// kind and value (decimals to their digits and scale).
void ExpectSame(const Pack& pack, const std::vector<Decision>& want,
                const std::vector<Decision>& got, const std::string& what) {
  ASSERT_EQ(want.size(), got.size()) << what;
  for (size_t i = 0; i < want.size(); ++i) {
    const Decision& a = want[i];
    const Decision& b = got[i];
    ASSERT_EQ(pack.ToJson(a), pack.ToJson(b)) << what << ", record " << i;
    ASSERT_EQ(a.policy, b.policy) << what << ", record " << i;
    ASSERT_EQ(a.outputs.size(), b.outputs.size()) << what << ", record " << i;
    for (size_t k = 0; k < a.outputs.size(); ++k) {
      const Value& x = a.outputs[k].second;
      const Value& y = b.outputs[k].second;
      ASSERT_EQ(a.outputs[k].first, b.outputs[k].first);
      ASSERT_EQ(x.kind(), y.kind())
          << what << ", record " << i << ", output " << a.outputs[k].first;
      if (x.kind() == Kind::kDecimal) {  // the same digits and scale
        ASSERT_TRUE(x.as_decimal().mantissa() == y.as_decimal().mantissa() &&
                    x.as_decimal().scale() == y.as_decimal().scale())
            << what << ", record " << i << ": " << x.DebugString() << " vs "
            << y.DebugString();
      }
    }
  }
}

std::string Lines(std::mt19937& rng, int n, bool faults) {
  const std::vector<std::string> money = {"0", "1", "2.5", "-1", "100", "0.99"};
  std::string text;
  for (int i = 0; i < n; ++i) {
    if (faults && rng() % 50 == 0) {
      text += Pick(rng, {R"({"k":"x"})", R"({"a":1,"k":"w"})", "[]",
                         R"({"a":123456789012345,"k":"y"})"}) +
              "\n";
      continue;
    }
    std::string line = "{\"a\":" + Pick(rng, money) + ",\"k\":\"" +
                       Pick(rng, {"x", "y", "z"}) + "\"";
    if (rng() % 2) line += ",\"b\":" + Pick(rng, money);
    if (rng() % 2) line += ",\"c\":" + Pick(rng, money);
    if (rng() % 2) line += ",\"flag\":" + Pick(rng, {"true", "false"});
    if (rng() % 2) line += ",\"s\":" + Pick(rng, {"\"v\"", "\"\"", "null"});
    if (rng() % 2) line += ",\"n\":" + Pick(rng, {"0", "2", "5"});
    if (rng() % 2)
      line += ",\"d\":\"" + Pick(rng, {"2026-11-24", "2026-01-01"}) + "\"";
    if (rng() % 2) line += ",\"id\":\"A" + std::to_string(i) + "\"";
    text += line + "}\n";
  }
  return text;
}

TEST(ColumnarRunTest, GeneratedPoliciesDecideTheSameFromJsonLines) {
  const fs::path dir = GeneratedPackDir("columnar_run");
  std::mt19937 rng(17);
  for (int p = 0; p < 20; ++p) {
    std::ofstream(dir / "gen.yaml", std::ios::trunc)
        << Policy(rng, p % 5 == 0, true);
    LoadResult r = Pack::Load(dir.string());
    ASSERT_TRUE(r.ok()) << p;
    const std::string text = Lines(rng, 2500, true);
    ExpectSame(*r.pack,
               r.pack->EvaluateJsonLines("gen", text, VectorOptions(false)),
               r.pack->EvaluateJsonLines("gen", text, VectorOptions(true)),
               "policy " + std::to_string(p));
  }
  fs::remove_all(dir);
}

TEST(ColumnarRunTest, DecimalsGivenWithTrailingZerosKeepThem) {
  const fs::path dir = GeneratedPackDir("columnar_zeros");
  std::mt19937 rng(23);
  for (int p = 0; p < 10; ++p) {
    std::ofstream(dir / "gen.yaml", std::ios::trunc)
        << Policy(rng, false, true);
    LoadResult r = Pack::Load(dir.string());
    ASSERT_TRUE(r.ok()) << p;
    // 8.20 and 1.50 as a caller may build them (scale 2), beside 8.21.
    std::vector<FieldMap> maps(1500);
    for (FieldMap& m : maps) {
      m["a"] = Value::Dec(Decimal(static_cast<__int128>(rng() % 40) * 5, 2));
      m["c"] = Value::Dec(Decimal(static_cast<__int128>(rng() % 3) * 10, 1));
      m["k"] = Value::String(Pick(rng, {"x", "y", "z"}));
    }
    ExpectSame(*r.pack, r.pack->EvaluateMany("gen", maps, VectorOptions(false)),
               r.pack->EvaluateMany("gen", maps, VectorOptions(true)),
               "policy " + std::to_string(p));
  }
  fs::remove_all(dir);
}

TEST(ColumnarRunTest, RefundFieldMapsDecideTheSame) {
  auto pack = Pack::Load(testing_util::RulesDir()).pack;
  ASSERT_TRUE(pack);
  std::mt19937 rng(19);
  const std::vector<std::string> causes = {"billing_dispute", "line_fault",
                                           "other", "cable_fault", "nope"};
  std::vector<FieldMap> maps;
  for (int i = 0; i < 5000; ++i) {
    FieldMap m;
    m["request_id"] = Value::String("R" + std::to_string(i));
    m["account_id"] = Value::String("A");
    // Trailing zeros kept (8.20 at scale 2), as a caller may give them.
    m["amount"] =
        Value::Dec(Decimal(static_cast<__int128>(rng() % 90000) - 100, 2));
    if (rng() % 2) {
      m["month_to_date_refunded"] =
          Value::Dec(Decimal(static_cast<__int128>(rng() % 500), 0));
    }
    m["cause"] = Value::String(causes[rng() % causes.size()]);
    if (rng() % 2) m["branch"] = Value::String(rng() % 2 ? "city" : "county");
    if (rng() % 2) m["has_basis_document"] = Value::Bool(rng() % 4 != 0);
    if (rng() % 2)
      m["cause_description"] = Value::String(rng() % 3 ? "fee" : " ");
    maps.push_back(std::move(m));
  }
  ExpectSame(*pack,
             pack->EvaluateMany("refund_approval", maps, VectorOptions(false)),
             pack->EvaluateMany("refund_approval", maps, VectorOptions(true)),
             "field maps");
}

}  // namespace
}  // namespace verdict
