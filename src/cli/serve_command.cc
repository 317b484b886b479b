// src/cli/serve_command.h: option parsing for `verdict serve` and
// `verdict replay`.
#include "src/cli/serve_command.h"

#include <memory>
#include <string>

#include "src/cli/validators.h"
#include "src/serve/options.h"
#include "src/serve/replay.h"

namespace verdict::cli {

std::function<std::optional<int>()> AddServeCommands(CLI::App& app) {
  auto opt = std::make_shared<serve::ServeOptions>();
  auto listen = std::make_shared<std::string>("127.0.0.1:8080");
  auto* serve = app.add_subcommand(
      "serve", "serve the pack's policies over HTTP (see README, Serve)");
  serve->add_option("PATH", opt->pack_path, "policy pack folder")->required();
  serve->add_option("--listen", *listen,
                    "HOST:PORT to listen on (default 127.0.0.1:8080; port 0: "
                    "a free port)");
  serve->add_option("--token-file", opt->token_file,
                    "file holding the bearer token that /v1/* requires");
  serve->add_option("--decision-log", opt->decision_log,
                    "append one JSON line per decided record to this file");
  serve
      ->add_option("--threads", opt->threads,
                   "worker threads (default 0: one per core)")
      ->check(AtLeast(0, "a number of threads (0: one per core)"));
  serve->add_option("--tls-cert", opt->tls_cert, "TLS certificate chain (PEM)");
  serve->add_option("--tls-key", opt->tls_key, "TLS private key (PEM)");
  serve->add_flag("--strict", opt->strict,
                  "reject records with fields the policy does not declare");
  serve
      ->add_option("--max-body-bytes", opt->max_body_bytes,
                   "largest buffered request body (default 64 MiB)")
      ->check(AtLeast<int64_t>(1, "a number of bytes of at least 1"));
  serve
      ->add_option("--max-connections", opt->max_connections,
                   "open connections beyond which requests get 503")
      ->check(AtLeast(1, "a number of connections of at least 1"));
  serve
      ->add_option("--read-timeout", opt->read_timeout_seconds,
                   "seconds for a request's header or a body chunk "
                   "(default 10)")
      ->check(AtLeast(1, "a whole number of seconds of at least 1"));
  serve
      ->add_option("--idle-timeout", opt->idle_timeout_seconds,
                   "seconds a keep-alive connection may wait (default 60)")
      ->check(AtLeast(1, "a whole number of seconds of at least 1"));
  serve
      ->add_option("--stream-threshold", opt->stream_threshold_bytes,
                   "NDJSON bodies larger than this are streamed (default 1 "
                   "MiB; 0: every one)")
      ->check(AtLeast<int64_t>(0, "a number of bytes"));
  auto quiet = std::make_shared<bool>(false);
  serve->add_flag("--no-access-log", *quiet, "no access log lines on stderr");

  auto log_path = std::make_shared<std::string>();
  auto pack_path = std::make_shared<std::string>();
  auto replay_strict = std::make_shared<bool>(false);
  auto* replay = app.add_subcommand(
      "replay",
      "decide a decision log's records again with a pack; list those that "
      "differ (exit 2 when some do)");
  replay->add_option("FILE", *log_path, "decision log (JSON Lines)")
      ->required();
  replay->add_option("PATH", *pack_path, "policy pack folder")->required();
  replay->add_flag("--strict", *replay_strict,
                   "reject records with fields the policy does not declare");

  return [=]() -> std::optional<int> {
    if (*serve) {
      size_t colon = listen->rfind(':');
      if (colon == std::string::npos) {
        std::fprintf(stderr, "verdict serve: --listen wants HOST:PORT\n");
        return 1;
      }
      std::string host = listen->substr(0, colon);
      if (host.size() > 1 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
      try {
        int port = std::stoi(listen->substr(colon + 1));
        if (port < 0 || port > 65535) throw std::out_of_range("port");
        opt->port = static_cast<uint16_t>(port);
      } catch (const std::exception&) {
        std::fprintf(stderr, "verdict serve: --listen wants HOST:PORT\n");
        return 1;
      }
      opt->host = host;
      opt->access_log = !*quiet;
      return serve::RunServer(*opt);
    }
    if (*replay) return serve::Replay(*log_path, *pack_path, *replay_strict);
    return std::nullopt;
  };
}

}  // namespace verdict::cli
