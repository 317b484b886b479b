// src/serve/request_target.h: target, query and media type parsing.
#include "src/serve/request_target.h"

#include <algorithm>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <cctype>
#include <vector>

#include "src/io/inflate.h"

namespace verdict::serve {

namespace {

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool Decode(std::string_view in, bool plus_is_space, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = Hex(in[i + 1]);
      int lo = Hex(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  return true;
}

}  // namespace

bool ParseTarget(std::string_view target, Target* out) {
  if (target.empty() || target[0] != '/') return false;
  size_t q = target.find('?');
  if (!Decode(target.substr(0, q), false, &out->path)) return false;
  out->query.clear();
  if (q == std::string_view::npos) return true;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view part = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view()
                                         : rest.substr(amp + 1);
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string k, v;
    if (!Decode(part.substr(0, eq), true, &k)) return false;
    if (eq != std::string_view::npos &&
        !Decode(part.substr(eq + 1), true, &v)) {
      return false;
    }
    out->query.emplace_back(std::move(k), std::move(v));
  }
  return true;
}

bool MethodFits(std::string_view method, std::string_view takes) {
  return method == takes || (method == "HEAD" && takes == "GET");
}

std::string AllowHeader(std::string_view takes) {
  return takes == "GET" ? "GET, HEAD" : std::string(takes);
}

bool RouteTarget(std::string_view target, Target* t, Routed* r) {
  if (!ParseTarget(target, t)) return false;
  *r = Classify(t->path);
  return true;
}

Routed Classify(std::string_view path) {
  Routed r;
  auto fixed = [&](Endpoint e, const char* method, bool auth) {
    r.endpoint = e;
    r.route = std::string(path);
    r.method = method;
    r.auth = auth;
    return r;
  };
  if (path == "/healthz") return fixed(Endpoint::kHealthz, "GET", false);
  if (path == "/readyz") return fixed(Endpoint::kReadyz, "GET", false);
  if (path == "/metrics") return fixed(Endpoint::kMetrics, "GET", false);
  if (path == "/openapi.json") return fixed(Endpoint::kOpenApi, "GET", false);
  if (path == "/v1/policies") return fixed(Endpoint::kPolicies, "GET", true);
  if (path == "/v1/reload") return fixed(Endpoint::kReload, "POST", true);
  constexpr std::string_view kPrefix = "/v1/policies/";
  if (path.substr(0, kPrefix.size()) == kPrefix) {
    std::string_view rest = path.substr(kPrefix.size());
    constexpr std::string_view kDecide = "/decide";
    r.auth = true;
    if (rest.size() > kDecide.size() &&
        rest.substr(rest.size() - kDecide.size()) == kDecide &&
        rest.find('/') == rest.size() - kDecide.size()) {
      r.endpoint = Endpoint::kDecide;
      r.policy = std::string(rest.substr(0, rest.size() - kDecide.size()));
      r.route = "/v1/policies/{policy}/decide";
      r.method = "POST";
      return r;
    }
    if (!rest.empty() && rest.find('/') == std::string_view::npos) {
      r.endpoint = Endpoint::kPolicy;
      r.policy = std::string(rest);
      r.route = "/v1/policies/{policy}";
      r.method = "GET";
      return r;
    }
  }
  // Unknown paths under /v1 still need the token, so that an anonymous
  // caller learns nothing about which paths exist.
  r.auth = path.substr(0, 4) == "/v1/";
  return r;
}

std::optional<std::string> ParseDecideQuery(const Target& t,
                                            DecideParams* out) {
  bool seen[3] = {false, false, false};  // as_of, trace, audit
  for (const auto& [k, v] : t.query) {
    const int which = k == "as_of"   ? 0
                      : k == "trace" ? 1
                      : k == "audit" ? 2
                                     : -1;
    // A misspelt parameter (`asof=`) would silently mean its default
    // (today): refused, as a bad parameter is.
    if (which < 0) {
      return "unknown query parameter '" + k +
             "' (a decide takes as_of, trace and audit)";
    }
    // Given twice, neither value is more the caller's than the other.
    if (seen[which]) return k + " is given twice";
    seen[which] = true;
    if (k == "as_of") {
      std::optional<Date> d =
          v.size() == 10 ? Date::Parse(v) : std::optional<Date>();
      if (!d) return "as_of '" + v + "' is not a date (YYYY-MM-DD)";
      out->as_of = d;
    } else if (k == "trace" || k == "audit") {
      bool* flag = k == "trace" ? &out->trace : &out->audit;
      if (v == "true" || v == "1" || v.empty()) {
        *flag = true;
      } else if (v == "false" || v == "0") {
        *flag = false;
      } else {
        return k + " '" + v + "' is not true or false";
      }
    }
  }
  return std::nullopt;
}

namespace {

std::string_view TrimSpace(std::string_view t) {
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t'))
    t.remove_suffix(1);
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t'))
    t.remove_prefix(1);
  return t;
}

std::string Lower(std::string_view t) {
  std::string out(t);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

namespace {

// The codings of a Content-Encoding value other than identity, in order,
// lower case, split by Beast's RFC 7230 list parser.
std::vector<std::string> Codings(std::string_view content_encoding) {
  std::vector<std::string> out;
  for (auto token : boost::beast::http::token_list(boost::beast::string_view(
           content_encoding.data(), content_encoding.size()))) {
    std::string name = Lower(std::string_view(token.data(), token.size()));
    if (name != "identity") out.push_back(std::move(name));
  }
  return out;
}

}  // namespace

std::optional<std::string> UnsupportedCoding(
    std::string_view content_encoding) {
  const std::vector<std::string> codings = Codings(content_encoding);
  for (const std::string& c : codings) {
    if (!Inflater::Supports(c)) {
      return "Content-Encoding '" + c +
             "' is not supported: send the body uncompressed, gzip or "
             "deflate";
    }
  }
  if (codings.size() > 1) {
    return "Content-Encoding '" + std::string(content_encoding) +
           "' applies more than one coding: one of gzip or deflate is "
           "supported";
  }
  return std::nullopt;
}

std::optional<std::string> UntrustedFraming(
    const std::vector<std::string_view>& transfer_encoding, bool content_length,
    unsigned version) {
  if (transfer_encoding.empty()) return std::nullopt;
  if (version < 11) {
    return std::string(
        "an HTTP/1.0 request cannot have a Transfer-Encoding: its body's end "
        "is unknown");
  }
  if (content_length) {
    return std::string(
        "a request with both Transfer-Encoding and Content-Length is refused: "
        "its body's end is ambiguous");
  }
  // Every list element of every field line, empty ones dropped (RFC 9110
  // 5.6.1); a coding with parameters is not plain chunked.
  std::vector<std::string> codings;
  std::string all;
  for (std::string_view value : transfer_encoding) {
    if (!all.empty()) all += ", ";
    all += value;
    size_t from = 0;
    while (from <= value.size()) {
      size_t comma = std::min(value.find(',', from), value.size());
      std::string_view element = TrimSpace(value.substr(from, comma - from));
      if (!element.empty()) codings.push_back(Lower(element));
      from = comma + 1;
    }
  }
  if (codings.size() == 1 && codings[0] == "chunked") return std::nullopt;
  return "Transfer-Encoding '" + all +
         "' is not supported: only chunked is; its body's end is unknown";
}

std::string MalformedHeader(const boost::system::error_code& ec,
                            bool transfer_encoding) {
  if (ec == boost::beast::http::error::bad_content_length &&
      transfer_encoding) {
    return "Content-Length and Transfer-Encoding together (a request is "
           "framed by one of them)";
  }
  if (ec == boost::beast::http::error::bad_content_length)
    return "bad Content-Length (malformed, or given twice with different "
           "values)";
  return ec.message();
}

std::string BodyCoding(std::string_view content_encoding) {
  std::vector<std::string> codings = Codings(content_encoding);
  return codings.empty() ? "" : codings.front();
}

std::string MediaType(std::string_view content_type) {
  return Lower(TrimSpace(content_type.substr(0, content_type.find(';'))));
}

}  // namespace verdict::serve
