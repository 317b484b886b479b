// The `serve` and `replay` subcommands of the verdict command (bodies in
// src/serve/).
#ifndef VERDICT_SRC_CLI_SERVE_COMMAND_H_
#define VERDICT_SRC_CLI_SERVE_COMMAND_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>

namespace verdict::cli {

// Adds the subcommands to `app`; the returned function, called after
// parsing, runs the chosen one and returns its exit status, or nullopt when
// neither was chosen.
std::function<std::optional<int>()> AddServeCommands(CLI::App& app);

}  // namespace verdict::cli

#endif  // VERDICT_SRC_CLI_SERVE_COMMAND_H_
