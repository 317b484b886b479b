# Sourced (from the checkout's root) by scripts/build.sh, scripts/test_python.sh
# and scripts/test_spark.sh: one compiler and one compiler cache for build/ and
# the Python package's builds, so the package's `pip install .` takes the
# library's objects from build/'s compiles (the same command lines) instead of
# compiling the library again. Sets
#   VERDICT_CXX       the C++ compiler: $CXX, else g++
#   VERDICT_LAUNCHER  -DCMAKE_CXX_COMPILER_LAUNCHER=scripts/ccache.sh (ccache,
#                     cache in build-ccache/), or empty when ccache is missing
#                     or the checkout's path has white space: then it compiles.
VERDICT_CXX=${CXX:-g++}
VERDICT_LAUNCHER=""
if command -v ccache >/dev/null && [[ "$PWD" != *[[:space:]]* ]]; then
  VERDICT_LAUNCHER="-DCMAKE_CXX_COMPILER_LAUNCHER=$PWD/scripts/ccache.sh"
fi
