// pack.yaml's name and version: text the service's `Verdict-Pack:
// NAME/VERSION/HASH` header can carry, else a pack error at the value.
#include <gtest/gtest.h>

#include <string>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

using testing_util::DiagnosticsText;
using testing_util::kTierPolicy;
using testing_util::WritePack;

LoadResult LoadWithPackFile(const std::string& pack_yaml) {
  return Pack::Load(WritePack(
      "pack_yaml", {{"pack.yaml", pack_yaml}, {"tier.yaml", kTierPolicy}}));
}

// A CR/LF in the name once split the service's Verdict-Pack header into a
// second, injected header; a '/' made NAME/VERSION/HASH ambiguous.
TEST(PackYamlTest, ANameOrVersionTheHeaderCannotCarryIsAnError) {
  LoadResult r = LoadWithPackFile(
      "pack: \"a/b c\\r\\nX-Evil: 1\"\nversion: \"1/2 3\"\nzone: "
      "\"+08:00\"\n");
  EXPECT_FALSE(r.ok());
  const std::string all = DiagnosticsText(r);
  EXPECT_NE(all.find("pack.yaml:1:8: error: the pack's name holds character "
                     "'/': write letters, digits, '_', '-' and '.', starting "
                     "with a letter or digit (such as bss) (it is written in "
                     "the service's Verdict-Pack header, NAME/VERSION/HASH)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("pack.yaml:2:11: error: the pack's version holds "
                     "character '/': write visible ASCII without spaces or "
                     "'/' (such as 2026.11.0)"),
            std::string::npos)
      << all;
}

TEST(PackYamlTest, EachRefusedCharacterIsNamed) {
  struct Case {
    const char* pack_yaml;
    const char* message;
  };
  const Case cases[] = {
      {"pack: \"a\\r\\nX: 1\"\n", "the pack's name holds character U+000D"},
      {"pack: \"\"\n", "pack.yaml:1:8: error: the pack's name is empty"},
      {"pack: _x\n", "the pack's name holds character '_'"},
      {"pack: 客户\n", "the pack's name holds character '客' (U+5BA2)"},
      {"pack: p\nversion: \"1 2\"\n", "the pack's version holds character ' '"},
      {"pack: p\nversion: \"\"\n", "the pack's version is empty"},
      {"pack: p\nversion: \"1\\n\"\n",
       "the pack's version holds character U+000A"},
  };
  for (const Case& c : cases) {
    LoadResult r = LoadWithPackFile(c.pack_yaml);
    EXPECT_FALSE(r.ok()) << c.pack_yaml;
    EXPECT_NE(DiagnosticsText(r).find(c.message), std::string::npos)
        << c.pack_yaml << DiagnosticsText(r);
  }
}

TEST(PackYamlTest, WordNamesAndVisibleVersionsLoad) {
  LoadResult r = LoadWithPackFile(
      "pack: 2nd_desk-new.york\nversion: 2026.11.0-rc.1+b7_x\n");
  ASSERT_TRUE(r.ok()) << DiagnosticsText(r);
  EXPECT_EQ(r.pack->name(), "2nd_desk-new.york");
  EXPECT_EQ(r.pack->version(), "2026.11.0-rc.1+b7_x");
  EXPECT_TRUE(LoadWithPackFile("pack: p\nversion: 1\n").ok());
}

// China's zone by default, but never silently: a pack written for New York
// that forgot `zone:` would read every datetime 12 or 13 hours off.
TEST(PackYamlTest, APackFileWithoutAZoneWarnsOfTheDefault) {
  LoadResult r = LoadWithPackFile("pack: p\nversion: 1\n");
  ASSERT_TRUE(r.ok()) << DiagnosticsText(r);
  EXPECT_EQ(r.pack->zone().Name(), "+08:00");
  const std::string all = DiagnosticsText(r);
  EXPECT_NE(all.find("pack.yaml:1:1: warning: pack.yaml sets no zone: "
                     "datetimes are read and written in +08:00 (China "
                     "Standard Time); write 'zone: +08:00' (or the pack's "
                     "own zone, such as America/New_York) to say so"),
            std::string::npos)
      << all;
  LoadResult with_zone = LoadWithPackFile("pack: p\nversion: 1\nzone: UTC\n");
  ASSERT_TRUE(with_zone.ok());
  EXPECT_EQ(DiagnosticsText(with_zone), "");
}

}  // namespace
}  // namespace verdict
