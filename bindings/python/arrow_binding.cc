#include "bindings/python/arrow_binding.h"

#include <stdexcept>

#include "src/api/arrow_columnar.h"
#include "src/api/arrow_vector.h"
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

// Moves the stream out of the capsule (the spec's way to take ownership).
ArrowArrayStream TakeStream(py::object& capsule) {
  auto* src = static_cast<ArrowArrayStream*>(
      PyCapsule_GetPointer(capsule.ptr(), kStream));
  if (!src) throw py::error_already_set();
  if (!src->release)
    throw py::value_error("the Arrow stream was already consumed");
  ArrowArrayStream in = *src;
  src->release = nullptr;
  return in;
}

struct Finished {
  std::shared_ptr<const verdict::Pack> pack;  // outlives `aggregates`
  std::shared_ptr<const verdict::FinishedAggregates> aggregates;
};

}  // namespace

void RegisterArrowTypes(py::module_& m) {
  py::class_<Finished>(m, "FinishedAggregates");
}

py::object FinishAggregates(const std::shared_ptr<const verdict::Pack>& pack,
                            const std::string& policy,
                            const std::string& bytes) {
  Finished f{pack, nullptr};
  try {
    py::gil_scoped_release unlocked;
    f.aggregates = verdict::FinishBatchAggregates(*pack, policy, bytes);
  } catch (const std::invalid_argument& e) {
    throw py::value_error(e.what());
  }
  return py::cast(std::move(f));
}

py::bytes ArrowAggregates(const std::shared_ptr<const verdict::Pack>& pack,
                          const std::string& policy, py::object capsule,
                          verdict::Date as_of) {
  ArrowArrayStream in = TakeStream(capsule);
  verdict::EvalOptions opt;
  opt.as_of = as_of;
  std::string out;
  try {
    py::gil_scoped_release unlocked;
    out = verdict::ArrowBatchAggregates(*pack, policy, &in, opt);
  } catch (const std::invalid_argument& e) {
    throw py::value_error(e.what());
  }
  return py::bytes(out);
}

py::bytes MergeAggregates(const std::shared_ptr<const verdict::Pack>& pack,
                          const std::string& policy,
                          const std::vector<std::string>& parts) {
  std::vector<std::string_view> views(parts.begin(), parts.end());
  try {
    return py::bytes(verdict::MergeBatchAggregates(*pack, policy, views));
  } catch (const std::invalid_argument& e) {
    throw py::value_error(e.what());
  }
}

py::object DecideArrowCapsule(const std::shared_ptr<const verdict::Pack>& pack,
                              const std::string& policy, py::object capsule,
                              verdict::Date as_of, bool trace,
                              py::object aggregates, int threads) {
  ArrowArrayStream in = TakeStream(capsule);
  std::string agg;
  const Finished* finished = nullptr;
  bool with_agg = !aggregates.is_none();
  if (with_agg && py::isinstance<Finished>(aggregates)) {
    finished = &aggregates.cast<const Finished&>();
  } else if (with_agg) {
    agg = aggregates.cast<std::string>();
  }
  auto out = std::make_unique<ArrowArrayStream>();
  out->release = nullptr;
  verdict::EvalOptions opt;
  opt.as_of = as_of;
  opt.trace = trace;
  try {
    py::gil_scoped_release unlocked;
    if (finished) {
      verdict::DecideArrowWithAggregates(*pack, policy, &in, opt,
                                         *finished->aggregates, out.get());
    } else if (with_agg) {
      verdict::DecideArrowWithAggregates(*pack, policy, &in, opt, agg,
                                         out.get());
    } else {
      verdict::DecideArrow(*pack, policy, &in, opt, out.get(), threads);
    }
  } catch (const std::invalid_argument& e) {
    throw py::value_error(e.what());
  }
  return py::reinterpret_steal<py::object>(
      PyCapsule_New(out.release(), kStream, &DeleteStream));
}

py::object DecideArrowRowsCapsule(
    const std::shared_ptr<const verdict::Pack>& pack, const std::string& policy,
    py::object capsule, verdict::Date as_of, int threads) {
  ArrowArrayStream in = TakeStream(capsule);
  auto out = std::make_unique<ArrowArrayStream>();
  out->release = nullptr;
  verdict::EvalOptions opt;
  opt.as_of = as_of;
  try {
    py::gil_scoped_release unlocked;
    verdict::DecideArrowRowByRow(*pack, policy, &in, opt, out.get(), threads);
  } catch (const std::invalid_argument& e) {
    throw py::value_error(e.what());
  }
  return py::reinterpret_steal<py::object>(
      PyCapsule_New(out.release(), kStream, &DeleteStream));
}

int64_t ColumnarBatches(const std::shared_ptr<const verdict::Pack>& pack,
                        const std::string& policy, py::object capsule) {
  ArrowArrayStream in = TakeStream(capsule);
  try {
    py::gil_scoped_release unlocked;
    return verdict::ColumnarBatches(*pack, policy, &in);
  } catch (const std::invalid_argument& e) {
    throw py::value_error(e.what());
  }
}

int64_t VectorBatches(const std::shared_ptr<const verdict::Pack>& pack,
                      const std::string& policy, py::object capsule,
                      verdict::Date as_of) {
  ArrowArrayStream in = TakeStream(capsule);
  try {
    py::gil_scoped_release unlocked;
    verdict::EvalOptions options;
    options.as_of = as_of;
    return verdict::VectorBatches(*pack, policy, &in, options);
  } catch (const std::invalid_argument& e) {
    throw py::value_error(e.what());
  }
}

}  // namespace verdict_py
