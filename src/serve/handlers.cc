// src/serve/service.h: the endpoints' answers once a request passed the
// checks of Precheck (service.cc), and the streamed decide's setup.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "src/io/inflate.h"
#include "src/io/json_records.h"
#include "src/serve/openapi.h"
#include "src/serve/request_target.h"
#include "src/serve/service.h"

namespace verdict::serve {

namespace {

// `body` as the one line `verdict eval` would read: the JSON whitespace
// between tokens (tab, CR, LF) becomes a space, so a pretty-printed object
// reads as itself and nothing else changes: two tokens stay two ("7 2" is
// not 72, as minifying made it). False when a CR or LF sits inside a
// string, which JSON forbids.
bool OneLine(std::string_view body, std::string* line) {
  line->assign(body);
  bool in_string = false, escaped = false;
  for (char& c : *line) {
    if (in_string) {
      if (c == '\n' || c == '\r') return false;
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '\t' || c == '\n' || c == '\r') {
      c = ' ';
    }
  }
  return true;
}

std::string PackJson(const Pack& pack) {
  std::string out = "{\"name\":";
  AppendJsonString(pack.name(), &out);
  out += ",\"version\":";
  AppendJsonString(pack.version(), &out);
  out += ",\"content_hash\":";
  AppendJsonString(pack.content_hash(), &out);
  out += "}";
  return out;
}

// NAME/VERSION/HASH. The loader lets a name or version hold visible ASCII
// only; a byte outside it is still written %XX here, so that no pack can
// end or split the header line (a CR or LF would inject a header).
std::string PackHeader(const Pack& pack) {
  const std::string text =
      pack.name() + "/" + pack.version() + "/" + pack.content_hash();
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x21 && c <= 0x7E && c != '%') {
      out += ch;
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string PolicyJson(const Pack& pack, const PolicyInfo& p) {
  std::string out = "{\"name\":";
  AppendJsonString(p.name, &out);
  out += ",\"description\":";
  AppendJsonString(p.description, &out);
  out += ",\"record\":";
  AppendJsonString(p.record, &out);
  out += p.batch ? ",\"batch\":true" : ",\"batch\":false";
  out += ",\"fields\":[";
  for (size_t i = 0; i < p.fields.size(); ++i) {
    const FieldInfo& f = p.fields[i];
    if (i) out += ",";
    out += "{\"name\":";
    AppendJsonString(f.name, &out);
    out += ",\"type\":";
    AppendJsonString(f.type, &out);
    out += f.required ? ",\"required\":true" : ",\"required\":false";
    out += ",\"default\":" + pack.ToJson(f.default_value) + "}";
  }
  out += "],\"outputs\":[";
  for (size_t i = 0; i < p.outputs.size(); ++i) {
    if (i) out += ",";
    out += "{\"name\":";
    AppendJsonString(p.outputs[i].first, &out);
    out += ",\"type\":";
    AppendJsonString(p.outputs[i].second, &out);
    out += "}";
  }
  return out + "]}";
}

// The request's pack snapshot and options; the query was checked already.
// Working days read outside the calendar's years count in `outside` (the
// service's metric, which outlives every request).
DecideRequest MakeDecideRequest(std::shared_ptr<const Pack> pack,
                                const RequestHeader& h, std::string policy,
                                const RequestContext& ctx,
                                std::atomic<uint64_t>* outside) {
  Target t;
  ParseTarget(std::string_view(h.target().data(), h.target().size()), &t);
  DecideParams params;
  ParseDecideQuery(t, &params);
  DecideRequest r;
  r.options.as_of = params.as_of ? *params.as_of : pack->Today();
  r.options.trace = params.trace;
  r.options.audit = params.audit;
  r.options.outside_calendar = outside;
  r.pack = std::move(pack);
  r.policy = std::move(policy);
  r.request_id = ctx.request_id;
  return r;
}

}  // namespace

Response Service::Route(const Request& req, RequestContext& ctx) {
  Target t;
  ParseTarget(std::string_view(req.target().data(), req.target().size()), &t);
  Routed r = Classify(t.path);
  switch (r.endpoint) {
    case Endpoint::kHealthz:
      return Json(200, "{\"status\":\"ok\"}", ctx, true);
    case Endpoint::kReadyz:
      if (draining_) return Error(503, "not_ready", "draining", ctx);
      return Json(200,
                  "{\"status\":\"ready\",\"pack\":" + PackJson(*pack()) + "}",
                  ctx, true);
    case Endpoint::kMetrics: {
      Response res = Json(200, metrics_.Render(*pack()), ctx, true);
      res.set(http::field::content_type, "text/plain; version=0.0.4");
      return res;
    }
    case Endpoint::kOpenApi:
      return Json(200, std::string(OpenApiJson()), ctx, true);
    case Endpoint::kPolicies:
    case Endpoint::kPolicy:
      return Policies(req, ctx, r.policy);
    case Endpoint::kDecide:
      return Decide(req, ctx, r.policy);
    case Endpoint::kReload:
      return DoReload(req, ctx);
    case Endpoint::kNotFound:
      break;
  }
  return Error(404, "not_found", "no such path", ctx);
}

Response Service::Policies(const Request& req, RequestContext& ctx,
                           std::string_view policy) {
  auto pack = handle_->Get();
  if (!policy.empty() && !HasPolicy(*pack, policy)) {
    return Error(404, "unknown_policy",
                 "no policy '" + std::string(policy) + "'", ctx);
  }
  if (!policy.empty()) {
    return Json(200, PolicyJson(*pack, pack->Policy(policy)), ctx, true);
  }
  std::string out = "{\"pack\":" + PackJson(*pack) + ",\"policies\":[";
  bool first = true;
  for (const auto& name : pack->PolicyNames()) {
    if (!first) out += ",";
    first = false;
    out += PolicyJson(*pack, pack->Policy(name));
  }
  return Json(200, out + "]}", ctx, true);
}

LoadResult Service::Reload() {
  LoadResult r = handle_->Reload();
  metrics_.CountReload(r.ok());
  return r;
}

Response Service::DoReload(const Request& req, RequestContext& ctx) {
  LoadResult r = Reload();
  if (r.ok())
    return Json(200, "{\"pack\":" + PackJson(*r.pack) + "}", ctx, true);
  std::string body =
      "{\"error\":{\"code\":\"invalid_pack\",\"message\":\"the pack did not "
      "load; the previous version keeps serving\",\"field\":null,"
      "\"diagnostics\":[";
  bool first = true;
  for (const auto& d : r.diagnostics) {
    if (d.severity != Diagnostic::Severity::kError) continue;
    if (!first) body += ",";
    first = false;
    AppendJsonString(d.ToString(), &body);
  }
  return Json(422, body + "]}}", ctx, true);
}

Response Service::Decide(const Request& req, RequestContext& ctx,
                         std::string_view policy) {
  DecideRequest r =
      MakeDecideRequest(handle_->Get(), req.base(), std::string(policy), ctx,
                        metrics_.outside_calendar());
  if (!HasPolicy(*r.pack, policy)) {  // removed by a reload since Precheck
    return Error(404, "unknown_policy",
                 "no policy '" + std::string(policy) + "'", ctx);
  }
  r.log = log_ != nullptr;
  const Pack& pack = *r.pack;
  bool batch = pack.Policy(policy).batch;
  if (batch && r.log) {
    r.batch_id = fmt::format("{}-{}", ctx.request_id, ++batch_serial_);
  }
  ctx.pack = PackHeader(pack);
  // A compressed body (Precheck accepted its coding) not streamed: inflated
  // whole, up to the body limit, as an uncompressed one is read.
  std::string inflated;
  const std::string coding =
      BodyCoding(std::string_view(req[http::field::content_encoding].data(),
                                  req[http::field::content_encoding].size()));
  if (!coding.empty()) {
    std::string why;
    bool too_large = false;
    if (!InflateBody(coding, req.body(), options_.max_body_bytes, &inflated,
                     &why, &too_large)) {
      if (too_large) {
        return Error(413, "too_large",
                     "the " + coding + " body inflates to over the limit of " +
                         std::to_string(options_.max_body_bytes) + " bytes",
                     ctx);
      }
      return Error(400, "bad_request", "the body is " + why, ctx);
    }
  }
  const std::string& body = coding.empty() ? req.body() : inflated;
  bool ndjson =
      MediaType(std::string_view(req[http::field::content_type].data(),
                                 req[http::field::content_type].size())) ==
      "application/x-ndjson";
  std::string out;
  int status = 200;
  if (ndjson) {
    out.reserve(body.size() * 2 + 64);  // answers are about 2x input
    DecideLines(r, body, &out);
  } else {
    // One JSON object, perhaps pretty-printed, read as one line.
    std::string line;
    if (!OneLine(body, &line)) {
      return Error(400, "invalid_json", "the body is not one JSON object", ctx);
    }
    DecideLines(r, line, &out);
    if (r.records != 1) {
      return Error(400, "invalid_json", "the body is not one JSON object", ctx);
    }
    out.pop_back();  // the object, without the line's newline
    size_t limit = LoadOptions().limits.max_record_bytes;
    if (r.last_error_code == "invalid_json" && line.size() <= limit) {
      status = 400;
    } else if (!r.last_error_code.empty()) {
      status = 422;
    }
  }
  // Logged and counted by Commit once the session has written the answer.
  ctx.policy = std::string(policy);
  ctx.unwritten = std::move(r.unwritten);
  Response res = Json(status, std::move(out), ctx, true);
  if (ndjson) res.set(http::field::content_type, "application/x-ndjson");
  return res;  // Verdict-Pack: the session's Reply names it (NamePack)
}

std::unique_ptr<DecideStream> Service::StartStream(
    const RequestHeader& h, bool chunked, std::optional<uint64_t> length,
    RequestContext& ctx) {
  if (h.method() != http::verb::post) return nullptr;
  Target t;
  Routed r;
  if (!RouteTarget(std::string_view(h.target().data(), h.target().size()), &t,
                   &r) ||
      r.endpoint != Endpoint::kDecide) {
    return nullptr;
  }
  RequestContext probe = ctx;
  if (Precheck(h, probe)) return nullptr;  // Handle will answer the error
  if (MediaType(std::string_view(h[http::field::content_type].data(),
                                 h[http::field::content_type].size())) !=
      "application/x-ndjson") {
    return nullptr;
  }
  auto pack = handle_->Get();
  if (!HasPolicy(*pack, r.policy) || pack->Policy(r.policy).batch)
    return nullptr;  // Handle answers
  if (!chunked && (!length || *length <= options_.stream_threshold_bytes))
    return nullptr;
  // A compressed body counts by its size on the wire, as a plain one: over
  // the threshold (or chunked) it streams, inflated only while the answers
  // waiting to be written leave room (StreamInput); under it, it is read
  // whole and inflated up to the body limit (Decide).
  ctx.route = probe.route;
  ctx.pack = PackHeader(*pack);
  DecideRequest d = MakeDecideRequest(std::move(pack), h, r.policy, ctx,
                                      metrics_.outside_calendar());
  d.log = log_ != nullptr;
  return std::make_unique<DecideStream>(std::move(d));
}

void Service::StreamHeaders(const DecideStream& s, const RequestContext& ctx,
                            http::response_header<>* h) const {
  h->result(http::status::ok);
  h->version(11);
  h->set(http::field::server, "verdict");
  h->set(http::field::content_type, "application/x-ndjson");
  h->set("X-Request-Id", ctx.request_id);
  h->set("Verdict-Pack", ctx.pack);
}

void Service::NamePack(std::string_view target, const RequestContext& ctx,
                       http::response_header<>* h) const {
  Target t;
  Routed r;
  if (!RouteTarget(target, &t, &r) || r.endpoint != Endpoint::kDecide) return;
  h->set("Verdict-Pack", ctx.pack.empty() ? PackHeader(*pack()) : ctx.pack);
}

void Service::Commit(std::string_view policy, Unwritten* u) {
  if (log_ && !u->log_text.empty()) {
    if (int err = log_->Append(u->log_text)) {
      // Nothing is lost silently: counted in /metrics, and said on stderr
      // (the first failure, then every 1000th, so a full disk cannot flood
      // it).
      const uint64_t lines = static_cast<uint64_t>(
          std::count(u->log_text.begin(), u->log_text.end(), '\n'));
      const uint64_t failures = metrics_.CountLogFailure(lines);
      if (failures == 1 || failures % 1000 == 0) {
        std::fprintf(stderr,
                     "verdict serve: writing the decision log failed: %s (%zu "
                     "failed writes so far; see /metrics)\n",
                     std::strerror(err), static_cast<size_t>(failures));
      }
    }
  }
  if (u->ok > 0 || !u->outcomes.empty())
    metrics_.CountDecisions(policy, u->ok, u->outcomes);
  *u = Unwritten();
}

}  // namespace verdict::serve
