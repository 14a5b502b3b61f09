#!/usr/bin/env bash
# Benchmarks nettrain side by side with the PyTorch and dlib references and writes
# docs/benchmarks.md and bench/results/latest.json (see bench/run_benchmarks.py). Takes about
# half an hour; --quick runs a few hundred steps of each workload in a few minutes and only
# prints the ratios.
#
#   scripts/bench.sh [--quick] [--reps N] [--micro] [--curves] [--avx2] [--distributed]
#
# --micro also runs the Google Benchmark micro-benchmarks (build/micro_benchmarks). --curves
# measures throughput against batch size and hidden width instead (bench/curves.py, about 10
# minutes, 1 repetition unless --reps; with --quick a one-minute smoke run that leaves docs/
# alone). --avx2 measures the training workloads as on a machine of this kind without AVX-512
# (nettrain built with -mno-avx512f in build-avx2/, PyTorch and OpenBLAS held to AVX2; about 10
# minutes; bench/results/latest-avx2.json, shown in docs/benchmarks.md). N is 1 to 1000
# (decimal: 010 is ten), checked before anything is installed or built. --distributed measures
# data-parallel training instead (bench/distributed.py: 2 processes x 1 thread against 1 process x 2
# threads, over shared memory and TCP, and the projection to clusters in docs/distributed.md;
# about 5 minutes).
# Run it on an otherwise idle machine: the figures are ratios measured in one run, but a busy
# machine hurts the multi-threaded side more than the other.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/experiment_lib.sh

micro=false
curves=false
avx2=false
distributed=false
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --micro) micro=true; shift ;;
    --curves) curves=true; shift ;;
    --avx2) avx2=true; shift ;;
    --distributed) distributed=true; shift ;;
    -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    # Checked here, before half an hour of installing and building, like every number of scripts/.
    --reps | --reps=*)
      if [ "$1" = --reps ]; then
        [ $# -ge 2 ] || die 2 "--reps needs a value"
        reps=$2; shift 2
      else
        reps=${1#--reps=}; shift
      fi
      integer_arg reps --reps 1 1000
      args+=(--reps "$reps") ;;
    *) args+=("$1"); shift ;;
  esac
done

# OpenBLAS rather than the reference BLAS: PyTorch and dlib at their best, as the comparison must
# be. libdlib-dev is for the benchmarks only (bench/dlib_reference.cpp), never for the default build.
./scripts/install_deps.sh python3-torch python3-numpy python3-pil libopenblas0-pthread dataset-fashion-mnist \
  libdlib-dev
build=build
if $avx2; then
  # Without AVX-512, cmake/products.cmake hands the products to OpenBLAS, as on such a machine.
  build=build-avx2
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS=-mno-avx512f -DNETTRAIN_BUILD_TESTS=OFF >/dev/null
  args+=(--isa avx2 --nettrain "$build/nettrain" --dlib "$build/dlib_reference")
else
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" -j"$(nproc)" --target nettrain micro_benchmarks dlib_reference
if $micro; then
  ./"$build"/micro_benchmarks --benchmark_counters_tabular=true
fi
if $distributed; then
  /usr/bin/python3 bench/distributed.py "${args[@]}"
elif $curves; then
  /usr/bin/python3 bench/curves.py "${args[@]}"
else
  /usr/bin/python3 bench/run_benchmarks.py "${args[@]}"
fi
