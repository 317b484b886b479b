// A hostile pack reloaded while the decision service serves (issue 14):
// POST /v1/reload of an alias bomb or of a pack that lost its calendar is
// refused with the positioned diagnostic, and the old version keeps
// deciding. Through serve::Service::Handle, without sockets.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "src/serve/service.h"
#include "tests/unit/test_util.h"

namespace verdict {
namespace {

namespace fs = std::filesystem;
namespace http = boost::beast::http;

constexpr const char* kPackYaml =
    "pack: t\nversion: \"1\"\nzone: \"+08:00\"\ncalendar: calendar.yaml\n";

// Policy p: due is two working days after r.day.
constexpr const char* kPolicy =
    "policy: p\nrecord: r\nfields:\n  day: date\noutputs:\n  due: date\n"
    "decisions:\n  - id: d\n    rules:\n      - id: a\n        then:\n"
    "          due: =add_workdays(r.day, 2)\n";

std::string Bomb() {
  std::string s = "a0: &a0 [1,1,1,1,1,1,1,1,1,1]\n";
  for (int l = 1; l <= 12; ++l) {
    std::string alias = "*a" + std::to_string(l - 1);
    s += "a" + std::to_string(l) + ": &a" + std::to_string(l) + " [" + alias;
    for (int i = 1; i < 10; ++i) s += ", " + alias;
    s += "]\n";
  }
  return s;
}

class ServeReloadHostileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing_util::WritePack(
        std::string("serve_") +
            ::testing::UnitTest::GetInstance()->current_test_info()->name(),
        {{"pack.yaml", kPackYaml},
         {"p.yaml", kPolicy},
         {"calendar.yaml", testing_util::kWeekendCalendar}});
    serve::ServeOptions options;
    options.pack_path = dir_;
    options.access_log = false;
    service_ = serve::Service::Create(options);
    ASSERT_NE(service_, nullptr);
  }
  void TearDown() override { fs::remove_all(dir_); }

  serve::Response Post(const std::string& target, const std::string& body) {
    serve::Request req{http::verb::post, target, 11};
    req.set(http::field::host, "localhost");
    req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
    serve::RequestContext ctx;
    return service_->Handle(req, ctx);
  }
  // Friday 2026-11-20 + 2 working days: Tuesday 2026-11-24.
  void ExpectOldVersionDecides() {
    serve::Response r = Post("/v1/policies/p/decide?as_of=2026-11-24",
                             R"({"day": "2026-11-20"})");
    EXPECT_EQ(r.result_int(), 200) << r.body();
    EXPECT_NE(r.body().find("\"due\":\"2026-11-24\""), std::string::npos)
        << r.body();
  }

  std::string dir_;
  std::unique_ptr<serve::Service> service_;
};

TEST_F(ServeReloadHostileTest, AliasBombReloadIsRefused) {
  ExpectOldVersionDecides();
  std::ofstream(fs::path(dir_) / "p.yaml", std::ios::trunc)
      << kPolicy << Bomb();
  serve::Response r = Post("/v1/reload", "");
  EXPECT_EQ(r.result_int(), 422) << r.body();
  EXPECT_NE(r.body().find("p.yaml:13:5: error: YAML anchor '&a0': anchors "
                          "and aliases are not allowed in pack files"),
            std::string::npos)
      << r.body();
  ExpectOldVersionDecides();
}

TEST_F(ServeReloadHostileTest, ReloadWithoutTheNamedCalendarIsRefused) {
  fs::remove(fs::path(dir_) / "calendar.yaml");
  serve::Response r = Post("/v1/reload", "");
  EXPECT_EQ(r.result_int(), 422) << r.body();
  EXPECT_NE(r.body().find("pack.yaml:4:11: error: calendar 'calendar.yaml' "
                          "does not exist in the pack folder"),
            std::string::npos)
      << r.body();
  EXPECT_NE(r.body().find("p.yaml:12:17: error: 'add_workdays' counts "
                          "working days, but the pack has no calendar"),
            std::string::npos)
      << r.body();
  ExpectOldVersionDecides();
}

}  // namespace
}  // namespace verdict
