// CompileEnv's names and the nearest-name hints of error messages; see
// expr_compiler.h.
#include <algorithm>
#include <cctype>

#include "src/check/expr_compiler.h"

namespace verdict {

std::vector<std::string> CompileEnv::Names() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : vars_) out.push_back(k);
  for (const auto& [k, v] : records_) out.push_back(k);
  return out;
}

std::string NearestName(const std::string& name,
                        const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = std::max<size_t>(2, name.size() / 3) + 1;
  for (const std::string& c : candidates) {
    // Internal names (operators such as "_+_", "@in") are never a hint:
    // a user cannot write them.
    auto ident = [](unsigned char ch) {
      return std::isalnum(ch) || ch == '_' || ch == '.';
    };
    if (c.empty() || std::isdigit(static_cast<unsigned char>(c[0])) ||
        !std::all_of(c.begin(), c.end(), ident)) {
      continue;
    }
    std::vector<size_t> prev(c.size() + 1), cur(c.size() + 1);
    for (size_t j = 0; j <= c.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= name.size(); ++i) {
      cur[0] = i;
      for (size_t j = 1; j <= c.size(); ++j) {
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1,
                           prev[j - 1] + (name[i - 1] == c[j - 1] ? 0 : 1)});
      }
      std::swap(prev, cur);
    }
    if (prev[c.size()] < best_d) {
      best_d = prev[c.size()];
      best = c;
    }
  }
  return best;
}

}  // namespace verdict
