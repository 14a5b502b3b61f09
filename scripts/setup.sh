#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine for nettrain: installs the Debian packages it needs (and
# Fashion-MNIST, linked as data/fashion) and builds the Release binary into build/
# (build/nettrain): that target only, not the unit tests and micro-benchmarks, which
# scripts/test.sh builds in the same build/ when it runs. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install_deps.sh
./scripts/install_data.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)" --target nettrain
echo "built: build/nettrain ($(./build/nettrain --version))"
