// syntax::FileName: the one shared copy of a file's name that positions
// carry (src/parse/file_name.h).
#include "src/parse/file_name.h"

#include <gtest/gtest.h>

#include <string>

#include "src/parse/tree.h"

namespace verdict::syntax {
namespace {

TEST(FileNameTest, EmptyByDefault) {
  FileName f;
  EXPECT_TRUE(f.empty());
  EXPECT_EQ(f.str(), "");
  EXPECT_EQ(f, FileName(""));
  EXPECT_TRUE(FileName("").empty());
}

TEST(FileNameTest, ReadsAsItsName) {
  const std::string path = "/some/pack/folder/policy_with_a_long_name.yaml";
  FileName f(path);
  EXPECT_FALSE(f.empty());
  EXPECT_EQ(f.str(), path);
  const std::string& as_string = f;
  EXPECT_EQ(as_string, path);
  EXPECT_EQ(f, path);
  EXPECT_FALSE(f == "other.yaml");
}

TEST(FileNameTest, CopiesShareOneString) {
  FileName f(std::string(64, 'x'));
  FileName g = f;
  Pos a{f, 1, 2};
  Pos b = a;
  // The same characters, not equal copies: no copy of the name was made.
  EXPECT_EQ(&g.str(), &f.str());
  EXPECT_EQ(&a.file.str(), &f.str());
  EXPECT_EQ(&b.file.str(), &f.str());
}

TEST(FileNameTest, OutlivesTheOriginal) {
  Pos p;
  {
    FileName f(std::string("a/b/c/d/e/f/g/h/i/j/k/l/m.yaml"));
    p.file = f;
  }
  EXPECT_EQ(p.file.str(), "a/b/c/d/e/f/g/h/i/j/k/l/m.yaml");
}

TEST(FileNameTest, ComparesByText) {
  FileName a("a.yaml"), a2("a.yaml"), b("b.yaml");
  EXPECT_EQ(a, a2);
  EXPECT_NE(&a.str(), &a2.str());
  EXPECT_FALSE(a == b);
  EXPECT_TRUE(a < b);
  EXPECT_TRUE(FileName() < a);
}

TEST(FileNameTest, PositionIsSmallerThanWithAStringCopy) {
  // Why FileName exists: a position per scalar of a pack.
  EXPECT_LT(sizeof(Pos), sizeof(std::string) + 2 * sizeof(int));
}

}  // namespace
}  // namespace verdict::syntax
