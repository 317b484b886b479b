// How many threads to run by default: `verdict eval --threads` and
// `verdict serve --threads` when not given.
#ifndef VERDICT_SRC_IO_CORES_H_
#define VERDICT_SRC_IO_CORES_H_

namespace verdict {

// The cores this process may run on (its CPU affinity: taskset, a
// container's cpuset), at least 1. Thread-safe.
int CoresAvailable();

}  // namespace verdict

#endif  // VERDICT_SRC_IO_CORES_H_
