#!/usr/bin/env bash
# Builds nettrain and runs the whole test suite (unit tests and end-to-end runs of the binary)
# through ctest. Installs missing Debian packages and Fashion-MNIST first, so it works on a fresh
# machine.
#   scripts/test.sh              Release build in build/: the default, and the CI command.
#   scripts/test.sh --sanitize   the same suite built with AddressSanitizer and UBSan in build-sanitize/;
#                                any memory error, leak or undefined behaviour fails the test it occurs in.
#   scripts/test.sh --package    builds the .deb, installs it with apt, checks it and removes it
#                                (tests/package/deb_test.sh; as root, on a machine it may change).
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  "") build=build flags=(-DCMAKE_BUILD_TYPE=Release) ;;
  --sanitize)
    build=build-sanitize flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DNETTRAIN_SANITIZE=ON)
    # halt_on_error: a finding fails the test at once instead of scrolling by in a passing run.
    export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=1
    export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
    ;;
  --package) exec bash tests/package/deb_test.sh ;;
  *)
    echo "usage: scripts/test.sh [--sanitize|--package]" >&2
    exit 2
    ;;
esac

# The end-to-end tests check nettrain's outputs with the tools they are meant for: scikit-learn's
# classification_report for eval's per-class figures, OpenCV for the PNGs it draws and the ONNX
# files it exports (with python3-onnx's checker), Python's protobuf for the TensorBoard event files.
./scripts/install_deps.sh python3-sklearn python3-opencv python3-protobuf python3-onnx
./scripts/install_data.sh
# onnxruntime, a second ONNX runtime for the export tests, from npm (its CPU binaries ship in the
# package; ONNXRUNTIME_NODE_INSTALL=skip skips its optional GPU download). Optional: without node
# or the registry the tests check with OpenCV alone, and say so.
if command -v npm >/dev/null && [ ! -d "$build/npm/node_modules/onnxruntime-node" ]; then
  mkdir -p "$build/npm"
  ONNXRUNTIME_NODE_INSTALL=skip npm install --prefix "$build/npm" --no-audit --no-fund onnxruntime-node@1.30.0 \
    >"$build/npm/install.log" 2>&1 || echo "onnxruntime-node not installed (see $build/npm/install.log)" >&2
fi
export NODE_PATH="$PWD/$build/npm/node_modules"
cmake -S . -B "$build" "${flags[@]}"
cmake --build "$build" -j"$(nproc)"
cd "$build"
ctest --output-on-failure -j"$(nproc)"
