// Differential test of error positions inside YAML scalars: random
// expressions, each with a marker (a field the record does not have),
// written in every YAML scalar style with random indentation, line breaks,
// blanks and escapes. The error at the marker must be where a plain search
// of the file's bytes finds the marker, whatever the style did to the text.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

enum class Style {
  kPlain,
  kSingle,
  kDouble,
  kLiteral,
  kFolded,
  kFlowSeq,
  kFlowMap,
};

class Gen {
 public:
  explicit Gen(uint32_t seed) : rng_(seed) {}

  int Int(int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng_);
  }
  bool Coin(int percent) { return Int(1, 100) <= percent; }

  // An expression's words (no blanks in a word), `marker` among them.
  std::vector<std::string> Words(const std::string& marker) {
    static const char* kConds[] = {"r.a > 1", "r.s == 'it'", "size(r.s) > 0",
                                   "(r.a + 2) > 3", "r.s != ''"};
    std::vector<std::string> conds;
    const int n = Int(0, 3), at = Int(0, n);
    for (int i = 0; i <= n; ++i)
      conds.push_back(i == at ? "r." + marker + " > 2" : kConds[Int(0, 4)]);
    std::vector<std::string> words;
    for (size_t i = 0; i < conds.size(); ++i) {
      if (i > 0) words.push_back(Coin(50) ? "&&" : "||");
      size_t b = 0;
      const std::string& c = conds[i];
      for (size_t e; (e = c.find(' ', b)) != std::string::npos; b = e + 1)
        words.push_back(c.substr(b, e - b));
      words.push_back(c.substr(b));
    }
    return words;
  }

  std::string Indent(int n) { return std::string(static_cast<size_t>(n), ' '); }

  // Between two words of a flow scalar (plain or quoted) continued on lines
  // indented at least `min`: a space, or a line break (after blanks, before
  // empty lines, both of which YAML drops or folds).
  std::string FlowGap(int min) {
    if (Coin(60)) return Coin(80) ? " " : "  ";
    std::string g = Coin(30) ? " \t" : "";
    g += "\n";
    if (Coin(20)) g += Indent(Int(0, 3)) + "\n";
    return g + Indent(min + Int(0, 4));
  }

  // `w` for a double-quoted scalar: some bytes escaped (not the marker's).
  std::string DoubleWord(const std::string& w, bool marker) {
    std::string out;
    for (char c : w) {
      if (!marker && Coin(15)) {
        static const char* kHex = "0123456789abcdef";
        const auto u = static_cast<unsigned char>(c);
        std::string hex = {kHex[u >> 4], kHex[u & 15]};
        const int k = Int(0, 2);
        out += k == 0   ? "\\x" + hex
               : k == 1 ? "\\u00" + hex
                        : "\\U000000" + hex;
      } else if (c == '\\' || c == '"') {
        out += std::string("\\") + c;
      } else {
        out += c;
      }
    }
    return out;
  }

 private:
  std::mt19937 rng_;
};

// The flow scalar (plain, 'single' or "double") of `words`, its continuation
// lines indented at least `min`.
std::string FlowScalar(Gen& g, const std::vector<std::string>& words,
                       const std::string& marker, char quote, int min) {
  std::string out(quote == 0 ? "" : std::string(1, quote));
  for (size_t i = 0; i < words.size(); ++i) {
    const bool m = words[i].find(marker) != std::string::npos;
    if (i > 0) {
      if (quote == '"' && g.Coin(15)) {
        out += g.Coin(50) ? " \\t" : " \\\n" + g.Indent(min + g.Int(0, 3));
      } else {
        out += g.FlowGap(min);
      }
    }
    if (quote == '\'') {
      for (char c : words[i]) out += c == '\'' ? "''" : std::string(1, c);
    } else if (quote == '"') {
      out += g.DoubleWord(words[i], m);
    } else {
      out += words[i];
    }
  }
  if (quote != 0) out += quote;
  return out;
}

// A block scalar (| or >) of `words` as the value of a key indented 8.
std::string BlockScalar(Gen& g, const std::vector<std::string>& words,
                        char indicator) {
  static const char* kChomp[] = {"", "-", "+"};
  const bool explicit_indent = g.Coin(30);
  const int indent = 10 + (explicit_indent ? 0 : g.Int(0, 3));
  std::string out(1, indicator);
  if (explicit_indent) out += std::to_string(indent - 8);
  out += kChomp[g.Int(0, 2)];
  if (g.Coin(20)) out += "   # a comment";
  out += "\n" + g.Indent(indent + (explicit_indent ? g.Int(0, 2) : 0));
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) {
      if (g.Coin(65)) {
        out += " ";
      } else {
        if (g.Coin(15)) out += "\n";  // an empty line
        out += "\n" + g.Indent(indent + (g.Coin(20) ? g.Int(1, 3) : 0));
      }
    }
    out += words[i];
  }
  out += "\n";
  if (g.Coin(30)) out += "\n";
  return out;
}

// One rule whose condition (or `then` expression) holds `marker`.
std::string Rule(Gen& g, Style style, const std::string& marker) {
  const std::vector<std::string> words = g.Words(marker);
  std::string r = "      - id: " + marker + "\n";
  switch (style) {
    case Style::kPlain:
      return r + "        when: " + FlowScalar(g, words, marker, 0, 10) +
             "\n        then: {o: true}\n";
    case Style::kSingle:
      return r + "        when: " + FlowScalar(g, words, marker, '\'', 9) +
             "\n        then: {o: true}\n";
    case Style::kDouble:
      return r + "        when: " + FlowScalar(g, words, marker, '"', 9) +
             "\n        then: {o: true}\n";
    case Style::kLiteral:
    case Style::kFolded:
      return r + "        when: " +
             BlockScalar(g, words, style == Style::kLiteral ? '|' : '>') +
             "        then: {o: true}\n";
    case Style::kFlowSeq: {
      const char q = "\0'\""[g.Int(0, 2)];
      return r + "        when: [r.a > 1," + g.FlowGap(10) +
             FlowScalar(g, words, marker, q, 10) + "]\n" +
             "        then: {o: true}\n";
    }
    case Style::kFlowMap: {
      std::vector<std::string> w = words;
      w[0] = "=" + w[0];
      const char q = "\0'\""[g.Int(0, 2)];
      return r + "        when: r.a > 1\n        then: {o: " +
             FlowScalar(g, w, marker, q, 10) + "}\n";
    }
  }
  return r;
}

// Where the marker's field name is in `text` (after "r.": the rule's id is
// the marker too): 1-based line and byte column.
std::pair<int, int> Find(const std::string& text, const std::string& marker) {
  size_t at = text.find("r." + marker);
  if (at == std::string::npos) return {0, 0};
  at += 2;
  size_t nl = text.rfind('\n', at);
  int line = 1;
  for (size_t i = 0; i < at; ++i) line += text[i] == '\n';
  return {line, static_cast<int>(nl == std::string::npos ? at + 1 : at - nl)};
}

void CheckStyle(Style style, uint32_t seed) {
  Gen g(seed);
  for (int round = 0; round < 6; ++round) {
    std::string policy =
        "policy: p\nrecord: r\nfields:\n  a: money\n  s: string\n"
        "outputs:\n  o: bool\ndecisions:\n  - id: d\n    hit: first\n"
        "    rules:\n";
    std::vector<std::string> markers;
    for (int k = 0; k < 25; ++k) {
      markers.push_back("zz" + std::to_string(round * 100 + k) + "q");
      policy += Rule(g, style, markers.back());
    }
    LoadResult r = Pack::Load(testing_util::WritePack(
        "scalar_positions_diff",
        {{"pack.yaml", "pack: sp\nversion: 1\nzone: \"+08:00\"\n"},
         {"p.yaml", policy}}));
    for (const std::string& m : markers) {
      const auto [line, col] = Find(policy, m);
      const Diagnostic* found = nullptr;
      for (const Diagnostic& d : r.diagnostics) {
        if (d.message.find("no field '" + m + "'") != std::string::npos)
          found = &d;
      }
      ASSERT_NE(found, nullptr) << m << " not reported in\n" << policy;
      EXPECT_EQ(found->line, line) << m << " in\n" << policy;
      EXPECT_EQ(found->column, col) << m << " in\n" << policy;
    }
  }
}

TEST(ScalarPositionsDiffTest, Plain) { CheckStyle(Style::kPlain, 1); }
TEST(ScalarPositionsDiffTest, SingleQuoted) { CheckStyle(Style::kSingle, 2); }
TEST(ScalarPositionsDiffTest, DoubleQuoted) { CheckStyle(Style::kDouble, 3); }
TEST(ScalarPositionsDiffTest, Literal) { CheckStyle(Style::kLiteral, 4); }
TEST(ScalarPositionsDiffTest, Folded) { CheckStyle(Style::kFolded, 5); }
TEST(ScalarPositionsDiffTest, FlowSequence) { CheckStyle(Style::kFlowSeq, 6); }
TEST(ScalarPositionsDiffTest, FlowMapping) { CheckStyle(Style::kFlowMap, 7); }

}  // namespace
}  // namespace verdict
