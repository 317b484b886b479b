#!/usr/bin/env bash
# The Spark tests (tests/spark): verdict.spark.decide on a local[2] session
# from the PyPI pyspark package, with Debian's Java 17 (scripts/install-deps.sh).
# Reuses the Python tests' virtual environment (build-py/venv, made by
# scripts/test_python.sh when missing). A missing Java fails, never skips.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=build-py/venv
if ! java -version 2>&1 | grep -q 'version "17'; then
  echo "test_spark: Java 17 is required (scripts/install-deps.sh installs openjdk-17-jre-headless)" >&2
  java -version >&2 || true
  exit 1
fi
if [[ ! -x "$VENV/bin/python" ]]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
fi
"$VENV/bin/pip" install -q pytest pyarrow pyspark pandas numpy
# The package's build compiles the library again: with build/'s compiler and
# compiler cache (scripts/ccache_env.sh), as cache hits when build/ is built.
source scripts/ccache_env.sh
echo "pip install . (CXX=$VERDICT_CXX${VERDICT_LAUNCHER:+, CMAKE_ARGS=$VERDICT_LAUNCHER})"
CXX=$VERDICT_CXX CMAKE_ARGS="${CMAKE_ARGS:+$CMAKE_ARGS }$VERDICT_LAUNCHER" "$VENV/bin/pip" install -q .
echo "test_spark: $("$VENV/bin/python" -c 'import pyspark; print("pyspark", pyspark.__version__)'), $(java -version 2>&1 | head -1)"
cd tests/spark
# Bounded: a hung Spark session must not hold CI for its whole cap.
timeout 900 "../../$VENV/bin/python" -m pytest -q -p no:cacheprovider -rA . 2>&1 | grep -v "^PASSED"
exit "${PIPESTATUS[0]}"
