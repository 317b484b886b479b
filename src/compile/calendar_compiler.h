// A pack's calendar.yaml (weekend, holidays, workdays, years) compiled into
// the Calendar that add_workdays() reads.
#ifndef VERDICT_SRC_COMPILE_CALENDAR_COMPILER_H_
#define VERDICT_SRC_COMPILE_CALENDAR_COMPILER_H_

#include "src/compile/compile_context.h"

namespace verdict {

// Fills `out` from `c`. Reports bad days and dates, a `weekend` or
// `holidays`/`workdays` that is not a list, and a weekend of all seven days
// (no working day) as errors, and unknown keys as warnings, to `ctx`. Without
// `weekend`, Saturday and Sunday are off; without `years`, the years the dates
// span.
void CompileCalendar(CompileContext& ctx, const syntax::Calendar& c,
                     Calendar* out);

}  // namespace verdict

#endif  // VERDICT_SRC_COMPILE_CALENDAR_COMPILER_H_
