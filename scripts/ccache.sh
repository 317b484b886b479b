#!/usr/bin/env bash
# The compiler launcher scripts/ccache_env.sh hands to CMake: ccache with its
# cache in build-ccache/ of this checkout (its objects live and go with it).
CCACHE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build-ccache" exec ccache "$@"
