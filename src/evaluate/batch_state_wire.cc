// BatchState's wire form: pass-one aggregates built per partition (Spark
// executors, threads) travel as bytes and merge anywhere. Layout, all
// little-endian: "VBS1", policy name (u32 length + bytes), aggregate count
// (u32), record count (i64), then per aggregate its value count (u64) and
// values, each a kind byte and its payload.
#include <cstring>
#include <stdexcept>

#include "src/evaluate/interpreter.h"
#include "src/evaluate/policy_eval.h"

namespace verdict {

namespace {

template <typename T>
void Put(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(T));
}

class Reader {
 public:
  explicit Reader(std::string_view b) : b_(b) {}
  template <typename T>
  T Get() {
    if (b_.size() < sizeof(T)) Bad();
    T v;
    std::memcpy(&v, b_.data(), sizeof(T));
    b_.remove_prefix(sizeof(T));
    return v;
  }
  std::string_view Bytes(size_t n) {
    if (b_.size() < n) Bad();
    std::string_view s = b_.substr(0, n);
    b_.remove_prefix(n);
    return s;
  }
  bool done() const { return b_.empty(); }
  [[noreturn]] static void Bad() {
    throw std::invalid_argument("batch aggregates: malformed state bytes");
  }

 private:
  std::string_view b_;
};

void PutValue(std::string* out, const Value& v) {
  Put<uint8_t>(out, static_cast<uint8_t>(v.kind()));
  switch (v.kind()) {
    case Kind::kNull:
      return;
    case Kind::kBool:
      Put<uint8_t>(out, v.as_bool());
      return;
    case Kind::kInt:
      Put<int64_t>(out, v.as_int());
      return;
    case Kind::kUint:
      Put<uint64_t>(out, v.as_uint());
      return;
    case Kind::kDouble:
      Put<double>(out, v.as_double());
      return;
    case Kind::kDecimal:
      Put<__int128>(out, v.as_decimal().mantissa());
      Put<uint8_t>(out, static_cast<uint8_t>(v.as_decimal().scale()));
      return;
    case Kind::kString:
      Put<uint32_t>(out, static_cast<uint32_t>(v.as_string().size()));
      out->append(v.as_string());
      return;
    case Kind::kDate:
      Put<int32_t>(out, v.as_date().days);
      return;
    case Kind::kTimestamp:
      Put<int64_t>(out, v.as_timestamp().seconds);
      Put<int32_t>(out, v.as_timestamp().nanos);
      return;
    case Kind::kDuration:
      Put<int64_t>(out, v.as_duration().seconds);
      Put<int32_t>(out, v.as_duration().nanos);
      return;
    default:
      throw std::invalid_argument(
          std::string("batch aggregates: a value of kind ") +
          std::string(KindName(v.kind())) + " cannot be serialized");
  }
}

Value GetValue(Reader& r) {
  switch (static_cast<Kind>(r.Get<uint8_t>())) {
    case Kind::kNull:
      return Value();
    case Kind::kBool:
      return Value::Bool(r.Get<uint8_t>() != 0);
    case Kind::kInt:
      return Value::Int(r.Get<int64_t>());
    case Kind::kUint:
      return Value::Uint(r.Get<uint64_t>());
    case Kind::kDouble:
      return Value::Double(r.Get<double>());
    case Kind::kDecimal: {
      __int128 m = r.Get<__int128>();
      int scale = r.Get<uint8_t>();
      if (scale > Decimal::kMaxScale) Reader::Bad();
      return Value::Dec(Decimal(m, scale));
    }
    case Kind::kString: {
      uint32_t n = r.Get<uint32_t>();
      return Value::String(std::string(r.Bytes(n)));
    }
    case Kind::kDate:
      return Value::DateOf(Date{r.Get<int32_t>()});
    case Kind::kTimestamp: {
      int64_t s = r.Get<int64_t>();
      return Value::TimestampOf(Timestamp{s, r.Get<int32_t>()});
    }
    case Kind::kDuration: {
      int64_t s = r.Get<int64_t>();
      return Value::DurationOf(Duration{s, r.Get<int32_t>()});
    }
    default:
      Reader::Bad();
  }
}

}  // namespace

std::string BatchState::Serialize() const {
  std::string out = "VBS1";
  Put<uint32_t>(&out, static_cast<uint32_t>(policy_->info.name.size()));
  out += policy_->info.name;
  Put<uint32_t>(&out, static_cast<uint32_t>(values_.size()));
  Put<int64_t>(&out, count_);
  for (const auto& vals : values_) {
    Put<uint64_t>(&out, vals.size());
    for (const Value& v : vals) PutValue(&out, v);
  }
  return out;
}

void BatchState::MergeSerialized(std::string_view bytes) {
  Reader r(bytes);
  if (r.Bytes(4) != "VBS1") Reader::Bad();
  std::string_view name = r.Bytes(r.Get<uint32_t>());
  if (name != policy_->info.name || r.Get<uint32_t>() != values_.size()) {
    throw std::invalid_argument("batch aggregates of policy '" +
                                std::string(name) + "' do not fit policy '" +
                                policy_->info.name + "'");
  }
  count_ += r.Get<int64_t>();
  for (auto& vals : values_) {
    uint64_t n = r.Get<uint64_t>();
    vals.reserve(vals.size() + n);
    for (uint64_t k = 0; k < n; ++k) vals.push_back(GetValue(r));
  }
  if (!r.done()) Reader::Bad();
}

std::optional<RecordError> BatchState::Check(Frame& f) const {
  for (size_t i = 0; i < policy_->batch.size(); ++i) {
    if (policy_->batch[i].kind == BatchAggregate::Kind::kCount) continue;
    Value v;
    if (auto err = Argument(i, f, &v)) return err;
  }
  return std::nullopt;
}

}  // namespace verdict
