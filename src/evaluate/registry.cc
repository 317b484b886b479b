// Registry::Standard(): every builtin implementation of src/evaluate,
// registered once.
#include "src/evaluate/builtins.h"

namespace verdict {

const Registry& Registry::Standard() {
  static const Registry* r = [] {
    auto* reg = new Registry();
    RegisterOperators(*reg);
    RegisterStrings(*reg);
    RegisterConversions(*reg);
    RegisterTime(*reg);
    RegisterExtensions(*reg);
    RegisterStringsExt(*reg);
    RegisterMathExt(*reg);
    RegisterEncodersExt(*reg);
    RegisterOptionalsExt(*reg);
    RegisterNetworkExt(*reg);
    return reg;
  }();
  return *r;
}

Value NoOverload(std::string_view fn, std::span<const Value> args) {
  std::string msg =
      "no matching overload for '" + std::string(fn) + "' applied to (";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) msg += ", ";
    msg += KindName(args[i].kind());
  }
  return Value::Error(msg + ")");
}

}  // namespace verdict
