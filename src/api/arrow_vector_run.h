// The state of one VectorPlan::Decide() call (arrow_vector.h): the columns
// of the chunk being decided, the dictionaries its kDict columns code into
// (kept for the whole batch, so that output codes stay valid), and the
// memos of kMemo expressions and finite decisions. Expressions in
// arrow_vector_eval.cc, memos in arrow_vector_memo.cc, decisions by their
// rules in arrow_vector_decide.cc; fields and outputs in arrow_vector.cc.
// Not thread-safe: one per Decide() call (which is).
#ifndef VERDICT_SRC_API_ARROW_VECTOR_RUN_H_
#define VERDICT_SRC_API_ARROW_VECTOR_RUN_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "src/api/arrow_vector_plan.h"
#include "src/api/spares.h"

namespace verdict {

// Values a kDict column codes into; `truth` is each entry's Truth as a
// condition, filled up to the entries a kernel has needed.
struct VDict {
  std::vector<Value> values;
  std::vector<uint8_t> truth;
  uint32_t Add(Value v) {
    values.push_back(std::move(v));
    return static_cast<uint32_t>(values.size() - 1);
  }
  // The code of the entry Intern() made for a value of `v`'s kind and
  // exact content (a list: of each item's), else Add(v). What the
  // interpreter computes for many inputs is then one entry per distinct
  // outcome, and the memos reading it see few codes. Kinds it does not
  // key (maps, doubles, errors...) are always added.
  uint32_t Intern(Value v);
  // Extends `truth` to every entry.
  void Truths();

 private:
  absl::flat_hash_map<std::string, uint32_t> interned_;
  std::string key_;  // Intern()'s, kept for its capacity
};

// A column of the chunk. kDec and kStr rows have a state: 0 a value, 1
// null, 2 an error.
struct Col {
  VKind kind = VKind::kDict;
  VDict* dict = nullptr;
  std::vector<uint32_t> codes;
  std::vector<__int128> m;
  int scale = 0;
  std::vector<std::string_view> text;
  std::vector<uint8_t> state;
  // Back to a new Col's state, its buffers' capacity kept (Spares).
  void Clear() {
    kind = VKind::kDict;
    dict = nullptr;
    codes.clear();
    m.clear();
    scale = 0;
    text.clear();
    state.clear();
  }
};
using Cols = std::vector<Col>;

// Puts what VRun::Eval() gave (`c`: `scratch` filled, or a slot's own
// column) in cols[slot]: the scratch by a swap (the slot's old buffers go
// back with the scratch), another slot's column by a copy.
inline void SetSlot(Cols& cols, int slot, const Col& c, Col& scratch) {
  if (&c == &scratch) {
    std::swap(cols[slot], scratch);
  } else if (&c != &cols[slot]) {
    cols[slot] = c;
  }
}

// 64-bit keys to codes, open addressing: a memo's lookup a row.
class CodeMap {
 public:
  CodeMap() : keys_(64, kEmpty), vals_(64) {}
  // The code stored for `key`, or -1.
  int64_t Find(uint64_t key) const {
    for (size_t i = Slot(key);; i = (i + 1) & (keys_.size() - 1)) {
      if (keys_[i] == key) return vals_[i];
      if (keys_[i] == kEmpty) return -1;
    }
  }
  void Insert(uint64_t key, uint32_t code);
  size_t size() const { return size_; }

 private:
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  size_t Slot(uint64_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 32) &
           (keys_.size() - 1);
  }
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> vals_;
  size_t size_ = 0;
};

// Texts to codes, for a memo's key: 0 null, 1 an error, then each
// distinct text in the order first seen. Owns its texts, so that codes
// stay valid after the rows they came from are gone (the records route
// keeps its memos from chunk to chunk).
class TextCodes {
 public:
  uint32_t Code(std::string_view t) {
    // Debian's abseil has a string_view of its own.
    auto it = codes_.find(absl::string_view(t.data(), t.size()));
    if (it != codes_.end()) return it->second;
    const uint32_t code = static_cast<uint32_t>(codes_.size() + 2);
    codes_.emplace(std::string(t), code);
    return code;
  }
  size_t size() const { return codes_.size() + 2; }

 private:
  absl::flat_hash_map<std::string, uint32_t> codes_;
};

class VRun {
 public:
  explicit VRun(const VectorPlan::Impl& plan);

  // The value of `e` over the chunk: a slot's own column, or `scratch`
  // filled.
  const Col& Eval(const VExpr& e, Cols& cols, Col& scratch);
  // The truth of `e` on each row of the chunk.
  void Truths(const VExpr& e, Cols& cols, std::vector<uint8_t>* out);
  // Runs decision `d` over the chunk: its targets' columns in `cols`,
  // fails[i] set for a row it fails.
  void Decide(const VDecision& d, Cols& cols, std::vector<uint8_t>& fails);
  // `ds` (the decisions of `chain`, consecutive) in one memo lookup a row.
  void DecideChain(std::span<const VDecision> ds, const VChain& chain,
                   Cols& cols, std::vector<uint8_t>& fails);

  // A null column of the chunk (a slot nothing set yet).
  void Null(Col* c);
  // The dictionary kept under `key` (a plan object) for the batch.
  VDict* DictFor(const void* key);

  // A memo's input: the column its key reads (codes, or texts), the
  // column its values come from (the same, or decimals keyed by class),
  // the frame slot they go to, and how many codes the key may have.
  struct Input {
    const Col* key;
    const Col* value;
    int slot;
    uint32_t radix;
  };
  using Inputs = std::vector<Input>;
  // The kernels' temporaries, lent chunk after chunk (Spares): a T of
  // these, empty, back to the run when the Lent dies.
  using Scratch =
      Spares<Col, Cols, std::vector<uint8_t>, std::vector<int8_t>,
             std::vector<uint32_t>, std::vector<int64_t>, std::vector<__int128>,
             std::vector<std::string_view>, std::string, Inputs,
             std::vector<VDict*>, std::vector<const VDict*>>;
  template <class T>
  Scratch::Lent<T> Lend() {
    return scratch_.Lend<T>();
  }

  // Per dictionary-encoded field: each entry's code (LoadDictionary).
  std::unordered_map<const void*, std::vector<int64_t>> entry_codes;
  int64_t n = 0;        // rows in the chunk
  bool failed = false;  // some row needs the per-row path
  VDict bools;          // false, true, an error: truths as values

 private:
  struct Memo {
    CodeMap fast;
    std::vector<std::string> keys;    // by entry, for keys of bytes
    std::vector<int64_t> dense;       // by mixed-radix index of the codes
    std::vector<uint32_t> radices;    // of the dense table's index
    std::vector<const VDict*> dicts;  // of the inputs' codes
    std::vector<TextCodes> texts;     // per input of texts
    bool by_bytes = false;            // the form of `fast`'s keys
    // Run on every row instead of looked up: a memo of an expression
    // (its outcomes interned, VDict::Intern) whose text keys were new on
    // most rows of a chunk (a phone number), where keeping them costs more
    // than it saves.
    bool per_row = false;
    std::unique_ptr<Frame> frame;
  };
  Input InputOf(const Col& c, int slot);
  void Classes(const Col& c, const std::vector<Value>& bounds, Col* out);
  // `per_row_ok`: the memo may go per row (Memo::per_row).
  void Lookup(Memo& memo, const Inputs& in, bool per_row_ok,
              absl::FunctionRef<uint32_t()> miss, uint32_t* out);
  void SetInputs(Frame& f, const Inputs& in, int64_t i);
  static size_t TextCount(const Memo& memo);
  Memo& MemoOf(int index);
  void RunMemo(const VExpr& e, Cols& cols, Col& out);
  void Passed(const VDecision& d, size_t t, const int64_t* winners,
              const int64_t* codes, size_t width,
              const std::vector<uint32_t>& entry, Cols& cols, Col& out);
  void RunCall(const VExpr& e, Cols& cols, Col& out);
  void Compare(const VExpr& e, Cols& cols, std::vector<uint8_t>* out);
  void CompareColumns(const VExpr& e, Cols& cols, std::vector<uint8_t>* out);
  // kCmpCol: per entry of the kDict side, how a row compares with it.
  struct EntryCompare {
    std::vector<uint8_t> form;  // 0 not seen, 1 a number, 2 judged, 3 per row
    std::vector<__int128> m;    // form 1: the number's mantissa and scale
    std::vector<int> scale;
    std::vector<uint8_t> on_value, on_null;  // form 2: the interpreter's truth
  };
  uint8_t Judge(const VExpr& e, const Value& a, const Value& b);
  void AddDec(const VExpr& e, Cols& cols, Col& out);
  void Match(const VDecision::Rule& rule, Cols& cols,
             std::vector<uint8_t>* match);
  void Target(const VDecision& d, size_t t, const std::vector<int8_t>& winner,
              uint64_t won, Cols& cols, std::vector<uint8_t>& fails);
  void Fill(Col& out, const Col& c, int8_t r, const std::vector<int8_t>& winner,
            const VExpr* e, std::vector<uint8_t>& fails);
  void Collect(const VDecision& d, Cols& cols, std::vector<uint8_t>& fails);

  const VectorPlan::Impl& plan_;
  std::deque<VDict> dicts_;
  std::unordered_map<const void*, VDict*> dict_of_;
  std::unordered_map<const void*, std::vector<int64_t>> remaps_;
  std::unordered_map<const void*, std::vector<uint8_t>> failing_;
  std::unordered_map<const void*, EntryCompare> entry_compare_;
  std::unordered_map<const void*, absl::flat_hash_map<std::string, uint32_t>>
      texts_;
  std::vector<Memo> memos_;
  std::atomic<uint64_t> outside_{0};
  EvalContext ctx_;
  Scratch scratch_;
};

// An output's rows over a whole batch: codes and decimals straight in
// buffers (pooled, see ExportBuffer) at each row's place.
struct VAcc {
  VDict* dict = nullptr;            // kDict: what the codes index
  std::vector<int8_t> entry_ok;     // kDict: per entry, EntryOk()
  std::vector<uint8_t> codes;       // kDict: uint32 per row
  std::vector<uint8_t> valid;       // kDec, kStr: per row
  std::vector<uint8_t> m;           // kDec: __int128 per row, out_scale
  std::vector<uint8_t> chars;       // kStr
  std::vector<int32_t> offsets{0};  // kStr
  int64_t nulls = 0;
};

// Buffers for `total` rows of each output of `plan`: from the export pool
// (ExportBuffer), or with `keep` the ones `acc` already has for `plan`,
// their capacity kept (buffers read in place, never exported: the records
// route, chunk after chunk).
void InitAcc(const VectorPlan::Impl& plan, int64_t total, bool keep,
             std::vector<VAcc>* acc);

// Rows [start, start + run.n) of a batch whose fields are in `cols`:
// lets, decisions, and each output kept in `acc`. False when a row needs
// the per-row path; then, when the rows that fail are known (a condition
// or an output that fails them: not a refusal of the whole chunk, which
// also sets run.failed or leaves them unknown), `row_fails` (if not null)
// is a flag per row. In arrow_vector.cc.
bool DecideChunk(const VectorPlan::Impl& plan, int64_t start, VRun& run,
                 Cols& cols, std::vector<VAcc>& acc,
                 std::vector<uint8_t>* row_fails = nullptr);

// Rows [base, base + n) of dictionary-encoded column `a` into `c` (see
// VField::Load::kDictionary); false when one must take the per-row path.
// In arrow_vector_dictionary.cc.
bool LoadDictionary(const VField& f, const FieldType& type, const ArrowArray& a,
                    int64_t base, int64_t n, VRun& run, Col& c);

// Truths as bytes (Truth's values), for the kernels' loops.
inline constexpr uint8_t kF = static_cast<uint8_t>(Truth::kFalse);
inline constexpr uint8_t kT = static_cast<uint8_t>(Truth::kTrue);
inline constexpr uint8_t kO = static_cast<uint8_t>(Truth::kOther);

// 10^n as a 128-bit integer (n in 0..38).
inline __int128 Pow10(int n) {
  __int128 p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// Decimals held by kDec columns stay below this (sums of cells below
// 10^18): then a mantissa scaled by up to 10^18 fits 128 bits.
inline const __int128 kDecLimit = Pow10(20);

// The most entries a dictionary may reach in one batch: beyond, the
// values are not few, and the batch is decided row by row.
inline constexpr size_t kMaxDictEntries = 1 << 16;
// The most cells a memo's dense table has (every combination of its
// inputs' codes).
inline constexpr size_t kDenseCells = 1 << 14;

}  // namespace verdict

#endif  // VERDICT_SRC_API_ARROW_VECTOR_RUN_H_
