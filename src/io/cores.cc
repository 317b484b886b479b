// CoresAvailable() (verdict/json_stream.h): the cores of the process's CPU
// affinity.
#include <sched.h>

#include <algorithm>
#include <thread>

#include "verdict/json_stream.h"

namespace verdict {

int CoresAvailable() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    return std::max(1, CPU_COUNT(&set));
  }
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace verdict
