// Bytes in JSON are base64 text (AppendJson, src/io/json_records.h), as
// CEL's JSON mapping writes them: every writer of decisions and traces
// (DecisionToJson, DecisionJsonWriter, the Arrow trace text) gives valid
// UTF-8 whatever the bytes. They were copied into the JSON string as they
// were: a 0xFF byte made the text invalid UTF-8.
#include <gtest/gtest.h>

#include <string>

#include "src/api/arrow_rows.h"
#include "src/api/pack_access.h"
#include "src/io/decision_writer.h"
#include "src/io/json_records.h"
#include "src/value/utf8.h"
#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

std::string Json(const Value& v) {
  std::string out;
  AppendJson(v, Zone::Fixed(0), &out);
  return out;
}

TEST(BytesJsonTest, BytesAreBase64Text) {
  EXPECT_EQ(Json(Value::BytesOf("")), R"("")");
  EXPECT_EQ(Json(Value::BytesOf("\xff")), R"("/w==")");
  EXPECT_EQ(Json(Value::BytesOf(std::string("a\0\xfe\xffz", 5))),
            R"("YQD+/3o=")");
  EXPECT_EQ(Json(Value::BytesOf("foobar")), R"("Zm9vYmFy")");
  EXPECT_EQ(Json(Value::ListOf({Value::BytesOf("\xfb\xff")})), R"(["+/8="])");
  // base64.encode, the decision log and `verdict expr` share the encoder.
  EXPECT_EQ(Base64Encode("\xff\xfe"), "//4=");
}

constexpr const char* kBytesPolicy = R"(policy: bytes_trace
record: r
fields:
  s: string
outputs:
  ok: bool
  extras: list
let:
  raw: b'\xff'
decisions:
  - id: d
    rules:
      - id: one_byte
        when: size(raw) == 1
        then: {ok: true, extras: "=[raw]"}
)";

TEST(BytesJsonTest, TracesAndOutputsOfEveryWriterAreUtf8) {
  auto pack = testing_util::LoadCleanPack(
      "bytes_json",
      {{"pack.yaml", "pack: p\nversion: 1.0.0\nzone: \"+08:00\"\n"},
       {"bytes_trace.yaml", kBytesPolicy}});
  ASSERT_TRUE(pack);
  EvalOptions o;
  o.trace = true;
  FieldMap record;
  record["s"] = Value::String("x");
  const Decision d = pack->Evaluate("bytes_trace", record, o);
  ASSERT_TRUE(d.ok()) << d.error->message;
  ASSERT_EQ(d.trace.size(), 1u);

  const PackImpl& impl = PackAccess::Impl(*pack);
  const std::string reference = DecisionToJson(d, impl.zone);
  EXPECT_EQ(FirstInvalidUtf8(reference), std::string_view::npos) << reference;
  EXPECT_NE(reference.find(R"("extras":["/w=="])"), std::string::npos)
      << reference;
  EXPECT_NE(reference.find(R"("values":{"raw":"/w=="})"), std::string::npos)
      << reference;

  std::string written;
  DecisionJsonWriter(*impl.Find("bytes_trace"), impl.zone).Append(d, &written);
  EXPECT_EQ(written, reference);

  std::string arrow_trace;
  AppendTrace(d.trace, impl.zone, &arrow_trace);
  EXPECT_EQ(FirstInvalidUtf8(arrow_trace), std::string_view::npos);
  EXPECT_NE(reference.find(arrow_trace), std::string::npos) << arrow_trace;
}

}  // namespace
}  // namespace verdict
