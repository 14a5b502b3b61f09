#!/usr/bin/env bash
# Downloads the real MNIST digits (the four gzip'd IDX files, ~11 MB) into data/mnist/ and
# checks each against its published MD5 sum. Files already there and intact are kept, so it
# is safe to run again. Needs curl or wget and a network connection; without one it says so
# and exits 1 without leaving partial files behind. (Fashion-MNIST comes from the Debian
# package dataset-fashion-mnist instead: see scripts/setup.sh.)
set -euo pipefail
cd "$(dirname "$0")/.."

# The original site (yann.lecun.com) often refuses downloads; these mirrors serve the same bytes.
mirrors=(
  https://ossci-datasets.s3.amazonaws.com/mnist
  https://storage.googleapis.com/cvdf-datasets/mnist
)
files=(
  "train-images-idx3-ubyte.gz f68b3c2dcbeaaa9fbdd348bbdeb94873"
  "train-labels-idx1-ubyte.gz d53e105ee54ea40749a09fcbcd1e9432"
  "t10k-images-idx3-ubyte.gz 9fb629c4189551a2d022fa330f9573f3"
  "t10k-labels-idx1-ubyte.gz ec29112dd5afa0611ce80d1b7f02629c"
)
dest=data/mnist

if command -v curl >/dev/null 2>&1; then
  fetch() { curl --fail --silent --show-error --location --connect-timeout 15 --max-time 300 -o "$2" "$1"; }
elif command -v wget >/dev/null 2>&1; then
  fetch() { wget --quiet --timeout=15 --tries=2 -O "$2" "$1"; }
else
  echo "error: fetch_mnist.sh needs curl or wget; install one (apt-get install curl)" >&2
  exit 1
fi

intact() { [ -f "$1" ] && [ "$(md5sum "$1" | cut -d' ' -f1)" = "$2" ]; }

mkdir -p "$dest"
partial=""
trap 'if [ -n "$partial" ]; then rm -f "$partial"; fi' EXIT
for entry in "${files[@]}"; do
  read -r name md5 <<<"$entry"
  target="$dest/$name"
  if intact "$target" "$md5"; then
    echo "$target: already there"
    continue
  fi
  partial="$target.part"
  ok=false
  for mirror in "${mirrors[@]}"; do
    if fetch "$mirror/$name" "$partial" 2>/dev/null && intact "$partial" "$md5"; then
      mv "$partial" "$target"
      ok=true
      break
    fi
  done
  rm -f "$partial"
  if ! $ok; then
    echo "error: could not download $name from ${mirrors[*]}: offline, or the mirrors are down or" \
      "served other bytes (MD5 $md5 expected). Copy the four MNIST files into $dest/ by hand instead." >&2
    exit 1
  fi
  echo "$target: downloaded and verified"
done
