#include "src/io/arrow_write.h"

#include <cstring>
#include <stdexcept>
#include <utility>

#include "src/io/arrow_export.h"
#include "src/io/json_records.h"

namespace verdict {

namespace {

using Bytes = std::vector<uint8_t>;

class Validity {
 public:
  void Push(bool valid) {
    if ((n_ & 7) == 0) bits_.push_back(0);
    if (valid) {
      bits_.back() |= static_cast<uint8_t>(1 << (n_ & 7));
    } else {
      ++nulls_;
    }
    ++n_;
  }
  // The last pushed bit cleared (a row made null after the fact).
  void ClearLast() {
    auto mask = static_cast<uint8_t>(1 << ((n_ - 1) & 7));
    if (bits_.back() & mask) {
      bits_.back() &= static_cast<uint8_t>(~mask);
      ++nulls_;
    }
  }
  int64_t length() const { return n_; }
  int64_t nulls() const { return nulls_; }
  Bytes Take() {
    n_ = nulls_ = 0;
    return std::exchange(bits_, {});
  }

 private:
  Bytes bits_;
  int64_t n_ = 0, nulls_ = 0;
};

template <typename T>
void PushRaw(Bytes& b, T v) {
  size_t at = b.size();
  b.resize(at + sizeof(T));
  std::memcpy(b.data() + at, &v, sizeof(T));
}

// Fixed-width values: `convert` returns false for a value the column
// cannot hold (appended as null).
template <typename T, typename Convert>
class FixedBuilder : public ArrowBuilder {
 public:
  FixedBuilder(std::string format, Convert convert)
      : format_(std::move(format)), convert_(convert) {}
  bool Append(const Value& v) override {
    T x{};
    bool ok = !v.is_null() && convert_(v, &x);
    valid_.Push(ok);
    PushRaw(data_, ok ? x : T{});
    return ok || v.is_null();
  }
  void NullLast() override { valid_.ClearLast(); }
  void Finish(ArrowArray* out) override {
    int64_t n = valid_.length(), nulls = valid_.nulls();
    std::vector<Bytes> bufs;
    bufs.push_back(valid_.Take());
    bufs.push_back(std::exchange(data_, {}));
    ExportBuffers(n, nulls, std::move(bufs), {}, out);
  }
  void Schema(const std::string& name, ArrowSchema* out) const override {
    ExportSchema(format_, name, {}, out);
  }

 private:
  std::string format_;
  Convert convert_;
  Validity valid_;
  Bytes data_;
};

template <typename T, typename Convert>
std::unique_ptr<ArrowBuilder> Fixed(std::string format, Convert c) {
  return std::make_unique<FixedBuilder<T, Convert>>(std::move(format), c);
}

class BoolBuilder : public ArrowBuilder {
 public:
  bool Append(const Value& v) override {
    bool ok = v.kind() == Kind::kBool;
    valid_.Push(ok);
    values_.Push(ok && v.as_bool());
    return ok || v.is_null();
  }
  void NullLast() override { valid_.ClearLast(); }
  void Finish(ArrowArray* out) override {
    int64_t n = valid_.length(), nulls = valid_.nulls();
    std::vector<Bytes> bufs;
    bufs.push_back(valid_.Take());
    bufs.push_back(values_.Take());
    ExportBuffers(n, nulls, std::move(bufs), {}, out);
  }
  void Schema(const std::string& name, ArrowSchema* out) const override {
    ExportSchema("b", name, {}, out);
  }

 private:
  Validity valid_, values_;
};

// A column's int32 offsets: Check() refuses, before anything is appended,
// `more` bytes or items beyond the `used` ones that would pass `max`.
struct OffsetLimit {
  std::string column;
  int64_t max;
  void Check(uint64_t used, uint64_t more, const char* what) const {
    if (more <= static_cast<uint64_t>(max) - used) return;
    std::string m = "Arrow column '" + column + "': one output batch ";
    m += "would hold more than " + std::to_string(max) + " " + what;
    m += " (the most its 32-bit offsets address); decide fewer rows at a ";
    m += "time, e.g. split the input into smaller record batches";
    throw std::length_error(m);
  }
};

// utf8; `json` writes any value as its JSON text instead of only strings.
class StringBuilder : public ArrowBuilder {
 public:
  StringBuilder(bool json, Zone zone, OffsetLimit limit)
      : json_(json), zone_(std::move(zone)), limit_(std::move(limit)) {
    PushRaw<int32_t>(offsets_, 0);
  }
  bool Append(const Value& v) override {
    bool ok = json_ ? !v.is_null() : v.kind() == Kind::kString;
    if (ok) {
      if (json_) {
        std::string text;
        AppendJson(v, zone_, &text);
        Add(text);
      } else {
        Add(v.as_string());
      }
    } else {
      valid_.Push(false);
      PushRaw<int32_t>(offsets_, static_cast<int32_t>(data_.size()));
    }
    return ok || v.is_null();
  }
  void NullLast() override { valid_.ClearLast(); }
  void AddText(std::string_view s) { Add(s); }
  void Finish(ArrowArray* out) override {
    int64_t n = valid_.length(), nulls = valid_.nulls();
    std::vector<Bytes> bufs;
    bufs.push_back(valid_.Take());
    bufs.push_back(std::exchange(offsets_, {}));
    bufs.push_back(std::exchange(data_, {}));
    ExportBuffers(n, nulls, std::move(bufs), {}, out);
    PushRaw<int32_t>(offsets_, 0);
  }
  void Schema(const std::string& name, ArrowSchema* out) const override {
    ExportSchema("u", name, {}, out);
  }

 private:
  void Add(std::string_view s) {
    limit_.Check(data_.size(), s.size(), "bytes of text");
    valid_.Push(true);
    data_.insert(data_.end(), s.begin(), s.end());
    PushRaw<int32_t>(offsets_, static_cast<int32_t>(data_.size()));
  }
  bool json_;
  Zone zone_;
  OffsetLimit limit_;
  Validity valid_;
  Bytes offsets_, data_;
};

class ListBuilder : public ArrowBuilder {
 public:
  ListBuilder(std::unique_ptr<ArrowBuilder> child, OffsetLimit limit)
      : child_(std::move(child)), limit_(std::move(limit)) {
    PushRaw<int32_t>(offsets_, 0);
  }
  // A list with an item its child column cannot hold is a null row.
  bool Append(const Value& v) override {
    bool ok = v.kind() == Kind::kList;
    if (ok) {
      limit_.Check(static_cast<uint64_t>(items_), v.as_list().size(), "items");
      for (const Value& x : v.as_list()) ok = child_->Append(x) && ok;
      items_ += static_cast<int32_t>(v.as_list().size());
    }
    valid_.Push(ok);
    PushRaw<int32_t>(offsets_, items_);
    return ok || v.is_null();
  }
  void NullLast() override { valid_.ClearLast(); }
  void Finish(ArrowArray* out) override {
    int64_t n = valid_.length(), nulls = valid_.nulls();
    std::vector<ArrowArray> kids(1);
    child_->Finish(&kids[0]);
    std::vector<Bytes> bufs;
    bufs.push_back(valid_.Take());
    bufs.push_back(std::exchange(offsets_, {}));
    ExportBuffers(n, nulls, std::move(bufs), std::move(kids), out);
    items_ = 0;
    PushRaw<int32_t>(offsets_, 0);
  }
  void Schema(const std::string& name, ArrowSchema* out) const override {
    std::vector<ArrowSchema> kids(1);
    child_->Schema("item", &kids[0]);
    ExportSchema("+l", name, std::move(kids), out);
  }

 private:
  std::unique_ptr<ArrowBuilder> child_;
  OffsetLimit limit_;
  Validity valid_;
  Bytes offsets_;
  int32_t items_ = 0;
};

class ErrorBuilder : public ArrowBuilder {
 public:
  explicit ErrorBuilder(int64_t max_offset)
      : code_(false, Zone(), {"error.code", max_offset}),
        message_(false, Zone(), {"error.message", max_offset}),
        field_(false, Zone(), {"error.field", max_offset}) {}
  bool Append(const Value&) override {
    valid_.Push(false);
    code_.AppendNull();
    message_.AppendNull();
    field_.AppendNull();
    return true;
  }
  void NullLast() override { valid_.ClearLast(); }
  void AppendError(const std::string& code, const std::string& message,
                   const std::string& field) override {
    valid_.Push(true);
    code_.AddText(code);
    message_.AddText(message);
    if (field.empty()) {
      field_.AppendNull();
    } else {
      field_.AddText(field);
    }
  }
  void Finish(ArrowArray* out) override {
    int64_t n = valid_.length(), nulls = valid_.nulls();
    std::vector<ArrowArray> kids(3);
    code_.Finish(&kids[0]);
    message_.Finish(&kids[1]);
    field_.Finish(&kids[2]);
    std::vector<Bytes> bufs;
    bufs.push_back(valid_.Take());
    ExportBuffers(n, nulls, std::move(bufs), std::move(kids), out);
  }
  void Schema(const std::string& name, ArrowSchema* out) const override {
    std::vector<ArrowSchema> kids(3);
    code_.Schema("code", &kids[0]);
    message_.Schema("message", &kids[1]);
    field_.Schema("field", &kids[2]);
    ExportSchema("+s", name, std::move(kids), out);
  }

 private:
  Validity valid_;
  StringBuilder code_, message_, field_;
};

constexpr __int128 TenTo(int n) {
  __int128 p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// decimal128(38, s) holds mantissas below 10^38 in magnitude.
constexpr __int128 kDecimal128Bound = TenTo(38);

// `d` rescaled to `scale` digits into `*out`, rounding half to even when
// digits drop; false when the result needs more than 38 digits (it would
// not fit decimal128(38, scale); scaling up could also overflow 128 bits).
bool Rescale(const Decimal& d, int scale, __int128* out) {
  __int128 m = d.mantissa();
  int s = d.scale();
  for (; s < scale; ++s) {
    if (m >= kDecimal128Bound / 10 || m <= -kDecimal128Bound / 10) return false;
    m *= 10;
  }
  if (s > scale) {
    __int128 p = 1;
    for (; s > scale; --s) p *= 10;
    __int128 q = m / p, r = m % p;
    __int128 twice = (r < 0 ? -r : r) * 2;
    if (twice > p || (twice == p && (q % 2 != 0))) q += m < 0 ? -1 : 1;
    m = q;
  }
  if (m >= kDecimal128Bound || m <= -kDecimal128Bound) return false;
  *out = m;
  return true;
}

}  // namespace

void ArrowBuilder::AppendError(const std::string&, const std::string&,
                               const std::string&) {
  AppendNull();
}

std::unique_ptr<ArrowBuilder> ArrowBuilder::Utf8(const std::string& name,
                                                 int64_t max_offset) {
  return std::make_unique<StringBuilder>(false, Zone(),
                                         OffsetLimit{name, max_offset});
}

std::unique_ptr<ArrowBuilder> ArrowBuilder::ErrorStruct(int64_t max_offset) {
  return std::make_unique<ErrorBuilder>(max_offset);
}

std::unique_ptr<ArrowBuilder> ArrowBuilder::For(const FieldType& type,
                                                const Zone& zone,
                                                const std::string& name,
                                                int64_t max_offset) {
  using B = FieldType::Base;
  switch (type.base) {
    case B::kString:
    case B::kEnum:
      return Utf8(name, max_offset);
    case B::kBool:
      return std::make_unique<BoolBuilder>();
    case B::kInt:
      return Fixed<int64_t>("l", [](const Value& v, int64_t* out) {
        if (v.kind() == Kind::kInt) {
          *out = v.as_int();
          return true;
        }
        if (v.kind() != Kind::kDecimal) return false;
        auto i = v.as_decimal().ToInt64();
        if (i) *out = *i;
        return i.has_value();
      });
    case B::kMoney: {
      // "money" keeps 4 fractional digits; other decimals (a share) 18.
      int scale = type.text.starts_with("money") ? 4 : 18;
      return Fixed<__int128>("d:38," + std::to_string(scale),
                             [scale](const Value& v, __int128* out) {
                               if (v.kind() == Kind::kInt) {
                                 return Rescale(Decimal::FromInt(v.as_int()),
                                                scale, out);
                               }
                               if (v.kind() != Kind::kDecimal) return false;
                               return Rescale(v.as_decimal(), scale, out);
                             });
    }
    case B::kDouble:
      return Fixed<double>("g", [](const Value& v, double* out) {
        if (v.kind() == Kind::kDouble) {
          *out = v.as_double();
        } else if (v.kind() == Kind::kDecimal) {
          *out = v.as_decimal().ToDouble();
        } else if (v.kind() == Kind::kInt) {
          *out = static_cast<double>(v.as_int());
        } else {
          return false;
        }
        return true;
      });
    case B::kDate:
      return Fixed<int32_t>("tdD", [](const Value& v, int32_t* out) {
        if (v.kind() != Kind::kDate) return false;
        *out = v.as_date().days;
        return true;
      });
    case B::kDatetime:
      return Fixed<int64_t>("tsu:", [zone](const Value& v, int64_t* out) {
        if (v.kind() != Kind::kTimestamp) return false;
        const Timestamp& t = v.as_timestamp();
        *out = zone.ToLocal(t.seconds) * 1000000 + t.nanos / 1000;
        return true;
      });
    case B::kList:
      if (type.elem) {
        return std::make_unique<ListBuilder>(
            For(*type.elem, zone, name + ".item", max_offset),
            OffsetLimit{name, max_offset});
      }
      break;
    case B::kMap:
    case B::kDyn:
      break;
  }
  return std::make_unique<StringBuilder>(true, zone,
                                         OffsetLimit{name, max_offset});
}

}  // namespace verdict
