// Hot reload under load: evaluating threads never see a torn pack.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <thread>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

// Version N of the pack sets the high-end threshold to N, so a decision's
// output must agree with the version it reports.
std::string PolicyText(int version) {
  return "policy: tier\nrecord: c\nfields:\n  arpu: money\noutputs:\n  "
         "threshold: int\n"
         "  high: bool\ndecisions:\n  - id: t\n    rules:\n      - id: r\n     "
         "   then: "
         "{threshold: " +
         std::to_string(version) +
         ", high: \"=c.arpu >= " + std::to_string(version) + "\"}\n";
}

void WriteVersion(const std::string& dir, int version) {
  // Write to temporary names and rename, as a deployment would.
  std::filesystem::path d(dir);
  std::ofstream(d / "pack.yaml.tmp")
      << "pack: reload\nversion: \"" << version << "\"\n";
  std::ofstream(d / "tier.yaml.tmp") << PolicyText(version);
  std::filesystem::rename(d / "tier.yaml.tmp", d / "tier.yaml");
  std::filesystem::rename(d / "pack.yaml.tmp", d / "pack.yaml");
}

TEST(ReloadStressTest, ConcurrentEvaluationsSeeExactlyOneVersion) {
  std::string dir = testing_util::WritePack("reload", {});
  WriteVersion(dir, 1);
  PackHandle handle(dir);
  std::atomic<bool> stop{false};
  std::atomic<int64_t> decisions{0}, torn{0};
  std::mutex seen_mu;
  std::set<std::string> versions_seen;
  auto evaluate = [&] {
    EvalOptions opt;
    opt.as_of = *Date::Parse("2026-11-24");
    opt.audit = true;
    std::set<std::string> local;
    int64_t n = 0;
    while (!stop.load()) {
      std::shared_ptr<const Pack> pack = handle.Get();
      for (int arpu : {0, 250, 500, 750, 1000}) {
        Decision d = pack->Evaluate("tier", {{"arpu", Value::Int(arpu)}}, opt);
        ++n;
        if (!d.ok() || !d.audit) {
          ++torn;
          continue;
        }
        int version = std::stoi(d.audit->version);
        bool high = d.Get("high")->as_bool();
        if (d.Get("threshold")->as_int() != version ||
            high != (arpu >= version))
          ++torn;
        local.insert(d.audit->version);
      }
    }
    decisions += n;
    std::lock_guard<std::mutex> lock(seen_mu);
    versions_seen.insert(local.begin(), local.end());
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) threads.emplace_back(evaluate);
  int reloads_ok = 0;
  for (int v = 2; v <= 1001; ++v) {
    WriteVersion(dir, v);
    LoadResult r = handle.Reload();
    reloads_ok += r.ok();
  }
  stop = true;
  for (auto& t : threads) t.join();
  std::cout << "reload stress: " << decisions.load() << " decisions, "
            << reloads_ok << " reloads, " << versions_seen.size()
            << " versions seen, " << torn.load() << " torn\n";
  RecordProperty("decisions", static_cast<int>(decisions.load()));
  RecordProperty("versions_seen", static_cast<int>(versions_seen.size()));
  EXPECT_EQ(reloads_ok, 1000);
  EXPECT_EQ(torn.load(), 0);
  EXPECT_GT(decisions.load(), 0);
  EXPECT_GT(versions_seen.size(), 1u);
  EXPECT_EQ(handle.Get()->version(), "1001");
}

TEST(ReloadStressTest, AFailedReloadKeepsTheCurrentPack) {
  std::string dir = testing_util::WritePack("reload_fail", {});
  WriteVersion(dir, 7);
  PackHandle handle(dir);
  std::ofstream(std::filesystem::path(dir) / "tier.yaml")
      << "policy: tier\nfields: [broken\n";
  LoadResult r = handle.Reload();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(handle.Get()->version(), "7");
  EXPECT_EQ(handle.generation(), 1u);
}

}  // namespace
}  // namespace verdict
