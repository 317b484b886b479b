// CEL's network extension as cel-go defines it (ext/network.go): the types
// net.IP and net.CIDR; ip(s), cidr(s), isIP(s), ip.isCanonical(s);
// ip.family(), isUnspecified(), isLoopback(), isGlobalUnicast(),
// isLinkLocalMulticast(), isLinkLocalUnicast(); cidr.containsIP(ip or
// text), containsCIDR(cidr or text), ip(), masked(), prefixLength(); and
// string() of both. As in cel-go, zones ("fe80::1%en0") and IPv4 addresses
// written inside IPv6 ("::ffff:1.2.3.4") are refused; an IPv4-mapped IPv6
// address written in hex equals the IPv4 address.
//
// A value is an opaque Value: its key is the 16-byte IPv6 form (IPv4
// mapped), then the family (4 or 6), then for a CIDR the prefix length.
#include <arpa/inet.h>

#include <cstring>

#include "src/evaluate/builtins.h"

namespace verdict {
namespace {

using Args = std::span<const Value>;

constexpr const char* kIp = "net.IP";
constexpr const char* kCidr = "net.CIDR";

BuiltinImpl plain_string = nullptr;  // `string` and `type` before wrapping
BuiltinImpl plain_type = nullptr;

struct Addr {
  unsigned char b[16] = {};
  int family = 0;  // 4 or 6
};

bool IsMapped(const unsigned char* b) {
  static const unsigned char kPrefix[12] = {0, 0, 0, 0, 0,    0,
                                            0, 0, 0, 0, 0xff, 0xff};
  return std::memcmp(b, kPrefix, 12) == 0;
}

// Parses an address; on failure sets *why and returns false.
bool ParseAddr(const std::string& s, Addr* out, std::string* why) {
  if (s.find('%') != std::string::npos) {
    *why = "with zone value is not allowed";
    return false;
  }
  unsigned char v4[4];
  if (s.find(':') == std::string::npos && inet_pton(AF_INET, s.c_str(), v4)) {
    std::memset(out->b, 0, 10);
    out->b[10] = out->b[11] = 0xff;
    std::memcpy(out->b + 12, v4, 4);
    out->family = 4;
    return true;
  }
  if (s.find(':') != std::string::npos &&
      inet_pton(AF_INET6, s.c_str(), out->b)) {
    if (s.find('.') != std::string::npos) {
      *why = "IPv4-mapped IPv6 address is not allowed";
      return false;
    }
    // Hex-written IPv4-mapped addresses are the IPv4 address (Go's Unmap).
    out->family = IsMapped(out->b) ? 4 : 6;
    return true;
  }
  *why = "parse error";
  return false;
}

std::string Text(const Addr& a) {
  char buf[INET6_ADDRSTRLEN];
  if (a.family == 4) {
    inet_ntop(AF_INET, a.b + 12, buf, sizeof buf);
  } else {
    inet_ntop(AF_INET6, a.b, buf, sizeof buf);
  }
  return buf;
}

std::string Key(const Addr& a) {
  return std::string(reinterpret_cast<const char*>(a.b), 16) +
         static_cast<char>(a.family);
}

Value IpValue(const Addr& a) { return Value::Opaque(kIp, Key(a), Text(a)); }

Value CidrValue(const Addr& a, int prefix) {
  return Value::Opaque(kCidr, Key(a) + static_cast<char>(prefix),
                       Text(a) + "/" + std::to_string(prefix));
}

bool Is(const Value& v, const char* type) {
  return v.kind() == Kind::kOpaque && v.opaque_type() == type;
}

Addr AddrOf(const Value& v) {
  Addr a;
  std::memcpy(a.b, v.opaque_key().data(), 16);
  a.family = v.opaque_key()[16];
  return a;
}

int PrefixOf(const Value& v) {
  return static_cast<unsigned char>(v.opaque_key()[17]);
}

Value ParseIp(const std::string& s) {
  Addr a;
  std::string why;
  if (!ParseAddr(s, &a, &why)) {
    return Value::Error("IP Address '" + s + "' " + why +
                        " during conversion from string");
  }
  return IpValue(a);
}

// Zeroes the bits after the first `prefix` of the family's address bits.
Addr Mask(Addr a, int prefix) {
  int bits = (a.family == 4 ? 96 : 0) + prefix;
  for (int i = 0; i < 16; ++i) {
    int keep = std::min(8, std::max(0, bits - 8 * i));
    a.b[i] &= static_cast<unsigned char>(0xff00 >> keep);
  }
  return a;
}

Value ParseCidr(const std::string& s) {
  size_t slash = s.rfind('/');
  auto fail = [&](const std::string& why) {
    return Value::Error("network address " + why +
                        " during conversion from string");
  };
  if (slash == std::string::npos) return fail("parse error");
  std::string addr = s.substr(0, slash), len = s.substr(slash + 1);
  Addr a;
  std::string why;
  if (!ParseAddr(addr, &a, &why)) {
    if (why.starts_with("with zone"))
      why = "CIDR with zone value is not allowed";
    return fail(why);
  }
  if (len.empty() || len.size() > 3 ||
      len.find_first_not_of("0123456789") != std::string::npos) {
    return fail("parse error");
  }
  int prefix = std::stoi(len);
  if (prefix > (a.family == 4 ? 32 : 128)) return fail("parse error");
  return CidrValue(a, prefix);
}

Value Ip(Args a, const EvalContext&) {
  if (a.size() == 1 && a[0].kind() == Kind::kString)
    return ParseIp(a[0].as_string());
  if (a.size() == 1 && Is(a[0], kCidr)) return IpValue(AddrOf(a[0]));
  return NoOverload("ip", a);
}

Value Cidr(Args a, const EvalContext&) {
  if (a.size() == 1 && a[0].kind() == Kind::kString)
    return ParseCidr(a[0].as_string());
  return NoOverload("cidr", a);
}

Value IsIp(Args a, const EvalContext&) {
  if (a.size() != 1 || a[0].kind() != Kind::kString)
    return NoOverload("isIP", a);
  return Value::Bool(!ParseIp(a[0].as_string()).is_error());
}

Value IsCanonical(Args a, const EvalContext&) {
  if (a.size() != 1 || a[0].kind() != Kind::kString)
    return NoOverload("ip.isCanonical", a);
  Value ip = ParseIp(a[0].as_string());
  if (ip.is_error()) return ip;
  return Value::Bool(ip.opaque_text() == a[0].as_string());
}

enum class Test {
  kUnspecified,
  kLoopback,
  kGlobalUnicast,
  kLlMulticast,
  kLlUnicast
};

bool Check(const Addr& a, Test t) {
  const unsigned char* b = a.b;
  if (a.family == 4) {
    const unsigned char* v = b + 12;
    bool unspecified = !v[0] && !v[1] && !v[2] && !v[3];
    bool loopback = v[0] == 127;
    bool multicast = (v[0] & 0xf0) == 224;
    bool ll_unicast = v[0] == 169 && v[1] == 254;
    bool broadcast = v[0] == 255 && v[1] == 255 && v[2] == 255 && v[3] == 255;
    switch (t) {
      case Test::kUnspecified:
        return unspecified;
      case Test::kLoopback:
        return loopback;
      case Test::kLlMulticast:
        return v[0] == 224 && v[1] == 0 && v[2] == 0;
      case Test::kLlUnicast:
        return ll_unicast;
      case Test::kGlobalUnicast:
        return !unspecified && !loopback && !multicast && !ll_unicast &&
               !broadcast;
    }
  }
  static const unsigned char kZero[16] = {};
  bool unspecified = std::memcmp(b, kZero, 16) == 0;
  bool loopback = std::memcmp(b, kZero, 15) == 0 && b[15] == 1;
  bool multicast = b[0] == 0xff;
  bool ll_unicast = b[0] == 0xfe && (b[1] & 0xc0) == 0x80;
  switch (t) {
    case Test::kUnspecified:
      return unspecified;
    case Test::kLoopback:
      return loopback;
    case Test::kLlMulticast:
      return b[0] == 0xff && (b[1] & 0x0f) == 0x02;
    case Test::kLlUnicast:
      return ll_unicast;
    case Test::kGlobalUnicast:
      return !unspecified && !loopback && !multicast && !ll_unicast;
  }
  return false;
}

template <Test kTest>
Value IpTest(Args a, const EvalContext&) {
  if (a.size() != 1 || !Is(a[0], kIp)) return NoOverload("net.IP test", a);
  return Value::Bool(Check(AddrOf(a[0]), kTest));
}

Value Family(Args a, const EvalContext&) {
  if (a.size() != 1 || !Is(a[0], kIp)) return NoOverload("family", a);
  return Value::Int(AddrOf(a[0]).family);
}

Value ContainsIp(Args a, const EvalContext&) {
  if (a.size() != 2 || !Is(a[0], kCidr)) return NoOverload("containsIP", a);
  Value ip = a[1].kind() == Kind::kString ? ParseIp(a[1].as_string()) : a[1];
  if (ip.is_error()) return ip;
  if (!Is(ip, kIp)) return NoOverload("containsIP", a);
  Addr net = AddrOf(a[0]), x = AddrOf(ip);
  if (net.family != x.family) return Value::Bool(false);
  int p = PrefixOf(a[0]);
  return Value::Bool(std::memcmp(Mask(net, p).b, Mask(x, p).b, 16) == 0);
}

Value ContainsCidr(Args a, const EvalContext&) {
  if (a.size() != 2 || !Is(a[0], kCidr)) return NoOverload("containsCIDR", a);
  Value other =
      a[1].kind() == Kind::kString ? ParseCidr(a[1].as_string()) : a[1];
  if (other.is_error()) return other;
  if (!Is(other, kCidr)) return NoOverload("containsCIDR", a);
  Addr net = AddrOf(a[0]), x = AddrOf(other);
  int p = PrefixOf(a[0]), q = PrefixOf(other);
  if (net.family != x.family || q < p) return Value::Bool(false);
  return Value::Bool(std::memcmp(Mask(net, p).b, Mask(x, p).b, 16) == 0);
}

Value Masked(Args a, const EvalContext&) {
  if (a.size() != 1 || !Is(a[0], kCidr)) return NoOverload("masked", a);
  int p = PrefixOf(a[0]);
  return CidrValue(Mask(AddrOf(a[0]), p), p);
}

Value PrefixLength(Args a, const EvalContext&) {
  if (a.size() != 1 || !Is(a[0], kCidr)) return NoOverload("prefixLength", a);
  return Value::Int(PrefixOf(a[0]));
}

// `string` and `type`, extended to net.IP and net.CIDR.
Value ToString(Args a, const EvalContext& ctx) {
  if (a.size() == 1 && a[0].kind() == Kind::kOpaque)
    return Value::String(a[0].opaque_text());
  return plain_string(a, ctx);
}

Value TypeOf(Args a, const EvalContext& ctx) {
  if (a.size() == 1 && a[0].kind() == Kind::kOpaque)
    return Value::Type(a[0].opaque_type());
  return plain_type(a, ctx);
}

}  // namespace

void RegisterNetworkExt(Registry& r) {
  r.Add("ip", Ip, {"string -> dyn", "dyn -> dyn"},
        "ip(text): a net.IP (IPv4 or IPv6); cidr.ip(): its address");
  r.Add("cidr", Cidr, {"string -> dyn"}, "cidr('10.0.0.0/8'): a net.CIDR");
  r.Add("isIP", IsIp, {"string -> bool"});
  r.Add("ip.isCanonical", IsCanonical, {"string -> bool"},
        "whether the text is the address's canonical form");
  r.Add("family", Family, {"dyn -> int"}, "ip.family(): 4 or 6");
  r.Add("isUnspecified", IpTest<Test::kUnspecified>, {"dyn -> bool"});
  r.Add("isLoopback", IpTest<Test::kLoopback>, {"dyn -> bool"});
  r.Add("isGlobalUnicast", IpTest<Test::kGlobalUnicast>, {"dyn -> bool"});
  r.Add("isLinkLocalMulticast", IpTest<Test::kLlMulticast>, {"dyn -> bool"});
  r.Add("isLinkLocalUnicast", IpTest<Test::kLlUnicast>, {"dyn -> bool"});
  r.Add("containsIP", ContainsIp, {"dyn, dyn -> bool"});
  r.Add("containsCIDR", ContainsCidr, {"dyn, dyn -> bool"});
  r.Add("masked", Masked, {"dyn -> dyn"});
  r.Add("prefixLength", PrefixLength, {"dyn -> int"});
  const Builtin* s = r.Find("string");
  if (s && s->impl != ToString) {
    plain_string = s->impl;
    r.Add("string", ToString, {});
  }
  const Builtin* t = r.Find("type");
  if (t && t->impl != TypeOf) {
    plain_type = t->impl;
    r.Add("type", TypeOf, {});
  }
}

}  // namespace verdict
