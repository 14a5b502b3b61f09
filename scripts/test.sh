#!/usr/bin/env bash
# Builds nettrain and runs the whole test suite (unit tests and end-to-end runs of the binary)
# through ctest. Installs missing Debian packages and Fashion-MNIST first, so it works on a fresh
# machine.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install_deps.sh
./scripts/install_data.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
cd build
ctest --output-on-failure -j"$(nproc)"
