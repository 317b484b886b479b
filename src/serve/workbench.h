// The policy workbench served by `verdict serve` (issue 11): HTML pages for
// the people who own the policies, and the two JSON endpoints they read.
//
//   GET  /                           the pack and its policies (no token)
//   GET  /policies/{name}            one policy: tables, try-it, coverage,
//                                    sample (no token)
//   GET  /assets/{file}              the pages' script and style (no token)
//   GET  /v1/policies/{p}/structure  the policy as written (token)
//   POST /v1/tests                   the pack's own tests, rule coverage
//                                    (token)
//
// Pages carry their data inline, so they read without the token; the
// page's API calls (decide, tests) send the token the user types.
#ifndef VERDICT_SRC_SERVE_WORKBENCH_H_
#define VERDICT_SRC_SERVE_WORKBENCH_H_

#include <optional>

#include "src/serve/service.h"

namespace verdict::serve {

// The answer when the request is for one of the paths above; nullopt for
// any other path (the service's own routes answer it). Never throws.
std::optional<Response> HandleWorkbench(Service& service, const Request& req,
                                        RequestContext& ctx);

}  // namespace verdict::serve

#endif  // VERDICT_SRC_SERVE_WORKBENCH_H_
