#!/usr/bin/env bash
# Installs the Debian packages nettrain builds and tests with (gnuplot draws scripts/plot.sh's
# learning curves; protobuf writes TensorBoard event files; Open MPI runs `mpirun -np N nettrain
# train`), plus any packages named as
# arguments. Idempotent: does nothing when everything is there, and runs apt-get only for what
# is missing.
set -euo pipefail

packages=(
  build-essential cmake ccache pkg-config
  libcli11-dev libyaml-cpp-dev libeigen3-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev zlib1g-dev libstb-dev libbenchmark-dev
  libopenblas-dev
  libprotobuf-dev protobuf-compiler libonnx-dev
  libopenmpi-dev openmpi-bin
  gnuplot-nox
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "error: missing packages: ${missing[*]}; run as root or install them with apt-get" >&2
    exit 2
  fi
fi
echo "installing: ${missing[*]}" >&2
${SUDO:-} apt-get update -q
DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get install -y -q --no-install-recommends "${missing[@]}"
