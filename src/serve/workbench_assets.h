// The workbench's static files (src/serve/assets/*), compiled into the
// binary by workbench_assets.cmake so `verdict serve` needs no files and no
// network at run time.
#ifndef VERDICT_SRC_SERVE_WORKBENCH_ASSETS_H_
#define VERDICT_SRC_SERVE_WORKBENCH_ASSETS_H_

#include <string_view>

namespace verdict::serve {

struct Asset {
  std::string_view name;  // file name, e.g. "workbench.js"
  std::string_view bytes;
};

// The asset named `name`, or null. The bytes live as long as the program.
const Asset* FindAsset(std::string_view name);

// "text/html; charset=utf-8", "text/javascript; charset=utf-8", ... by the
// name's extension; "application/octet-stream" when unknown.
std::string_view AssetContentType(std::string_view name);

}  // namespace verdict::serve

#endif  // VERDICT_SRC_SERVE_WORKBENCH_ASSETS_H_
