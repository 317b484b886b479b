#include "bindings/python/arrow_binding.h"

#include <stdexcept>

#include "verdict/arrow.h"

namespace py = pybind11;

namespace verdict_py {

namespace {

constexpr const char* kStream = "arrow_array_stream";

void DeleteStream(PyObject* capsule) {
  auto* s =
      static_cast<ArrowArrayStream*>(PyCapsule_GetPointer(capsule, kStream));
  if (!s) return;
  if (s->release) s->release(s);
  delete s;
}

}  // namespace

py::object DecideArrowCapsule(const std::shared_ptr<const verdict::Pack>& pack,
                              const std::string& policy, py::object capsule,
                              verdict::Date as_of, bool trace) {
  auto* src = static_cast<ArrowArrayStream*>(
      PyCapsule_GetPointer(capsule.ptr(), kStream));
  if (!src) throw py::error_already_set();
  if (!src->release)
    throw py::value_error("the Arrow stream was already consumed");
  // Move the stream out of the capsule (the spec's way to take ownership).
  ArrowArrayStream in = *src;
  src->release = nullptr;
  auto out = std::make_unique<ArrowArrayStream>();
  out->release = nullptr;
  verdict::EvalOptions opt;
  opt.as_of = as_of;
  opt.trace = trace;
  try {
    py::gil_scoped_release unlocked;
    verdict::DecideArrow(*pack, policy, &in, opt, out.get());
  } catch (const std::invalid_argument& e) {
    throw py::value_error(e.what());
  }
  return py::reinterpret_steal<py::object>(
      PyCapsule_New(out.release(), kStream, &DeleteStream));
}

}  // namespace verdict_py
