#!/usr/bin/env bash
# Builds the Debian package build-package/nettrain_<version>_<arch>.deb: a Release build for any
# CPU of the architecture (no -march=native; docs/install.md says what that costs), installed
# under /usr, packaged by CPack with dependencies from dpkg-shlibdeps.
#   scripts/package.sh            build the .deb and print its path
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install_deps.sh dpkg-dev file
cmake -S . -B build-package -DCMAKE_BUILD_TYPE=Release -DNETTRAIN_NATIVE=OFF -DNETTRAIN_BUILD_TESTS=OFF \
  -DNETTRAIN_BUILD_BENCH=OFF -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build build-package -j"$(nproc)"
(cd build-package && cpack -G DEB >/dev/null)
ls "$PWD"/build-package/nettrain_*.deb
