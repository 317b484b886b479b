#include "src/program/class_repeat.h"

#include <cctype>

namespace verdict {
namespace {

bool ClassChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// Reads a decimal count of at most 4 digits at `p[*at]`; false if none.
bool Count(std::string_view p, size_t* at, size_t* out) {
  size_t n = 0, digits = 0;
  while (*at < p.size() && p[*at] >= '0' && p[*at] <= '9' && digits < 5) {
    n = n * 10 + static_cast<size_t>(p[*at] - '0');
    ++*at;
    ++digits;
  }
  *out = n;
  return digits > 0 && digits <= 4;
}

}  // namespace

std::optional<ClassRepeat> ClassRepeat::Parse(std::string_view p) {
  ClassRepeat out;
  size_t at = 0;
  if (p.substr(0, 2) == "\\d") {
    for (char c = '0'; c <= '9'; ++c)
      out.in_[static_cast<unsigned char>(c)] = true;
    at = 2;
  } else if (!p.empty() && p[0] == '[') {
    at = 1;
    bool any = false;
    while (at < p.size() && p[at] != ']') {
      const char lo = p[at];
      if (!ClassChar(lo)) return std::nullopt;
      char hi = lo;
      if (at + 2 < p.size() && p[at + 1] == '-' && p[at + 2] != ']') {
        hi = p[at + 2];
        if (!ClassChar(hi) || hi < lo) return std::nullopt;
        at += 3;
      } else {
        at += 1;
      }
      for (int c = lo; c <= hi; ++c)
        out.in_[static_cast<unsigned char>(c)] = true;
      any = true;
    }
    if (at >= p.size() || !any) return std::nullopt;
    ++at;  // the ']'
  } else {
    return std::nullopt;
  }
  if (at == p.size()) return out;  // exactly one
  const char q = p[at++];
  if (q == '?' || q == '*' || q == '+') {
    out.min_ = q == '+' ? 1 : 0;
    out.max_ = q == '?' ? 1 : kUnbounded;
  } else if (q == '{') {
    if (!Count(p, &at, &out.min_)) return std::nullopt;
    out.max_ = out.min_;
    if (at < p.size() && p[at] == ',') {
      ++at;
      out.max_ = kUnbounded;
      if (at < p.size() && p[at] != '}' && !Count(p, &at, &out.max_))
        return std::nullopt;
    }
    if (at >= p.size() || p[at] != '}') return std::nullopt;
    ++at;
    if (out.min_ > 1000 || (out.max_ != kUnbounded && out.max_ > 1000) ||
        out.max_ < out.min_) {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  if (at != p.size()) return std::nullopt;  // `+?`, `{2}{3}`, more atoms
  return out;
}

bool ClassRepeat::FullMatch(std::string_view text) const {
  if (text.size() < min_ || text.size() > max_) return false;
  for (char c : text) {
    if (!in_[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

}  // namespace verdict
