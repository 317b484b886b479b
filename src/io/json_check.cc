#include "src/io/json_check.h"

#include <simdjson.h>

#include <string>

namespace verdict {

namespace {

bool Digit(char c) { return c >= '0' && c <= '9'; }

// `text` with ".0" after every integer of 19 digits or more outside strings
// (a number token with no fraction and no exponent: the token is taken
// whole, as '-', digits, then any of ".eE+-" and digits). Strings are copied as
// they are, escapes included; the grammar is left to simdjson.
std::string WidenBigIntegers(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"') {  // a string, to its closing quote
      size_t j = i + 1;
      while (j < text.size() && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
      j = j < text.size() ? j + 1 : text.size();
      out.append(text, i, j - i);
      i = j;
    } else if (Digit(c) || c == '-') {  // a number token, whole
      size_t j = i + (c == '-');
      const size_t digits_from = j;
      while (j < text.size() && Digit(text[j])) ++j;
      const size_t digits = j - digits_from;
      bool integer = true;
      while (j < text.size() &&
             (Digit(text[j]) || text[j] == '.' || text[j] == 'e' ||
              text[j] == 'E' || text[j] == '+' || text[j] == '-')) {
        integer = false;
        ++j;
      }
      out.append(text, i, j - i);
      if (integer && digits >= 19) out += ".0";
      i = j;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

bool SimdjsonAccepts(std::string_view text, simdjson::error_code* error) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element e;
  *error = parser.parse(text.data(), text.size(), true).get(e);
  return *error == simdjson::SUCCESS;
}

}  // namespace

bool IsOneJsonValue(std::string_view text) {
  simdjson::error_code error;
  if (SimdjsonAccepts(text, &error)) return true;
  if (error != simdjson::NUMBER_ERROR) return false;
  return SimdjsonAccepts(WidenBigIntegers(text), &error);
}

}  // namespace verdict
