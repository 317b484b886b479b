// A YAML document as a compact tree, built from yaml-cpp's parser events in
// the same pass that checks a pack file (yaml_prescan.h), so that a file is
// parsed once instead of twice (the event pass, then YAML::Load) and no
// yaml-cpp node graph (shared pointers, a node per key and per value) is
// built at all. YNode reads it with the part of YAML::Node's const interface
// the pack loader uses, with the same results: tests/unit/yaml_doc_test.cc
// compares the two on every shipped file and on generated documents.
// Internal to src/parse.
#ifndef VERDICT_SRC_PARSE_YAML_DOC_H_
#define VERDICT_SRC_PARSE_YAML_DOC_H_

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include "src/parse/scalar_map.h"

namespace verdict::syntax {

// One node. A mapping keeps its keys and values interleaved in `items`
// (key 0, value 0, key 1, ...), in file order, duplicates included (the
// builder lists them: YamlDocBuilder::duplicate_keys()).
// A collection's items are an array of exactly their number (56 bytes a
// node; with a vector's capacity word and spare room, a 10,000-row table's
// document was twice the size).
struct YamlNodeData {
  enum class Type : uint8_t { kNull, kScalar, kSequence, kMap };
  Type type = Type::kNull;
  bool quoted = false;  // a scalar written in quotes (yaml-cpp's tag "!")
  uint32_t count = 0;   // the number of items (the prescan caps nodes)
  int line = 0;         // 0-based, as yaml-cpp's marks
  int column = 0;
  std::string text;  // a scalar's text ("" for null)
  std::unique_ptr<YamlNodeData[]> items;
};

// A read-only handle on a node of a YamlDoc, or an undefined node (a key
// that is not there). Valid while its YamlDoc lives; cheap to copy.
// Reading an undefined node gives false, "", 0 and undefined nodes (where
// YAML::Node would throw for some of these).
class YNode {
 public:
  YNode() = default;
  explicit YNode(const YamlNodeData* n) : n_(n) {}

  explicit operator bool() const { return n_ != nullptr; }
  bool operator!() const { return n_ == nullptr; }
  bool IsNull() const { return Is(YamlNodeData::Type::kNull); }
  bool IsScalar() const { return Is(YamlNodeData::Type::kScalar); }
  bool IsSequence() const { return Is(YamlNodeData::Type::kSequence); }
  bool IsMap() const { return Is(YamlNodeData::Type::kMap); }
  // The text of a scalar; "" for anything else.
  const std::string& Scalar() const;
  // Whether a scalar was written in quotes (so it is always a string).
  bool Quoted() const { return n_ != nullptr && n_->quoted; }
  // Where the node starts; yaml-cpp's null mark (-1) when undefined.
  YAML::Mark Mark() const;
  // A sequence's items or a mapping's entries; 0 otherwise.
  size_t size() const;
  // The value of the first entry whose key is the scalar `key`; undefined
  // when there is none or this is not a mapping.
  YNode operator[](std::string_view key) const;

  // Iterating yields YEntry values: for a sequence, the item itself; for a
  // mapping, `first` (the key) and `second` (the value), as with YAML::Node.
  // Empty for scalars, nulls and undefined nodes.
  class Iterator;
  Iterator begin() const;
  Iterator end() const;

 private:
  bool Is(YamlNodeData::Type t) const { return n_ != nullptr && n_->type == t; }
  const YamlNodeData* n_ = nullptr;
};

struct YEntry : YNode {
  YNode first, second;
};

class YNode::Iterator {
 public:
  Iterator(const YamlNodeData* n, size_t i) : n_(n), i_(i) {}
  YEntry operator*() const;
  Iterator& operator++();
  bool operator!=(const Iterator& o) const { return i_ != o.i_; }

 private:
  const YamlNodeData* n_;
  size_t i_;
};

inline YNode::Iterator YNode::begin() const { return Iterator(n_, 0); }

// The map (scalar_map.h) of the scalar whose mark is (line, column), for
// the scalars that need one. Held by the document rather than in each node:
// most scalars need none, and a node is 56 bytes.
struct MappedScalar {
  int line = 0;  // 0-based, as yaml-cpp's marks
  int column = 0;
  std::shared_ptr<const ScalarMap> map;
};

// A scalar key that an earlier key of the same mapping already is (by its
// text, quoted or not: the loader reads both the same way).
struct DuplicateKey {
  std::string text;
  int line = 0;  // where the repeated key starts, 0-based as yaml-cpp's marks
  int column = 0;
  bool quoted = false;
  int first_line = 0;  // 0-based line of the first key with that text
};

// Builds a YamlDoc from the events of one document. Feed it yaml-cpp's
// events (YAML::Parser::HandleNextDocument, or forward them from another
// handler); anchors and aliases are not supported (the prescan refuses them
// first). Not thread-safe.
class YamlDocBuilder : public YAML::EventHandler {
 public:
  // With `source`, the text being parsed (it must outlive the builder),
  // scalars get their maps (MappedScalar); without, none.
  explicit YamlDocBuilder(std::string_view source = {});
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override;
  // An alias stands in as a null node (so the tree keeps its shape) and is
  // remembered: YamlDoc::Parse refuses the text. Pack files never get here
  // with one (the prescan refuses aliases first).
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override;
  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t,
                const std::string& value) override;
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override;
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override;
  void OnMapEnd() override { Close(); }

  // The document's root; nullptr before any event.
  std::unique_ptr<YamlNodeData> Take() { return std::move(root_); }
  // The maps of the scalars so far, by (line, column).
  std::vector<MappedScalar> TakeMaps();
  bool saw_alias() const { return saw_alias_; }
  // Every repeated key of every mapping closed so far, innermost mapping
  // first. YAML requires a mapping's keys to be unique, and readers
  // disagree on which of two values wins (yaml-cpp's lookups take the
  // first, PyYAML the last), so pack files refuse them (yaml_prescan.h).
  const std::vector<DuplicateKey>& duplicate_keys() const {
    return duplicates_;
  }

 private:
  // A node of `type` starting at `m`.
  static YamlNodeData Make(YamlNodeData::Type type, const YAML::Mark& m);
  // Puts a finished node in the innermost open collection (or at the root).
  void Place(YamlNodeData n);
  // Opens a collection: its items gather in `pending_` until it closes.
  void Open(YamlNodeData n);
  // Closes the innermost open collection: its items move out of `pending_`
  // into a vector of exactly their number (grown item by item, a
  // 10,000-row table's rows and cells held a third of its document in
  // spare capacity), and it is placed in its parent.
  void Close();
  // Adds the repeated scalar keys of the mapping `map` (just closed) to
  // duplicates_. Sorts the keys (n log n): a 10,000-row table is one map.
  void NoteDuplicateKeys(const YamlNodeData& map);

  struct OpenCollection {
    YamlNodeData node;
    size_t first = 0;  // where its items start in pending_
  };
  std::string_view source_;
  std::vector<MappedScalar> maps_;  // by mark, as the events come
  std::unique_ptr<YamlNodeData> root_;
  std::vector<OpenCollection> open_;  // innermost last
  // The items of every open collection, outermost first.
  std::vector<YamlNodeData> pending_;
  bool saw_alias_ = false;
  std::vector<DuplicateKey> duplicates_;
};

// A read-only std::istream over `text`, which must outlive it: yaml-cpp
// reads from a stream, and an std::istringstream would copy the file.
class TextStream : private std::streambuf, public std::istream {
 public:
  explicit TextStream(std::string_view text) : std::istream(this) {
    // get-area pointers are char*; nothing writes through them.
    char* p = const_cast<char*>(text.data());
    setg(p, p, p + text.size());
  }
};

// A parsed document: owns the tree its YNodes point into.
class YamlDoc {
 public:
  YamlDoc() = default;
  explicit YamlDoc(std::unique_ptr<YamlNodeData> root,
                   std::vector<MappedScalar> maps = {})
      : root_(std::move(root)), maps_(std::move(maps)) {}

  // The root node; undefined for an empty YamlDoc.
  YNode root() const { return YNode(root_.get()); }

  // The map of the scalar `n` (a node of this document); null when it
  // needs none (scalar_map.h: its text is the source's bytes) or the
  // document was built without its source.
  std::shared_ptr<const ScalarMap> MapOf(YNode n) const;

  // Parses the first document of `text` (no checks or budgets, duplicate
  // keys allowed: for tests and trusted text). nullopt, with yaml-cpp's message
  // in `*error` when given, on a syntax error or an alias.
  static std::optional<YamlDoc> Parse(std::string_view text,
                                      std::string* error = nullptr);

 private:
  std::unique_ptr<YamlNodeData> root_;
  std::vector<MappedScalar> maps_;  // by (line, column)
};

}  // namespace verdict::syntax

#endif  // VERDICT_SRC_PARSE_YAML_DOC_H_
