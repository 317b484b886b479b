// The Arrow entry of the Python module: PyCapsules of the Arrow C stream
// interface in and out, around verdict::DecideArrow.
#ifndef VERDICT_BINDINGS_PYTHON_ARROW_BINDING_H_
#define VERDICT_BINDINGS_PYTHON_ARROW_BINDING_H_

#include <pybind11/pybind11.h>

#include <memory>
#include <string>
#include <vector>

#include "verdict/engine.h"

namespace verdict_py {

// Decides the stream in `capsule` (an "arrow_array_stream" PyCapsule, as
// `__arrow_c_stream__()` returns; consumed) and returns the results as a new
// "arrow_array_stream" PyCapsule. Raises ValueError for what
// verdict::DecideArrow refuses. Releases the GIL while deciding.
// With `aggregates` (bytes, not None): pass two of a batch policy with
// aggregates merged elsewhere (verdict::DecideArrowWithAggregates), on one
// thread; without, on up to `threads` (verdict::DecideArrow).
pybind11::object DecideArrowCapsule(
    const std::shared_ptr<const verdict::Pack>& pack, const std::string& policy,
    pybind11::object capsule, verdict::Date as_of, bool trace,
    pybind11::object aggregates = pybind11::none(), int threads = 1);

// DecideArrowCapsule() with every batch decided row by row, never by the
// columnar path (verdict::DecideArrowRowByRow): the tests' reference.
pybind11::object DecideArrowRowsCapsule(
    const std::shared_ptr<const verdict::Pack>& pack, const std::string& policy,
    pybind11::object capsule, verdict::Date as_of, int threads = 1);

// How many batches of the stream in `capsule` (consumed) the columnar path
// decides for `policy` (verdict::ColumnarBatches).
int64_t ColumnarBatches(const std::shared_ptr<const verdict::Pack>& pack,
                        const std::string& policy, pybind11::object capsule);
// How many batches of `capsule` (consumed) the column-at-a-time path of
// general policies decides for `policy` at `as_of`
// (verdict::VectorBatches).
int64_t VectorBatches(const std::shared_ptr<const verdict::Pack>& pack,
                      const std::string& policy, pybind11::object capsule,
                      verdict::Date as_of);

// Registers the FinishedAggregates class (merged aggregates made ready once
// per worker; evaluate_arrow takes it in place of bytes).
void RegisterArrowTypes(pybind11::module_& m);
// Finishes merged aggregates bytes for `policy` (see verdict/arrow.h).
pybind11::object FinishAggregates(
    const std::shared_ptr<const verdict::Pack>& pack, const std::string& policy,
    const std::string& bytes);

// Pass one over the stream in `capsule` (consumed): the aggregates as bytes.
pybind11::bytes ArrowAggregates(
    const std::shared_ptr<const verdict::Pack>& pack, const std::string& policy,
    pybind11::object capsule, verdict::Date as_of);
// Merges aggregates bytes of one policy.
pybind11::bytes MergeAggregates(
    const std::shared_ptr<const verdict::Pack>& pack, const std::string& policy,
    const std::vector<std::string>& parts);

}  // namespace verdict_py

#endif  // VERDICT_BINDINGS_PYTHON_ARROW_BINDING_H_
