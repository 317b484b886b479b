// Evaluating a service's own plain C++ structs, without maps or JSON.
// (Errors follow docs/errors.md: misuse throws, bad records get a
// RecordError in their Decision.)
//
//   struct Customer { std::string id; verdict::Decimal arpu; };
//   auto tier = verdict::Binding<Customer>()
//                   .Field("customer_id", &Customer::id)
//                   .Field("arpu", &Customer::arpu)
//                   .Bind(pack, "customer_tier");   // checked here, once
//   verdict::Decision d = tier.Evaluate(customer, {.as_of = today});
//
// Bind() checks the binding against the policy's declared record and throws
// std::invalid_argument naming the problem: a bound name the record does not
// declare, a member whose C++ type cannot hold the field's type, or a
// required field left unbound. Afterwards each evaluation reads the members
// directly. A BoundPolicy is immutable, keeps its pack alive, and is safe
// to use from many threads at once.
//
// Outputs can go straight into a struct of the caller's as well, without a
// Decision (see Outputs and TypedPolicy below):
//
//   struct Tier { std::string tier; std::optional<int64_t> visit_months; };
//   auto decide = tier.Returning(verdict::Outputs<Tier>()
//       .Output("tier", &Tier::tier)
//       .Output("visit_interval_months", &Tier::visit_months));  // checked
//   Tier t;
//   if (auto err = decide.EvaluateInto(customer, {.as_of = today}, &t)) ...
//
// Member types: std::string, bool, int, int64_t, double (money is taken by
// the double's shortest decimal text), verdict::Decimal, verdict::Date,
// verdict::Timestamp, std::vector<T> of these, and std::optional<T> of any
// of them (nullopt = not given). verdict/boost_date_time.h adds
// boost::gregorian::date and boost::posix_time::ptime. Other member types are
// added by specializing binding_internal::Converter<T> (ToValue, and
// kLocalTime for a local wall-clock time) and binding_internal::TypeWord<T>.
#ifndef VERDICT_BINDING_H_
#define VERDICT_BINDING_H_

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "verdict/engine.h"
#include "verdict/value.h"

namespace verdict {

namespace binding_internal {

// The extension point for member types beyond the built-in ones: a
// specialization provides `static Value ToValue(const T&)` and
// `static constexpr bool kLocalTime` (true when the value is a wall-clock
// time in the pack's zone, which Bind() turns into an instant).
template <typename T>
struct Converter;

template <typename T>
Value ToValue(const T& v) {
  return Converter<T>::ToValue(v);
}

// Whether a member holds a local wall-clock time (see Converter).
template <typename T>
struct IsLocalTime {
  static constexpr bool value = false;
};
template <typename T>
  requires requires { Converter<T>::kLocalTime; }
struct IsLocalTime<T> {
  static constexpr bool value = Converter<T>::kLocalTime;
};
template <typename T>
struct IsLocalTime<std::optional<T>> : IsLocalTime<T> {};
template <typename T>
struct IsLocalTime<std::vector<T>> : IsLocalTime<T> {};

inline Value ToValue(const std::string& v) { return Value::StringOf(v); }
inline Value ToValue(std::string_view v) { return Value::StringOf(v); }
inline Value ToValue(const char* v) { return v ? Value::StringOf(v) : Value(); }
inline Value ToValue(bool v) { return Value::Bool(v); }
inline Value ToValue(int v) { return Value::Int(v); }
inline Value ToValue(long v) { return Value::Int(v); }
inline Value ToValue(long long v) { return Value::Int(v); }
inline Value ToValue(double v) { return Value::Double(v); }
inline Value ToValue(const Decimal& v) { return Value::Dec(v); }
inline Value ToValue(const Date& v) { return Value::DateOf(v); }
inline Value ToValue(const Timestamp& v) { return Value::TimestampOf(v); }
// Declared before either is defined, so that each finds the other (an
// optional list, a list of optionals): the calls inside are looked up
// where the templates are defined, and ADL does not see this namespace
// for standard types.
template <typename T>
Value ToValue(const std::optional<T>& v);
template <typename T>
Value ToValue(const std::vector<T>& v);
template <typename T>
Value ToValue(const std::optional<T>& v) {
  return v ? ToValue(*v) : Value();
}
template <typename T>
Value ToValue(const std::vector<T>& v) {
  List items;
  items.reserve(v.size());
  for (const auto& x : v) items.push_back(ToValue(x));
  return Value::ListOf(std::move(items));
}

// Writes ToValue(v) into *out, a string in place (Value::AssignString):
// the bound path loads every member into its slot on every record.
template <typename T>
void AssignValue(const T& v, Value* out) {
  *out = ToValue(v);
}
inline void AssignValue(const std::string& v, Value* out) {
  out->AssignString(v);
}
template <typename T>
void AssignValue(const std::optional<T>& v, Value* out) {
  if (v) {
    AssignValue(*v, out);
  } else {
    out->Reset();
  }
}

// The C++ side's type, in the policy's type words ("optional<...>" marks a
// member that may be absent).
template <typename T>
struct TypeWord;
template <>
struct TypeWord<std::string> {
  static std::string Get() { return "string"; }
};
template <>
struct TypeWord<bool> {
  static std::string Get() { return "bool"; }
};
template <>
struct TypeWord<int> {
  static std::string Get() { return "int"; }
};
template <>
struct TypeWord<long> {
  static std::string Get() { return "int"; }
};
template <>
struct TypeWord<long long> {
  static std::string Get() { return "int"; }
};
template <>
struct TypeWord<double> {
  static std::string Get() { return "double"; }
};
template <>
struct TypeWord<Decimal> {
  static std::string Get() { return "money"; }
};
template <>
struct TypeWord<Date> {
  static std::string Get() { return "date"; }
};
template <>
struct TypeWord<Timestamp> {
  static std::string Get() { return "datetime"; }
};
template <typename T>
struct TypeWord<std::optional<T>> {
  static std::string Get() { return "optional<" + TypeWord<T>::Get() + ">"; }
};
template <typename T>
struct TypeWord<std::vector<T>> {
  static std::string Get() { return "list(" + TypeWord<T>::Get() + ")"; }
};
template <>
struct TypeWord<Value> {
  static std::string Get() { return "value"; }
};

// The output side: FromValue(v, out) writes `v` into *out, or with `out`
// null only says whether it could; false when the member's type cannot
// hold `v` (a null into a member that is not a std::optional). Output
// member types: std::string (strings and enums), bool, int64_t (long, long
// long), double, Decimal (money and decimal), Date, Timestamp, Value (any
// output), std::vector<T> and std::optional<T> of these.
inline bool FromValue(const Value& v, std::string* out) {
  if (v.kind() != Kind::kString) return false;
  if (out) out->assign(v.as_string());
  return true;
}
template <typename T, Kind K, typename Get>
bool ScalarFrom(const Value& v, T* out, Get get) {
  if (v.kind() != K) return false;
  if (out) *out = static_cast<T>((v.*get)());
  return true;
}
inline bool FromValue(const Value& v, bool* out) {
  return ScalarFrom<bool, Kind::kBool>(v, out, &Value::as_bool);
}
inline bool FromValue(const Value& v, long* out) {
  return ScalarFrom<long, Kind::kInt>(v, out, &Value::as_int);
}
inline bool FromValue(const Value& v, long long* out) {
  return ScalarFrom<long long, Kind::kInt>(v, out, &Value::as_int);
}
inline bool FromValue(const Value& v, double* out) {
  return ScalarFrom<double, Kind::kDouble>(v, out, &Value::as_double);
}
inline bool FromValue(const Value& v, Decimal* out) {
  if (v.kind() != Kind::kDecimal) return false;
  if (out) *out = v.as_decimal();
  return true;
}
inline bool FromValue(const Value& v, Date* out) {
  if (v.kind() != Kind::kDate) return false;
  if (out) *out = v.as_date();
  return true;
}
inline bool FromValue(const Value& v, Timestamp* out) {
  if (v.kind() != Kind::kTimestamp) return false;
  if (out) *out = v.as_timestamp();
  return true;
}
inline bool FromValue(const Value& v, Value* out) {
  if (out) *out = v;
  return true;
}
// Declared first, as the ToValue() forms above are.
template <typename T>
bool FromValue(const Value& v, std::optional<T>* out);
template <typename T>
bool FromValue(const Value& v, std::vector<T>* out);
template <typename T>
bool FromValue(const Value& v, std::optional<T>* out) {
  if (v.is_null()) {
    if (out) out->reset();
    return true;
  }
  if (!out) return FromValue(v, static_cast<T*>(nullptr));
  if (!out->has_value()) out->emplace();
  return FromValue(v, &**out);
}
template <typename T>
bool FromValue(const Value& v, std::vector<T>* out) {
  if (v.kind() != Kind::kList) return false;
  const List& items = v.as_list();
  for (const Value& x : items) {
    if (!FromValue(x, static_cast<T*>(nullptr))) return false;
  }
  if (out) {
    out->resize(items.size());
    for (size_t i = 0; i < items.size(); ++i) FromValue(items[i], &(*out)[i]);
  }
  return true;
}

}  // namespace binding_internal

// One bound member, type-erased.
struct MemberReader {
  std::string name;
  std::string cpp_type;  // TypeWord of the member
  std::function<Value(const void* record)> read;
  // A local wall-clock time: read() gives it as if it were UTC, and Bind()
  // turns it into an instant in the pack's zone (Zone::ToUtc()).
  bool local_time = false;
  // What Binding::Field() adds beside read(), as OutputWriter's write: a
  // plain function and the member pointer's bytes, so that loading a
  // record makes no std::function call per member. Null: read() is used.
  void (*load)(const void* record, const void* member, Value* out) = nullptr;
  alignas(16) unsigned char member[16] = {};  // the `M S::*`
};

class BoundPolicyImpl;  // internal

// One bound output, type-erased: write(v, out, member) puts `v` into the
// member of the struct at `out`, or with `out` null says whether it could
// (binding_internal::FromValue). A plain function and the member pointer's
// bytes rather than a std::function: this runs for every output of every
// record.
struct OutputWriter {
  std::string name;
  std::string cpp_type;  // TypeWord of the member
  bool (*write)(const Value& v, void* out, const void* member) = nullptr;
  alignas(16) unsigned char member[16] = {};  // the `M O::*`
};

class OutputPlan;  // internal: writers checked against a policy's outputs

// The type-erased core of BoundPolicy<S>.
class BoundRecords {
 public:
  // Throws std::invalid_argument (see the file comment) or for an unknown
  // policy.
  static BoundRecords Bind(std::shared_ptr<const Pack> pack,
                           std::string_view policy,
                           std::vector<MemberReader> members);
  Decision Evaluate(const void* record, const EvalOptions& options) const;
  void EvaluateInto(const void* record, const EvalOptions& options,
                    Decision* out) const;
  // `first` points at n records laid out `stride` bytes apart.
  std::vector<Decision> EvaluateMany(const void* first, size_t stride, size_t n,
                                     const EvalOptions& options) const;
  void EvaluateManyInto(const void* first, size_t stride, size_t n,
                        const EvalOptions& options,
                        std::vector<Decision>* out) const;

  // Checks `writers` against the policy's outputs; throws
  // std::invalid_argument naming an unknown output, one bound twice, or a
  // member whose type cannot hold the output's (a nullable output needs a
  // std::optional or Value member).
  std::shared_ptr<const OutputPlan> PlanOutputs(
      std::vector<OutputWriter> writers) const;
  // Decides the record into the struct at `out` through `plan` (made by
  // this object's PlanOutputs()). See TypedPolicy::EvaluateInto.
  std::optional<RecordError> EvaluateTo(const void* record,
                                        const EvalOptions& options,
                                        const OutputPlan& plan,
                                        void* out) const;

 private:
  std::shared_ptr<const BoundPolicyImpl> impl_;
};

// The outputs of a policy bound to members of a struct O of the caller's
// (any subset of the outputs, each at most once). Member types: see
// binding_internal::FromValue.
template <typename O>
class Outputs {
 public:
  template <typename M>
  Outputs& Output(std::string name, M O::* member) {
    using Member = M O::*;
    static_assert(sizeof(Member) <= sizeof(OutputWriter::member));
    OutputWriter w;
    w.name = std::move(name);
    w.cpp_type = binding_internal::TypeWord<M>::Get();
    w.write = [](const Value& v, void* out, const void* bytes) {
      Member m;
      std::memcpy(&m, bytes, sizeof m);
      return binding_internal::FromValue(
          v, out ? &(static_cast<O*>(out)->*m) : nullptr);
    };
    std::memcpy(w.member, &member, sizeof member);
    writers_.push_back(std::move(w));
    return *this;
  }
  const std::vector<OutputWriter>& writers() const { return writers_; }

 private:
  std::vector<OutputWriter> writers_;
};

// A bound policy that decides into a struct of the caller's instead of a
// Decision: made by BoundPolicy<S>::Returning(). Immutable, keeps its pack
// alive, safe to use from many threads at once.
template <typename S, typename O>
class TypedPolicy {
 public:
  TypedPolicy(BoundRecords core, std::shared_ptr<const OutputPlan> plan)
      : core_(std::move(core)), plan_(std::move(plan)) {}
  // Decides `record`: nullopt when it was decided and every bound output
  // was written to its member of `*out`; otherwise the record's error (as
  // Decision::error would hold it) and `*out` is untouched. Unbound
  // outputs are computed and dropped. Throws std::invalid_argument when
  // `options` asks for a trace or an audit (a struct has no place for
  // them: use BoundPolicy::Evaluate). Allocates nothing once warm beyond
  // what the members' own assignments allocate (a std::string over 15
  // characters, a vector growing).
  std::optional<RecordError> EvaluateInto(const S& record,
                                          const EvalOptions& options,
                                          O* out) const {
    return core_.EvaluateTo(&record, options, *plan_, out);
  }

 private:
  BoundRecords core_;
  std::shared_ptr<const OutputPlan> plan_;
};

template <typename S>
class BoundPolicy {
 public:
  explicit BoundPolicy(BoundRecords core) : core_(std::move(core)) {}
  // Throws std::invalid_argument for a batch (population) policy.
  Decision Evaluate(const S& record, const EvalOptions& options) const {
    return core_.Evaluate(&record, options);
  }
  // As Evaluate(), reusing `out`'s storage: the hot-loop form, which does
  // not allocate once `out` has been filled once for this policy.
  void EvaluateInto(const S& record, const EvalOptions& options,
                    Decision* out) const {
    core_.EvaluateInto(&record, options, out);
  }
  std::vector<Decision> EvaluateMany(std::span<const S> records,
                                     const EvalOptions& options) const {
    return core_.EvaluateMany(records.data(), sizeof(S), records.size(),
                              options);
  }
  // As EvaluateMany(), into `out` (resized to the number of records),
  // reusing the storage of the decisions already there: the hot-loop form
  // for batches, which does not allocate once `out` has held a batch of this
  // policy at least as large.
  void EvaluateManyInto(std::span<const S> records, const EvalOptions& options,
                        std::vector<Decision>* out) const {
    core_.EvaluateManyInto(records.data(), sizeof(S), records.size(), options,
                           out);
  }
  // This policy deciding into a struct O through `outputs`. Throws
  // std::invalid_argument for a batch policy and as
  // BoundRecords::PlanOutputs().
  template <typename O>
  TypedPolicy<S, O> Returning(const Outputs<O>& outputs) const {
    return TypedPolicy<S, O>(core_, core_.PlanOutputs(outputs.writers()));
  }

 private:
  BoundRecords core_;
};

template <typename S>
class Binding {
 public:
  template <typename M>
  Binding& Field(std::string name, M S::* member) {
    using Member = M S::*;
    static_assert(sizeof(Member) <= sizeof(MemberReader::member));
    MemberReader r{
        std::move(name), binding_internal::TypeWord<M>::Get(),
        [member](const void* p) {
          return binding_internal::ToValue(static_cast<const S*>(p)->*member);
        },
        binding_internal::IsLocalTime<M>::value};
    r.load = [](const void* p, const void* bytes, Value* out) {
      Member m;
      std::memcpy(&m, bytes, sizeof m);
      binding_internal::AssignValue(static_cast<const S*>(p)->*m, out);
    };
    std::memcpy(r.member, &member, sizeof member);
    members_.push_back(std::move(r));
    return *this;
  }
  BoundPolicy<S> Bind(std::shared_ptr<const Pack> pack,
                      std::string_view policy) const {
    std::vector<MemberReader> members = members_;
    for (MemberReader& m : members) {
      // No pack: BoundRecords::Bind throws (std::invalid_argument).
      if (!m.local_time || !pack) continue;
      m.read = AtZone(std::move(m.read), *pack);
      m.load = nullptr;  // read() shifts it into the pack's zone
    }
    return BoundPolicy<S>(
        BoundRecords::Bind(std::move(pack), policy, std::move(members)));
  }

 private:
  // Local wall-clock times (and lists of them) as instants in the pack's zone.
  static std::function<Value(const void*)> AtZone(
      std::function<Value(const void*)> read, const Pack& pack) {
    return [read = std::move(read), zone = pack.zone()](const void* p) {
      auto shift = [&zone](const Value& v) {
        if (v.kind() != Kind::kTimestamp) return v;
        Timestamp t = v.as_timestamp();
        t.seconds = zone.ToUtc(t.seconds);
        return Value::TimestampOf(t);
      };
      Value v = read(p);
      if (v.kind() != Kind::kList) return shift(v);
      List items;
      for (const Value& x : v.as_list()) items.push_back(shift(x));
      return Value::ListOf(std::move(items));
    };
  }

  std::vector<MemberReader> members_;
};

}  // namespace verdict

#endif  // VERDICT_BINDING_H_
