// Validators of the command line's numeric options, shared by the
// subcommands (CLI11's own range check prints its bound, up to a
// 310-digit double, and says nothing useful for a word).
#ifndef VERDICT_SRC_CLI_VALIDATORS_H_
#define VERDICT_SRC_CLI_VALIDATORS_H_

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdint>
#include <string>

namespace verdict::cli {

// A whole number of type T of at least `min`, `what` naming the unit for
// the message. A zero or negative timeout, connection limit, body limit or
// thread count was once taken: the service then said it listened and
// answered nothing (or refused every body).
template <typename T = int>
CLI::Validator AtLeast(T min, std::string what) {
  return CLI::Validator(
      [min, what](std::string& text) {
        T n = 0;
        const char* end = text.data() + text.size();
        auto [at, ec] = std::from_chars(text.data(), end, n);
        if (ec == std::errc() && at == end && n >= min) return std::string();
        return "'" + text + "' is not " + what;
      },
      "INT");
}

}  // namespace verdict::cli

#endif  // VERDICT_SRC_CLI_VALIDATORS_H_
