// Boost.Date_Time members in bound structs, and decisions read back as Boost
// types: for services whose records keep dates as boost::gregorian::date and
// times as boost::posix_time::ptime.
//
//   #include <verdict/boost_date_time.h>
//   struct Customer { std::string id; boost::gregorian::date last_visit;
//                     std::optional<boost::posix_time::ptime> disconnect_at; };
//   auto b = verdict::Binding<Customer>()
//                .Field("last_visit_date", &Customer::last_visit)
//                .Field("disconnect_requested_at", &Customer::disconnect_at)
//                ...Bind(pack, "retention_followup");
//
// - boost::gregorian::date binds to `date` fields; a ptime to `datetime`
//   fields, read as local wall-clock time in the pack's zone (as datetime
//   text without an offset is). std::optional and std::vector of them work
//   as for the other member types.
// - A special value (not_a_date_time, +/-infinity) is "not given": null, so
//   an optional field is absent and a required one is the record's
//   missing_field error. Never a silent default.
// - Header-only; needs Boost.Date_Time's headers (Debian: libboost-dev), no
//   Boost library to link. Thread-safe as the rest of the binding.
#ifndef VERDICT_BOOST_DATE_TIME_H_
#define VERDICT_BOOST_DATE_TIME_H_

#include <boost/date_time/gregorian/gregorian_types.hpp>
#include <boost/date_time/posix_time/posix_time_types.hpp>
#include <optional>
#include <string>

#include "verdict/binding.h"
#include "verdict/engine.h"
#include "verdict/value.h"

namespace verdict {

namespace boost_internal {
inline const boost::gregorian::date& Epoch() {
  static const boost::gregorian::date epoch(1970, 1, 1);
  return epoch;
}
}  // namespace boost_internal

namespace binding_internal {

template <>
struct Converter<boost::gregorian::date> {
  static constexpr bool kLocalTime = false;
  static Value ToValue(const boost::gregorian::date& d) {
    if (d.is_special()) return Value();
    return Value::DateOf(
        Date{static_cast<int32_t>((d - boost_internal::Epoch()).days())});
  }
};

template <>
struct Converter<boost::posix_time::ptime> {
  // A wall-clock time: Binding::Bind() makes it an instant in the pack's
  // zone (Zone::ToUtc(), which documents skipped and repeated local times).
  static constexpr bool kLocalTime = true;
  static Value ToValue(const boost::posix_time::ptime& t) {
    if (t.is_special()) return Value();
    boost::posix_time::time_duration since =
        t - boost::posix_time::ptime(boost_internal::Epoch());
    // Whole seconds rounded down, so that nanos stay in [0, 1e9).
    int64_t ticks = since.ticks();
    const int64_t per_second =
        boost::posix_time::time_duration::ticks_per_second();
    int64_t seconds = ticks / per_second, rest = ticks % per_second;
    if (rest < 0) {
      rest += per_second;
      --seconds;
    }
    return Value::TimestampOf(Timestamp{
        seconds, static_cast<int32_t>(rest * (1000000000 / per_second))});
  }
};

template <>
struct TypeWord<boost::gregorian::date> {
  static std::string Get() { return "date"; }
};
template <>
struct TypeWord<boost::posix_time::ptime> {
  static std::string Get() { return "datetime"; }
};

}  // namespace binding_internal

// A date output (or any date value) as a boost::gregorian::date;
// not_a_date_time for null. Throws std::bad_variant_access for any other
// kind of value.
inline boost::gregorian::date ToBoostDate(const Value& v) {
  if (v.is_null())
    return boost::gregorian::date(boost::date_time::not_a_date_time);
  return boost_internal::Epoch() + boost::gregorian::days(v.as_date().days);
}

// A datetime output as local wall-clock time in `pack`'s zone (the inverse
// of binding a ptime member); not_a_date_time for null. Throws
// std::bad_variant_access for any other kind of value.
inline boost::posix_time::ptime ToBoostPtime(const Value& v, const Pack& pack) {
  if (v.is_null())
    return boost::posix_time::ptime(boost::date_time::not_a_date_time);
  Timestamp t = v.as_timestamp();
  return boost::posix_time::ptime(boost_internal::Epoch()) +
         boost::posix_time::seconds(pack.zone().ToLocal(t.seconds)) +
         boost::posix_time::microseconds(t.nanos / 1000);
}

}  // namespace verdict

#endif  // VERDICT_BOOST_DATE_TIME_H_
