// The name of a pack file as positions (tree.h) carry it. Every scalar of a
// pack has a position, so a 10,000-row table has tens of thousands of them;
// each holding its own copy of the path cost a heap block apiece (paths are
// longer than std::string's inline buffer). A FileName shares one immutable
// string among all its copies instead. Internal to the syntax tree.
#ifndef VERDICT_SRC_PARSE_FILE_NAME_H_
#define VERDICT_SRC_PARSE_FILE_NAME_H_

#include <memory>
#include <string>
#include <string_view>

namespace verdict::syntax {

class FileName {
 public:
  // The empty name (no file: a position that is not in a file).
  FileName() = default;
  // Makes one shared copy of `name`. Explicit, so that a position built
  // from a plain string (which would allocate a copy per position) is
  // visible where it happens: build the FileName once per file, then copy
  // it.
  explicit FileName(std::string name);

  // The name; "" for the empty name. Valid as long as some copy of this
  // FileName lives.
  const std::string& str() const;
  // Reads as the name, where a const std::string& is wanted.
  operator const std::string&() const { return str(); }  // NOLINT
  bool empty() const { return str().empty(); }

  // By the names' text (not by identity: two loads of one file are equal).
  friend bool operator==(const FileName& a, const FileName& b) {
    return a.str() == b.str();
  }
  friend bool operator==(const FileName& a, std::string_view b) {
    return a.str() == b;
  }
  friend auto operator<=>(const FileName& a, const FileName& b) {
    return a.str() <=> b.str();
  }

 private:
  // Null for the empty name, so that default positions allocate nothing.
  std::shared_ptr<const std::string> name_;
};

}  // namespace verdict::syntax

#endif  // VERDICT_SRC_PARSE_FILE_NAME_H_
