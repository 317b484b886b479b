// The Arrow entry of the Python module: PyCapsules of the Arrow C stream
// interface in and out, around verdict::DecideArrow.
#ifndef VERDICT_BINDINGS_PYTHON_ARROW_BINDING_H_
#define VERDICT_BINDINGS_PYTHON_ARROW_BINDING_H_

#include <pybind11/pybind11.h>

#include <memory>
#include <string>

#include "verdict/engine.h"

namespace verdict_py {

// Decides the stream in `capsule` (an "arrow_array_stream" PyCapsule, as
// `__arrow_c_stream__()` returns; consumed) and returns the results as a new
// "arrow_array_stream" PyCapsule. Raises ValueError for what
// verdict::DecideArrow refuses. Releases the GIL while deciding.
pybind11::object DecideArrowCapsule(
    const std::shared_ptr<const verdict::Pack>& pack, const std::string& policy,
    pybind11::object capsule, verdict::Date as_of, bool trace);

}  // namespace verdict_py

#endif  // VERDICT_BINDINGS_PYTHON_ARROW_BINDING_H_
