#!/usr/bin/env bash
# Installs Debian's Fashion-MNIST (dataset-fashion-mnist) and links it as data/fashion, where the
# shipped configs look for it. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install_deps.sh dataset-fashion-mnist
fashion=/usr/share/datasets/fashion-mnist
if [ -L data/fashion ] || [ ! -e data/fashion ]; then
  ln -sfn "$fashion" data/fashion
else
  echo "note: data/fashion exists and is not a symlink; leaving it as it is" >&2
fi
