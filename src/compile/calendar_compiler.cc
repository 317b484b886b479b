#include "src/compile/calendar_compiler.h"

#include <algorithm>
#include <charconv>

namespace verdict {
namespace {

// A YAML integer scalar's value; 0 when it is not one.
int IntOr0(const syntax::Tree& t) {
  int v = 0;
  const char* end = t.text.data() + t.text.size();
  auto [p, ec] = std::from_chars(t.text.data(), end, v);
  return t.is_scalar() && ec == std::errc() && p == end ? v : 0;
}

// Where the value of `root`'s `key` (a key it has) is written, for a
// message: nothing after the colon has no position of its own, so the key's.
syntax::Pos ValuePos(const syntax::Tree& root, std::string_view key) {
  const syntax::Tree& value = root.Get(key);
  if (!value.is_null()) return value.pos;
  const auto k = std::find_if(root.keys.begin(), root.keys.end(),
                              [&](const auto& t) { return t.text == key; });
  return k == root.keys.end() ? value.pos : k->pos;
}

void Weekend(CompileContext& ctx, const syntax::Tree& root, Calendar* cal) {
  static const char* kDays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                "friday", "saturday", "sunday"};
  const syntax::Tree& weekend = root.Get("weekend");
  if (!weekend.present()) {
    cal->weekend[5] = cal->weekend[6] = true;
    return;
  }
  // A scalar (`weekend: saturday`) read as a list of no days would silently
  // make every day a working day; `[]` says that on purpose.
  if (!weekend.is_list()) {
    ctx.Error(ValuePos(root, "weekend"),
              "'weekend' is a list of days of the week, e.g. "
              "[saturday, sunday] ([] for none)");
    return;
  }
  for (const auto& d : weekend.items) {
    std::string name = d.text;
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    auto it = std::find(std::begin(kDays), std::end(kDays), name);
    if (it == std::end(kDays)) {
      ctx.Error(d.pos, "'" + d.text + "' is not a day of the week");
    } else {
      cal->weekend[it - std::begin(kDays)] = true;
    }
  }
  // With no working day in the week, add_workdays() would search without
  // end (the listed workdays are finitely many).
  if (std::all_of(std::begin(cal->weekend), std::end(cal->weekend),
                  [](bool off) { return off; })) {
    ctx.Error(weekend.pos,
              "'weekend' lists all seven days: a calendar needs a working "
              "day in the week");
  }
}

void Dates(CompileContext& ctx, const syntax::Tree& root, const char* key,
           std::set<int32_t>* out) {
  const syntax::Tree& n = root.Get(key);
  if (!n.present()) return;
  if (!n.is_list()) {
    ctx.Error(n.pos, std::string("'") + key + "' is a list of dates");
    return;
  }
  for (const auto& d : n.items) {
    auto date = d.is_scalar() ? Date::Parse(d.text) : std::nullopt;
    if (!date) {
      ctx.Error(d.pos, "'" + (d.is_scalar() ? d.text : std::string("?")) +
                           "' is not a date (YYYY-MM-DD)");
    } else {
      out->insert(date->days);
    }
  }
}

// The years the calendar's holidays cover: `years: [first, last]` as
// written (the beyond-the-calendar warning names `last`), else those of its
// dates. Anything else written there is an error, not a range guessed.
void Years(CompileContext& ctx, const syntax::Tree& root, Calendar* cal) {
  if (const syntax::Tree& years = root.Get("years"); years.present()) {
    const bool pair = years.is_list() && years.items.size() == 2;
    const int first = pair ? IntOr0(years.items[0]) : 0;
    const int last = pair ? IntOr0(years.items[1]) : 0;
    if (first < 1 || last > 9999 || first > last) {
      ctx.Error(ValuePos(root, "years"),
                "'years' is the first and the last year the holidays cover, "
                "such as [2004, 2026]");
      return;
    }
    cal->first_year = first;
    cal->last_year = last;
    return;
  }
  int lo = 9999, hi = 0;
  for (auto* set : {&cal->holidays, &cal->workdays}) {
    for (int32_t d : *set) {
      int y, m, dd;
      Date{d}.ToYmd(&y, &m, &dd);
      lo = std::min(lo, y);
      hi = std::max(hi, y);
    }
  }
  if (hi > 0) {
    cal->first_year = lo;
    cal->last_year = hi;
  }
}

}  // namespace

void CompileCalendar(CompileContext& ctx, const syntax::Calendar& c,
                     Calendar* cal) {
  const syntax::Tree& root = c.root;
  if (!root.is_map()) {
    ctx.Error(root.pos,
              "a calendar is a mapping with weekend, holidays and workdays");
    return;
  }
  cal->name =
      root.Get("calendar").present() ? root.Get("calendar").text : "calendar";
  Weekend(ctx, root, cal);
  Dates(ctx, root, "holidays", &cal->holidays);
  Dates(ctx, root, "workdays", &cal->workdays);
  Years(ctx, root, cal);
  for (const auto& key : root.keys) {
    const std::string& k = key.text;
    if (k != "calendar" && k != "weekend" && k != "holidays" &&
        k != "workdays" && k != "years" && k != "source" &&
        k != "description") {
      ctx.Warn(key.pos, "unknown key '" + k +
                            "' in the calendar (expected calendar, years, "
                            "weekend, holidays, workdays)");
    }
  }
}

}  // namespace verdict
