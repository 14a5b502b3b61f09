#!/usr/bin/env bash
# Builds nettrain and runs the whole test suite (unit tests and end-to-end runs of the binary)
# through ctest. Installs missing Debian packages and Fashion-MNIST first, so it works on a fresh
# machine.
#   scripts/test.sh              Release build in build/: the default, and the CI command.
#   scripts/test.sh --sanitize   the same suite built with AddressSanitizer and UBSan in build-sanitize/;
#                                any memory error, leak or undefined behaviour fails the test it occurs in.
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
  *)
    echo "usage: scripts/test.sh [--sanitize]" >&2
    exit 2
    ;;
esac

# The end-to-end tests check nettrain's outputs with the tools they are meant for: scikit-learn's
# classification_report for eval's per-class figures, OpenCV for the PNGs it draws, Python's
# protobuf for the TensorBoard event files.
./scripts/install_deps.sh python3-sklearn python3-opencv python3-protobuf
./scripts/install_data.sh
cmake -S . -B "$build" "${flags[@]}"
cmake --build "$build" -j"$(nproc)"
cd "$build"
ctest --output-on-failure -j"$(nproc)"
