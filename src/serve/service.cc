// src/serve/service.h: creation, auth, the checks every request passes
// (target, auth, method, policy, media type, query), and dispatch.
#include "src/serve/service.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstdio>
#include <fstream>
#include <new>
#include <sstream>

#include "src/io/json_records.h"
#include "src/serve/request_target.h"
#include "src/serve/workbench.h"
#include "src/value/utf8.h"

namespace verdict::serve {

namespace {

void PrintLoadFailure(const std::string& path, const LoadResult& r) {
  int errors = 0;
  for (const auto& d : r.diagnostics) {
    std::fprintf(stderr, "%s\n", d.ToString().c_str());
    errors += d.severity == Diagnostic::Severity::kError;
  }
  std::fprintf(stderr, "%s: %d error(s)\n", path.c_str(), errors);
}

// SHA-256 of `s`: tokens are compared digest to digest, so the time taken
// depends neither on where they first differ nor on their lengths.
std::string Digest(std::string_view s) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(s.data(), s.size(), md, &n, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(md), n);
}

}  // namespace

bool HasPolicy(const Pack& pack, std::string_view policy) {
  try {
    pack.Policy(policy);
    return true;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

std::unique_ptr<Service> Service::Create(const ServeOptions& options) {
  LoadOptions load;
  load.strict_fields = options.strict;
  LoadResult first = Pack::Load(options.pack_path, load);
  if (!first.ok()) {
    PrintLoadFailure(options.pack_path, first);
    return nullptr;
  }
  std::unique_ptr<PackHandle> handle;
  try {
    handle = std::make_unique<PackHandle>(options.pack_path, load);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return nullptr;
  }
  std::unique_ptr<Service> s(new Service(options, std::move(handle)));
  if (!options.token_file.empty()) {
    std::ifstream in(options.token_file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string token = ss.str();
    while (!token.empty() &&
           std::isspace(static_cast<unsigned char>(token.back())))
      token.pop_back();
    if (!in || token.empty()) {
      std::fprintf(stderr, "verdict serve: cannot read a token from '%s'\n",
                   options.token_file.c_str());
      return nullptr;
    }
    s->token_ = Digest(token);
  }
  if (!options.decision_log.empty()) {
    std::string error;
    s->log_ = DecisionLog::Open(options.decision_log, &error);
    if (!s->log_) {
      std::fprintf(stderr, "verdict serve: %s\n", error.c_str());
      return nullptr;
    }
  }
  return s;
}

bool Service::Authorized(const RequestHeader& h) const {
  if (token_.empty()) return true;
  auto it = h.find(http::field::authorization);
  if (it == h.end()) return false;
  std::string_view v(it->value().data(), it->value().size());
  constexpr std::string_view kBearer = "Bearer ";
  if (v.size() < kBearer.size()) return false;
  bool scheme = true;
  for (size_t i = 0; i < kBearer.size(); ++i) {
    scheme &= std::tolower(static_cast<unsigned char>(v[i])) ==
              std::tolower(static_cast<unsigned char>(kBearer[i]));
  }
  std::string given = Digest(v.substr(kBearer.size()));
  return CRYPTO_memcmp(given.data(), token_.data(), token_.size()) == 0 &&
         scheme;
}

Response Service::Json(int status, std::string body, const RequestContext& ctx,
                       bool keep_alive) const {
  Response res{static_cast<http::status>(status), 11};
  res.set(http::field::server, "verdict");
  res.set(http::field::content_type, "application/json");
  res.set("X-Request-Id", ctx.request_id);
  res.keep_alive(keep_alive);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response Service::Error(int status, std::string_view code,
                        std::string_view message, const RequestContext& ctx,
                        bool keep_alive) const {
  std::string body = "{\"error\":{\"code\":";
  AppendJsonString(code, &body);
  body += ",\"message\":";
  // Messages quote what the client sent (a path, a policy name), which
  // need not be UTF-8; every body is.
  AppendJsonString(ToValidUtf8(message), &body);
  // No error built here is about one record field (those are the
  // record's own, written by the engine).
  body += ",\"field\":null}}";
  Response res = Json(status, std::move(body), ctx, keep_alive);
  if (status == 401) res.set(http::field::www_authenticate, "Bearer");
  return res;
}

std::unique_ptr<Response> Service::Precheck(const RequestHeader& h,
                                            RequestContext& ctx) {
  auto fail = [&](int status, std::string_view code, std::string msg) {
    return std::make_unique<Response>(Error(status, code, msg, ctx));
  };
  Target t;
  std::string_view target(h.target().data(), h.target().size());
  if (!ParseTarget(target, &t)) {
    return fail(400, "bad_request", "the request target is not a valid path");
  }
  Routed r = Classify(t.path);
  ctx.route = r.endpoint == Endpoint::kNotFound ? "other" : r.route;
  if (r.auth && !Authorized(h)) {
    return fail(401, "unauthorized",
                "missing or wrong 'Authorization: Bearer' token");
  }
  if (r.endpoint == Endpoint::kNotFound) {
    return fail(404, "not_found", "no such path: " + t.path);
  }
  std::string_view method(h.method_string().data(), h.method_string().size());
  if (!MethodFits(method, r.method)) {
    auto res = fail(405, "method_not_allowed",
                    fmt::format("{} takes {}", r.route, r.method));
    res->set(http::field::allow, AllowHeader(r.method));
    return res;
  }
  if (r.endpoint != Endpoint::kDecide && r.endpoint != Endpoint::kPolicy)
    return nullptr;
  auto pack = handle_->Get();
  if (!HasPolicy(*pack, r.policy)) {
    return fail(404, "unknown_policy",
                "pack '" + pack->name() + "' has no policy '" + r.policy + "'");
  }
  if (r.endpoint != Endpoint::kDecide) return nullptr;
  std::string type =
      MediaType(std::string_view(h[http::field::content_type].data(),
                                 h[http::field::content_type].size()));
  if (type != "application/json" && type != "application/x-ndjson") {
    return fail(415, "unsupported_media_type",
                "a decide body is application/json (one record) or "
                "application/x-ndjson (JSON Lines), not '" +
                    type + "'");
  }
  if (auto why = UnsupportedCoding(
          std::string_view(h[http::field::content_encoding].data(),
                           h[http::field::content_encoding].size()))) {
    return fail(415, "unsupported_media_type", *why);
  }
  DecideParams params;
  if (auto err = ParseDecideQuery(t, &params)) {
    return fail(400, "bad_request", *err);
  }
  return nullptr;
}

bool Service::IsLiveness(const RequestHeader& h) const {
  Target t;
  Routed r;
  std::string_view method(h.method_string().data(), h.method_string().size());
  return RouteTarget(std::string_view(h.target().data(), h.target().size()), &t,
                     &r) &&
         r.endpoint == Endpoint::kHealthz && MethodFits(method, "GET");
}

std::unique_ptr<Response> Service::Refusal(const RequestHeader& h,
                                           RequestContext& ctx) {
  Target t;
  Routed r;
  if (!RouteTarget(std::string_view(h.target().data(), h.target().size()), &t,
                   &r)) {
    return nullptr;  // Handle answers it, body read
  }
  if (r.endpoint == Endpoint::kNotFound && (!r.auth || Authorized(h)))
    return nullptr;  // perhaps a workbench path
  return Precheck(h, ctx);
}

Response Service::Handle(const Request& req, RequestContext& ctx) {
  Response res = Answer(req, ctx);
  if (req.method() == http::verb::head) {
    // The headers a GET would get, Content-Length included, and no body.
    size_t length = res.body().size();
    res.body().clear();
    res.content_length(length);
  }
  return res;
}

Response Service::Answer(const Request& req, RequestContext& ctx) {
  try {
    if (auto page = HandleWorkbench(*this, req, ctx)) return std::move(*page);
    if (auto early = Precheck(req.base(), ctx)) {
      early->keep_alive(req.keep_alive());
      return std::move(*early);
    }
    Response res = Route(req, ctx);
    res.keep_alive(req.keep_alive() && res.keep_alive());
    return res;
  } catch (const std::bad_alloc&) {
    return Error(503, "overloaded", "out of memory for this request", ctx,
                 false);
  } catch (const std::exception& e) {
    // A bug: the contract allows no 5xx but 503, and tests look for this.
    return Error(500, "internal", e.what(), ctx, false);
  }
}

}  // namespace verdict::serve
