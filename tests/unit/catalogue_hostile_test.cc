// The hostile and broken packs of tests/CATALOGUE.md: for each class, the
// exact text `verdict check` prints, and that the catalogue shows it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "tests/unit/cli_runner.h"
#include "tests/unit/test_util.h"

namespace verdict {
namespace {

namespace fs = std::filesystem;

// The pack's policy; extras are appended at line 13.
const char* kPolicy = R"(policy: p
record: r
fields:
  day: date
outputs:
  due: date
decisions:
  - id: d
    rules:
      - id: x
        then:
          due: =add_days(r.day, 1)
)";

constexpr const char* kPackYaml = "pack: t\nversion: \"1\"\nzone: \"+08:00\"\n";

std::string Replace(std::string s, const std::string& from,
                    const std::string& to) {
  for (size_t at; (at = s.find(from)) != std::string::npos;)
    s.replace(at, from.size(), to);
  return s;
}

class CatalogueHostileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing_util::WritePack(
        std::string("cat_") +
            ::testing::UnitTest::GetInstance()->current_test_info()->name(),
        {{"pack.yaml", kPackYaml}, {"p.yaml", kPolicy}});
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(fs::path(dir_) / name, std::ios::trunc) << text;
  }
  // `verdict check` of the pack: stdout and stderr, the pack folder as PACK.
  std::string Check() {
    testing::CliOutput r = testing::RunCli("check " + dir_);
    EXPECT_EQ(r.status, 1) << r.out;
    return Replace(r.out, dir_, "PACK");
  }
  // Expects `verdict check` to print `lines` then the error count, and the
  // catalogue to show `catalogued` (the line the row is about).
  void Expect(const std::string& lines, int errors,
              const std::string& catalogued) {
    EXPECT_EQ(Check(),
              lines + "PACK: " + std::to_string(errors) + " error(s)\n");
    EXPECT_TRUE(testing_util::InCatalogue(catalogued))
        << "tests/CATALOGUE.md does not show: " << catalogued;
  }
  std::string dir_;
};

std::string Bomb() {  // the issue's: ten ones, then nine levels of ten aliases
  std::string s = "a0: &a0 [1,1,1,1,1,1,1,1,1,1]\n";
  for (int l = 1; l <= 9; ++l) {
    std::string alias = "*a" + std::to_string(l - 1);
    s += "a" + std::to_string(l) + ": &a" + std::to_string(l) + " [" + alias;
    for (int i = 1; i < 10; ++i) s += ", " + alias;
    s += "]\n";
  }
  return s;
}

constexpr const char* kNoAnchors =
    ": anchors and aliases are not allowed in pack files (write the value "
    "out where it is used)";

TEST_F(CatalogueHostileTest, AliasBomb) {
  Write("p.yaml", kPolicy + Bomb());
  std::string line =
      std::string("PACK/p.yaml:13:5: error: YAML anchor '&a0'") + kNoAnchors;
  Expect(line + "\n", 1, line);
}

TEST_F(CatalogueHostileTest, AliasWithoutAnchor) {
  Write("p.yaml", std::string(kPolicy) + "x: [*a0, 1]\n");
  std::string line =
      std::string("PACK/p.yaml:13:5: error: YAML alias '*a0'") + kNoAnchors;
  Expect(line + "\n", 1, line);
}

TEST_F(CatalogueHostileTest, SecondDocument) {
  Write("p.yaml", std::string(kPolicy) + "---\npolicy: q\n");
  std::string line =
      "PACK/p.yaml:13:1: error: a second YAML document starts here; a pack "
      "file holds one (remove the '---' line or split the file)";
  Expect(line + "\n", 1, line);
}

TEST_F(CatalogueHostileTest, DeepNesting) {
  Write("p.yaml", std::string(kPolicy) + "x: " + std::string(100, '[') + "1" +
                      std::string(100, ']') + "\n");
  std::string line =
      "PACK/p.yaml:13:68: error: YAML nesting deeper than 64 levels "
      "(Limits::max_yaml_depth)";
  Expect(line + "\n", 1, line);
}

TEST_F(CatalogueHostileTest, DuplicateKey) {
  Write("p.yaml", std::string(kPolicy) + "decisions: []\n");
  std::string line =
      "PACK/p.yaml:13:1: error: duplicate key 'decisions' (the first is at "
      "line 7)";
  Expect(line + "\n", 1, line);
}

TEST_F(CatalogueHostileTest, DeeplyNestedType) {
  std::string type;
  for (int i = 0; i < 20000; ++i) type += "list(";
  type += "int" + std::string(20000, ')');
  std::string policy = kPolicy;
  policy.insert(policy.find("outputs:"), "  deep: " + type + "\n");
  Write("p.yaml", policy);
  std::string line =
      "PACK/p.yaml:5:9: error: type nested too deeply: more than 250 levels "
      "of list(...) (Limits::max_depth)";
  Expect(line + "\n", 1, line);
}

TEST_F(CatalogueHostileTest, MissingCalendar) {
  Write("pack.yaml", std::string(kPackYaml) + "calendar: calendar.yaml\n");
  std::string line =
      "PACK/pack.yaml:4:11: error: calendar 'calendar.yaml' does not exist "
      "in the pack folder";
  Expect(line + "\n", 1, line);
}

TEST_F(CatalogueHostileTest, CalendarOutsideThePack) {
  Write("pack.yaml",
        std::string(kPackYaml) + "calendar: ../shared/calendar.yaml\n");
  std::string line =
      "PACK/pack.yaml:4:11: error: calendar '../shared/calendar.yaml' is "
      "outside the pack folder; name a file inside it";
  Expect(line + "\n", 1, line);
}

TEST_F(CatalogueHostileTest, AbsoluteCalendarPath) {
  Write("pack.yaml",
        std::string(kPackYaml) + "calendar: /etc/verdict/calendar.yaml\n");
  std::string line =
      "PACK/pack.yaml:4:11: error: calendar '/etc/verdict/calendar.yaml' is "
      "an absolute path; name a file inside the pack folder, relative to it";
  Expect(line + "\n", 1, line);
}

TEST_F(CatalogueHostileTest, CalendarLinkOutOfThePack) {
  fs::path outside = fs::temp_directory_path() /
                     ("verdict_cat_outside_" + std::to_string(getpid()));
  std::ofstream(outside) << testing_util::kWeekendCalendar;
  fs::create_symlink(outside, fs::path(dir_) / "calendar.yaml");
  Write("pack.yaml", std::string(kPackYaml) + "calendar: calendar.yaml\n");
  std::string out = Replace(Check(), fs::canonical(outside).string(), "OUT");
  fs::remove(outside);
  std::string file_line =
      "PACK/calendar.yaml: error: a link to 'OUT', outside the pack folder (a "
      "pack is the files in its folder)";
  std::string name_line =
      "PACK/pack.yaml:4:11: error: calendar 'calendar.yaml' is a link to "
      "'OUT', outside the pack folder; name a file inside it";
  EXPECT_EQ(out, file_line + "\n" + name_line + "\nPACK: 2 error(s)\n");
  EXPECT_TRUE(testing_util::InCatalogue(file_line));
  EXPECT_TRUE(testing_util::InCatalogue(name_line));
}

TEST_F(CatalogueHostileTest, DanglingLinkInThePack) {
  fs::create_symlink(fs::path(dir_) / "gone.yaml",
                     fs::path(dir_) / "refund.yaml");
  std::string line =
      "PACK/refund.yaml: error: cannot read: a link to a file that does not "
      "exist";
  Expect(line + "\n", 1, line);
}

TEST_F(CatalogueHostileTest, WorkingDaysWithoutACalendar) {
  Write("p.yaml", Replace(kPolicy, "add_days", "add_workdays"));
  std::string line =
      "PACK/p.yaml:12:17: error: 'add_workdays' counts working days, but the "
      "pack has no calendar (add calendar.yaml, or name one in pack.yaml "
      "with 'calendar: FILE')";
  Expect(line + "\n", 1, line);
}

}  // namespace
}  // namespace verdict
