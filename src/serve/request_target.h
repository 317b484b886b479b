// Parsing a request's target and headers for the service: the path (with
// percent escapes decoded), the query, the decide parameters, the media
// type, and which endpoint of the contract a path names.
#ifndef VERDICT_SRC_SERVE_REQUEST_TARGET_H_
#define VERDICT_SRC_SERVE_REQUEST_TARGET_H_

#include <boost/system/error_code.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "verdict/value.h"

namespace verdict::serve {

struct Target {
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
};

// Splits and decodes `target` ("/path?a=b&c"). False on a bad escape or a
// target that is not a path.
bool ParseTarget(std::string_view target, Target* out);

enum class Endpoint {
  kHealthz,
  kReadyz,
  kMetrics,
  kOpenApi,
  kPolicies,
  kPolicy,
  kDecide,
  kReload,
  kNotFound
};

struct Routed {
  Endpoint endpoint = Endpoint::kNotFound;
  std::string policy;           // for kPolicy and kDecide
  std::string route = "other";  // path template, for metrics and logs
  const char* method = "";      // the one method the endpoint takes
  bool auth = false;            // needs the bearer token when one is set
};
Routed Classify(std::string_view path);

// ParseTarget() then Classify() of its path: the endpoint a request target
// names. False (*t and *r then unspecified) when it is not a valid path.
bool RouteTarget(std::string_view target, Target* t, Routed* r);

// Whether a request's `method` may use an endpoint that takes `takes`: the
// same method, or HEAD where GET is taken (RFC 9110 9.3.2: HEAD is GET
// without the body; Service::Handle drops the body).
bool MethodFits(std::string_view method, std::string_view takes);
// The Allow header of a 405 from an endpoint that takes `takes`.
std::string AllowHeader(std::string_view takes);

struct DecideParams {
  std::optional<Date> as_of;
  bool trace = false;
  bool audit = false;
};
// Reads as_of, trace and audit. The error message (for a 400 bad_request)
// when a value is malformed, one is given twice, or another parameter is
// given (a misspelt as_of must not mean today).
std::optional<std::string> ParseDecideQuery(const Target& t, DecideParams* out);

// "application/json; charset=utf-8" -> "application/json" (lower case).
std::string MediaType(std::string_view content_type);

// Why a body with this Content-Encoding header value cannot be read (the
// message of a 415), or nullopt: a content coding other than identity,
// gzip or deflate (src/io/inflate.h), or more than one of those. The value
// may be empty. (A `charset` parameter of the Content-Type is ignored, as
// RFC 8259 says for application/json: JSON is UTF-8, and bytes that are not
// are the body's invalid_json.)
std::optional<std::string> UnsupportedCoding(std::string_view content_encoding);

// Why the end of a request's body cannot be trusted, given the values of
// its Transfer-Encoding field lines (none: empty), whether it has a
// Content-Length and its HTTP version (10, 11); nullopt when it can. Only
// `chunked`, alone, is decoded: another coding, or chunked not alone,
// leaves the body's end unknown (RFC 9112 6.1, 6.3), and Transfer-Encoding
// beside Content-Length or in an HTTP/1.0 request is the disagreement that
// request smuggling exploits. The message of a 400 after which the
// connection closes (the bytes that follow cannot be read as a request).
std::optional<std::string> UntrustedFraming(
    const std::vector<std::string_view>& transfer_encoding, bool content_length,
    unsigned version);

// The words of a 400 for a request header Beast refused with `ec`: Beast's
// own message, made specific where it is not (it says "bad Content-Length"
// for a Content-Length beside Transfer-Encoding too, which
// `transfer_encoding`, whether the header has that field, tells apart).
std::string MalformedHeader(const boost::system::error_code& ec,
                            bool transfer_encoding);

// The one content coding of a Content-Encoding value UnsupportedCoding()
// accepted, in lower case: "gzip", "x-gzip", "deflate", or "" (identity).
std::string BodyCoding(std::string_view content_encoding);

}  // namespace verdict::serve

#endif  // VERDICT_SRC_SERVE_REQUEST_TARGET_H_
