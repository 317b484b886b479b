// CEL's encoders extension as cel-go defines it (ext/encoders.go):
// base64.encode(bytes) -> string (standard alphabet, padded) and
// base64.decode(string) -> bytes, which accepts the text with or without
// its '=' padding and fails on anything else.
#include "src/evaluate/builtins.h"
#include "src/value/text.h"

namespace verdict {
namespace {

using Args = std::span<const Value>;

Value Encode(Args a, const EvalContext& ctx) {
  if (a.size() != 1 || a[0].kind() != Kind::kBytes)
    return NoOverload("base64.encode", a);
  return StringResult(Base64Encode(a[0].as_bytes()), ctx);
}

int Sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

Value Decode(Args a, const EvalContext&) {
  if (a.size() != 1 || a[0].kind() != Kind::kString)
    return NoOverload("base64.decode", a);
  std::string_view in = a[0].as_string();
  auto bad = [] { return Value::Error("base64.decode: illegal base64 data"); };
  if (in.size() % 4 == 0 && in.ends_with("==")) {
    in.remove_suffix(2);
  } else if (in.size() % 4 == 0 && in.ends_with("=")) {
    in.remove_suffix(1);
  }
  if (in.size() % 4 == 1) return bad();
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = Sextet(c);
    if (v < 0) return bad();
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return Value::BytesOf(std::move(out));
}

}  // namespace

void RegisterEncodersExt(Registry& r) {
  r.Add("base64.encode", Encode, {"bytes -> string"},
        "base64.encode(b): standard alphabet, padded");
  r.Add("base64.decode", Decode, {"string -> bytes"},
        "base64.decode(s): padded or unpadded standard base64");
}

}  // namespace verdict
