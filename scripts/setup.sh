#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine for nettrain: installs the Debian packages it needs (and
# Fashion-MNIST, linked as data/fashion) and builds the Release binary into build/
# (build/nettrain). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install_deps.sh dataset-fashion-mnist

# The configs name data/fashion/...; the Debian package installs the files system-wide.
fashion=/usr/share/datasets/fashion-mnist
if [ -L data/fashion ] || [ ! -e data/fashion ]; then
  ln -sfn "$fashion" data/fashion
else
  echo "note: data/fashion exists and is not a symlink; leaving it as it is" >&2
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
echo "built: build/nettrain ($(./build/nettrain --version))"
