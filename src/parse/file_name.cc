#include "src/parse/file_name.h"

#include <utility>

namespace verdict::syntax {

FileName::FileName(std::string name)
    : name_(name.empty()
                ? nullptr
                : std::make_shared<const std::string>(std::move(name))) {}

const std::string& FileName::str() const {
  static const std::string kEmpty;
  return name_ ? *name_ : kEmpty;
}

}  // namespace verdict::syntax
