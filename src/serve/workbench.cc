// src/serve/workbench.h: routes of the workbench and their answers.
#include "src/serve/workbench.h"

#include <string>
#include <string_view>

#include "src/serve/request_target.h"
#include "src/serve/workbench_assets.h"
#include "src/serve/workbench_json.h"
#include "verdict/describe.h"
#include "verdict/testing.h"

namespace verdict::serve {
namespace {

// The pages load only their own script and style; nothing else runs.
constexpr const char* kPolicy =
    "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'";

Response Body(int status, std::string_view type, std::string body,
              const RequestContext& ctx, bool keep_alive) {
  Response res{static_cast<http::status>(status), 11};
  res.set(http::field::server, "verdict");
  res.set(http::field::content_type, std::string(type));
  res.set("X-Request-Id", ctx.request_id);
  res.set("X-Content-Type-Options", "nosniff");
  if (type.starts_with("text/html"))
    res.set("Content-Security-Policy", kPolicy);
  res.keep_alive(keep_alive);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

// JSON placed inside <script type="application/json">: '<' only occurs in
// strings, where \u003c means the same and cannot close the element.
std::string ForScript(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

// The page asset with its @DATA@ placeholder replaced by `json`.
std::string Page(std::string_view asset, std::string_view json) {
  const Asset* a = FindAsset(asset);
  std::string html = a ? std::string(a->bytes) : std::string();
  size_t at = html.find("@DATA@");
  if (at != std::string::npos) html.replace(at, 6, ForScript(json));
  return html;
}

constexpr std::string_view kPolicies = "/policies/";

// A policy page's address typed with a trailing slash (`/policies/NAME/`)
// or the pages' folder (`/policies`, `/policies/`), at decoded `path`: a
// permanent redirect to the page without the slash, or to the index, the
// query kept (a browser showed the API's JSON 404 there). Only a slash
// typed as one: an encoded slash (%2F) is part of a name. Any method but
// GET and HEAD: 405, as the page answers. Nullopt for any other path.
std::optional<Response> RedirectSlashed(Service& service, const Request& req,
                                        const std::string& path,
                                        RequestContext& ctx) {
  const std::string_view raw(req.target().data(), req.target().size());
  const size_t q = raw.find('?');
  const std::string_view raw_path = raw.substr(0, q);
  const bool to_page = raw_path.ends_with('/') &&
                       path.size() > kPolicies.size() + 1 &&
                       path.starts_with(kPolicies) &&
                       path.find('/', kPolicies.size()) == path.size() - 1;
  if (!to_page && path != "/policies" && path != kPolicies) return std::nullopt;
  std::string to = to_page
                       ? std::string(raw_path.substr(0, raw_path.size() - 1))
                       : std::string("/");
  if (q != std::string_view::npos) to += raw.substr(q);
  ctx.route = to_page ? "/policies/{name}/" : "/policies";
  const bool keep = req.keep_alive();
  if (!MethodFits(std::string_view(req.method_string().data(),
                                   req.method_string().size()),
                  "GET")) {
    Response res = service.Error(405, "method_not_allowed",
                                 ctx.route + " takes GET", ctx, keep);
    res.set(http::field::allow, AllowHeader("GET"));
    return res;
  }
  Response res =
      Body(308, "text/plain; charset=utf-8", "see " + to + "\n", ctx, keep);
  res.set(http::field::location, to);
  return res;
}

}  // namespace

std::optional<Response> HandleWorkbench(Service& service, const Request& req,
                                        RequestContext& ctx) {
  Target t;
  if (!ParseTarget(std::string_view(req.target().data(), req.target().size()),
                   &t)) {
    return std::nullopt;
  }
  const std::string& path = t.path;
  constexpr std::string_view kAssets = "/assets/";
  constexpr std::string_view kV1 = "/v1/policies/";
  constexpr std::string_view kStructure = "/structure";
  if (auto moved = RedirectSlashed(service, req, path, ctx)) return moved;
  bool page =
      path == "/" || (path.starts_with(kPolicies) &&
                      path.find('/', kPolicies.size()) == std::string::npos);
  bool asset = path.starts_with(kAssets);
  bool structure = path.starts_with(kV1) && path.ends_with(kStructure) &&
                   path.size() > kV1.size() + kStructure.size();
  bool tests = path == "/v1/tests";
  if (!page && !asset && !structure && !tests) return std::nullopt;

  bool keep = req.keep_alive();
  std::string_view method(req.method_string().data(),
                          req.method_string().size());
  const char* want = tests ? "POST" : "GET";
  if (path == "/") ctx.route = "/";
  if (page && path != "/") ctx.route = "/policies/{name}";
  if (asset) ctx.route = "/assets/{file}";
  if (structure) ctx.route = "/v1/policies/{policy}/structure";
  if (tests) ctx.route = "/v1/tests";
  if ((structure || tests) && !service.TokenAccepted(req.base())) {
    return service.Error(401, "unauthorized",
                         "missing or wrong 'Authorization: Bearer' token", ctx,
                         keep);
  }
  if (!MethodFits(method, want)) {
    Response res = service.Error(405, "method_not_allowed",
                                 ctx.route + " takes " + want, ctx, keep);
    res.set(http::field::allow, AllowHeader(want));
    return res;
  }
  try {
    auto pack = service.pack();
    if (asset) {
      std::string name = path.substr(kAssets.size());
      const Asset* a = FindAsset(name);
      if (!a || name.ends_with(".html")) {
        return service.Error(404, "not_found", "no such path: " + path, ctx,
                             keep);
      }
      return Body(200, AssetContentType(name), std::string(a->bytes), ctx,
                  keep);
    }
    if (path == "/") {
      return Body(200, "text/html; charset=utf-8",
                  Page("index.html", PackSummaryJson(*pack)), ctx, keep);
    }
    if (tests) {
      return Body(200, "application/json",
                  TestReportJson(*pack, RunPackTests(*pack)), ctx, keep);
    }
    std::string policy =
        page ? path.substr(kPolicies.size())
             : path.substr(kV1.size(),
                           path.size() - kV1.size() - kStructure.size());
    if (!HasPolicy(*pack, policy)) {
      if (page) {
        return Body(404, "text/html; charset=utf-8",
                    Page("missing.html", PackSummaryJson(*pack)), ctx, keep);
      }
      return service.Error(
          404, "unknown_policy",
          "pack '" + pack->name() + "' has no policy '" + policy + "'", ctx,
          keep);
    }
    std::string json = StructureJson(*pack, DescribePolicy(*pack, policy));
    if (structure) return Body(200, "application/json", json, ctx, keep);
    // The page's default as-of: today in the pack's zone, as the service's
    // default is (the browser's own clock and zone may differ).
    // And the pack's policies, for the links of used policies' rules.
    json.insert(1, "\"today\":\"" + pack->Today().ToString() +
                       "\",\"pack_policies\":" + service.PackPolicies(pack) +
                       ",");
    return Body(200, "text/html; charset=utf-8", Page("policy.html", json), ctx,
                keep);
  } catch (const std::exception& e) {
    return service.Error(500, "internal", e.what(), ctx, false);
  }
}

std::string Service::PackPolicies(const std::shared_ptr<const Pack>& pack) {
  std::lock_guard<std::mutex> lock(pack_policies_mu_);
  if (pack_policies_of_.lock() != pack) {
    pack_policies_ = PackPoliciesJson(*pack);
    pack_policies_of_ = pack;
  }
  return pack_policies_;
}

std::string_view AssetContentType(std::string_view name) {
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace verdict::serve
