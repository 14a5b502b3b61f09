#!/usr/bin/env bash
# Benchmarks nettrain side by side with the PyTorch and dlib references and writes
# docs/benchmarks.md and bench/results/latest.json (see bench/run_benchmarks.py). Takes about
# half an hour; --quick runs a few hundred steps of each workload in a few minutes and only
# prints the ratios.
#
#   scripts/bench.sh [--quick] [--reps N] [--micro] [--curves]
#
# --micro also runs the Google Benchmark micro-benchmarks (build/micro_benchmarks). --curves
# measures throughput against batch size and hidden width instead (bench/curves.py, about 10
# minutes, 1 repetition unless --reps; with --quick a one-minute smoke run that leaves docs/
# alone). N is 1 to 1000 (decimal: 010 is ten), checked before anything is installed or built.
# Run it on an otherwise idle machine: the figures are ratios measured in one run, but a busy
# machine hurts the multi-threaded side more than the other.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/experiment_lib.sh

micro=false
curves=false
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --micro) micro=true; shift ;;
    --curves) curves=true; shift ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target nettrain micro_benchmarks dlib_reference
if $micro; then
  ./build/micro_benchmarks --benchmark_counters_tabular=true
fi
if $curves; then
  /usr/bin/python3 bench/curves.py "${args[@]}"
else
  /usr/bin/python3 bench/run_benchmarks.py "${args[@]}"
fi
