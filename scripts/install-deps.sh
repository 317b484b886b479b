#!/usr/bin/env bash
# Installs the Debian packages Verdict builds and tests with. Idempotent:
# installs only what is missing. Pass --with-fuzz for the clang toolchain
# used by the fuzzers and sanitizer builds.
set -euo pipefail
PKGS=(cmake ninja-build g++ ccache pkg-config python3 python3-venv tzdata
      libyaml-cpp-dev libsimdjson-dev libfmt-dev libcli11-dev libre2-dev
      libgtest-dev libgmock-dev libbenchmark-dev
      libboost-dev libssl-dev openssl zlib1g-dev wrk
      libabsl-dev               # cctz: time zones by IANA name, $TZDIR
      openjdk-17-jre-headless   # Java for the Spark tests (pyspark)
      chromium chromium-driver fonts-wqy-microhei)  # the workbench's browser tests (CJK font for its screenshots)
if [[ "${1:-}" == "--with-fuzz" ]]; then
  PKGS+=(clang-14 libclang-rt-14-dev llvm-14)
fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
