#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine for nettrain: installs the Debian packages it needs and
# builds the Release binary into build/ (build/nettrain).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install_deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
echo "built: build/nettrain ($(./build/nettrain --version))"
