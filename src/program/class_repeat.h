// A record field's pattern of the one shape most such patterns have: one
// character class, repeated (`[0-9]{7,11}`, `[A-Z]+`, `\d{6}`,
// `[a-z0-9_]*`). It is matched whole, as RE2 matches a field pattern with
// ANCHOR_BOTH, by a byte table and a length range: RE2's setup per call was
// most of a record's validation where such a pattern is checked. RE2 stays
// the reference (and decides every other shape); tests/unit/
// class_repeat_test.cc compares the two over generated patterns and texts.
#ifndef VERDICT_SRC_PROGRAM_CLASS_REPEAT_H_
#define VERDICT_SRC_PROGRAM_CLASS_REPEAT_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace verdict {

class ClassRepeat {
 public:
  // The fast form of `pattern` (RE2 syntax), or nullopt for any other
  // shape. Accepted: a class `[...]` of ASCII letters, digits and `_`, and
  // ranges between two of them (no negation, no escapes inside), or `\d`;
  // then nothing, `?`, `*`, `+`, `{m}`, `{m,}` or `{m,n}` (m <= n <= 1000,
  // RE2's limit). Only ASCII, case-sensitive classes: a byte outside ASCII
  // is never in the class, so the text's length in bytes is its length in
  // characters whenever it matches.
  static std::optional<ClassRepeat> Parse(std::string_view pattern);

  // Whether all of `text` matches: every byte in the class, and as many as
  // the repeat allows. Thread safety: const.
  bool FullMatch(std::string_view text) const;

 private:
  std::array<bool, 256> in_{};
  size_t min_ = 1;
  size_t max_ = 1;  // kUnbounded: no upper limit
  static constexpr size_t kUnbounded = static_cast<size_t>(-1);
};

}  // namespace verdict

#endif  // VERDICT_SRC_PROGRAM_CLASS_REPEAT_H_
