// The OpenAPI 3.1 document of the service (src/serve/openapi.json), built
// into the binary by CMake so /openapi.json always matches the source.
#ifndef VERDICT_SRC_SERVE_OPENAPI_H_
#define VERDICT_SRC_SERVE_OPENAPI_H_

#include <string_view>

namespace verdict::serve {
std::string_view OpenApiJson();
}  // namespace verdict::serve

#endif  // VERDICT_SRC_SERVE_OPENAPI_H_
