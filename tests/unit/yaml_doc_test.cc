// YamlDoc/YNode (built from parser events) against yaml-cpp's own node
// graph (YAML::Load), the reference: every node's kind, text, quoting,
// position, size, children and key lookups must agree, on every YAML file
// of the repository and on generated documents (fixed seed), and a text
// must fail to parse in one exactly when it fails in the other.
#include "src/parse/yaml_doc.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace verdict::syntax {
namespace {

namespace fs = std::filesystem;

// Compares `got` with `want` (and their subtrees); `where` names the path.
void ExpectSame(YNode got, const YAML::Node& want, const std::string& where) {
  ASSERT_EQ(static_cast<bool>(got), want.IsDefined()) << where;
  if (!want.IsDefined()) return;
  EXPECT_EQ(got.IsNull(), want.IsNull()) << where;
  EXPECT_EQ(got.IsScalar(), want.IsScalar()) << where;
  EXPECT_EQ(got.IsSequence(), want.IsSequence()) << where;
  ASSERT_EQ(got.IsMap(), want.IsMap()) << where;
  EXPECT_EQ(got.Mark().line, want.Mark().line) << where;
  EXPECT_EQ(got.Mark().column, want.Mark().column) << where;
  if (want.IsScalar()) {
    EXPECT_EQ(got.Scalar(), want.Scalar()) << where;
    EXPECT_EQ(got.Quoted(), want.Tag() == "!") << where;
  }
  ASSERT_EQ(got.size(), want.size()) << where;
  if (want.IsSequence()) {
    size_t i = 0;
    auto it = want.begin();
    for (YEntry item : got) {
      ExpectSame(item, *it, where + "[" + std::to_string(i) + "]");
      ++it;
      ++i;
    }
    EXPECT_EQ(i, want.size()) << where;
  } else if (want.IsMap()) {
    size_t i = 0;
    auto it = want.begin();
    for (YEntry kv : got) {
      const std::string at = where + "{" + std::to_string(i) + "}";
      ExpectSame(kv.first, it->first, at + ".key");
      ExpectSame(kv.second, it->second, at + ".value");
      if (it->first.IsScalar()) {  // lookup finds the first such key
        const std::string key = it->first.Scalar();
        ExpectSame(got[key], want[key], at + "[" + key + "]");
      }
      ++it;
      ++i;
    }
    EXPECT_EQ(i, want.size()) << where;
    EXPECT_FALSE(got["no such key in any document"]);
  }
}

// Parses `text` both ways and compares; returns whether it parsed.
bool CheckText(const std::string& text, const std::string& name) {
  std::optional<YAML::Node> want;
  try {
    want = YAML::Load(text);
  } catch (const YAML::Exception&) {
  }
  std::string error;
  std::optional<YamlDoc> got = YamlDoc::Parse(text, &error);
  EXPECT_EQ(got.has_value(), want.has_value()) << name << ": " << error;
  if (!got || !want) return false;
  // An empty document: YAML::Load gives a null node without a position.
  if (!got->root()) {
    EXPECT_TRUE(want->IsNull()) << name;
    EXPECT_EQ(want->Mark().line, -1) << name;
    return true;
  }
  ExpectSame(got->root(), *want, name);
  return true;
}

TEST(YamlDocTest, AgreesWithYamlCppOnEveryRepositoryFile) {
  size_t files = 0;
  for (const char* dir : {"rules", "examples", "tests", "bench"}) {
    fs::path root = fs::path(VERDICT_SOURCE_DIR) / dir;
    if (!fs::exists(root)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      const std::string ext = e.path().extension().string();
      if (!e.is_regular_file() || (ext != ".yaml" && ext != ".yml")) continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      CheckText(ss.str(), e.path().string());
      ++files;
    }
  }
  // rules/bss alone holds the five policies, their tests and the calendar.
  EXPECT_GE(files, 12u);
}

// A random document: block mappings and sequences, flow collections, and
// scalars in every style, nulls, duplicate keys and complex keys.
class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  std::string Document() {
    std::string out;
    Block(0, 0, &out);
    return out;
  }

 private:
  size_t Pick(size_t n) {
    return std::uniform_int_distribution<size_t>(0, n - 1)(rng_);
  }

  std::string Scalar() {
    static const std::vector<std::string> kForms = {"plain",
                                                    "two words",
                                                    "'single'",
                                                    "\"double \\\" q\"",
                                                    "''",
                                                    "\"\"",
                                                    "~",
                                                    "null",
                                                    "Null",
                                                    "42",
                                                    "-3.5",
                                                    "true",
                                                    "2026-11-24",
                                                    "\"[1..2)\"",
                                                    "'a: b'",
                                                    "x-y_z",
                                                    "\"\\u00e9t\\u00e9\"",
                                                    "'it''s'",
                                                    "!!str 7",
                                                    "< 200"};
    return kForms[Pick(kForms.size())];
  }

  std::string Flow(int depth) {
    size_t kind = depth > 2 ? 0 : Pick(3);
    if (kind == 0) return Scalar();
    std::string out = kind == 1 ? "[" : "{";
    size_t n = Pick(4);
    for (size_t i = 0; i < n; ++i) {
      if (i) out += ", ";
      if (kind == 1) {
        out += Flow(depth + 1);
      } else {
        out += Key() + ": " + Flow(depth + 1);
      }
    }
    return out + (kind == 1 ? "]" : "}");
  }

  std::string Key() {
    static const std::vector<std::string> kKeys = {
        "a", "b", "id", "when", "'q k'", "rows", "a"};
    return kKeys[Pick(kKeys.size())];
  }

  // A block collection at `indent`; `depth` bounds the nesting.
  void Block(int indent, int depth, std::string* out) {
    const std::string pad(indent, ' ');
    const bool seq = Pick(3) == 0;
    const size_t n = 1 + Pick(4);
    for (size_t i = 0; i < n; ++i) {
      *out += pad;
      if (seq) {
        *out += "- ";
      } else if (Pick(12) == 0) {
        *out += "? [k, " + Scalar() + "]\n" + pad + ": ";
      } else {
        *out += Key() + ":";
        if (Pick(8) == 0) {  // nothing after the colon: null
          *out += "\n";
          continue;
        }
        *out += " ";
      }
      size_t form = depth > 3 ? 0 : Pick(6);
      if (form == 0 || form == 1) {
        *out += Flow(depth) + "\n";
      } else if (form == 2) {
        *out += "|\n" + pad + "  line one\n" + pad + "  line two\n";
      } else {
        *out += "\n";
        Block(indent + 2, depth + 1, out);
      }
      if (Pick(10) == 0) *out += pad + "# a comment\n";
    }
  }

  std::mt19937 rng_;
};

TEST(YamlDocTest, AgreesWithYamlCppOnGeneratedDocuments) {
  Generator gen(20261203);
  size_t parsed = 0, failed = 0;
  for (int i = 0; i < 400; ++i) {
    const std::string doc = gen.Document();
    if (CheckText(doc, "generated #" + std::to_string(i) + ":\n" + doc)) {
      ++parsed;
    }
    // With a UTF-8 byte order mark (yaml-cpp reads it and puts bytes back).
    if (i % 50 == 0) {
      EXPECT_TRUE(CheckText("\xef\xbb\xbf" + doc,
                            "generated #" + std::to_string(i) + " with BOM"));
    }
    // Cut short at a few places: both parse, or both refuse.
    for (size_t cut : {doc.size() / 3, doc.size() / 2, doc.size() - 2}) {
      if (cut == 0 || cut >= doc.size()) continue;
      const std::string part = doc.substr(0, cut);
      if (!CheckText(part,
                     "generated #" + std::to_string(i) + " cut:\n" + part)) {
        ++failed;
      }
    }
  }
  // The generator writes valid YAML; cut texts include broken ones.
  EXPECT_EQ(parsed, 400u);
  EXPECT_GT(failed, 0u);
}

TEST(YamlDocTest, UndefinedNodesReadAsNothing) {
  std::optional<YamlDoc> doc = YamlDoc::Parse("a: [1, 2]\nb: x\n");
  ASSERT_TRUE(doc.has_value());
  YNode missing = doc->root()["zz"];
  EXPECT_FALSE(missing);
  EXPECT_FALSE(missing.IsMap() || missing.IsNull() || missing.IsScalar());
  EXPECT_EQ(missing.Scalar(), "");
  EXPECT_EQ(missing.size(), 0u);
  EXPECT_EQ(missing.Mark().line, -1);
  EXPECT_FALSE(missing["x"]);
  EXPECT_FALSE(doc->root()["a"]["x"]);  // a sequence has no keys
  EXPECT_FALSE(doc->root()["b"]["x"]);  // nor has a scalar
  size_t n = 0;
  for (YEntry e : doc->root()["b"]) n += static_cast<bool>(e) ? 1 : 0;
  EXPECT_EQ(n, 0u);
  EXPECT_FALSE(YamlDoc().root());
  std::string error;
  EXPECT_FALSE(YamlDoc::Parse("a: [1, 2\n", &error).has_value());
  EXPECT_NE(error.find("flow"), std::string::npos) << error;
  EXPECT_FALSE(YamlDoc::Parse("a: &x 1\nb: *x\n", &error).has_value());
  EXPECT_EQ(error, "YAML aliases are not supported");
}

}  // namespace
}  // namespace verdict::syntax
