#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang, AddressSanitizer and UBSan into
# build-fuzz/, and runs each for SECONDS (default 60) on the seeds in tests/fuzz/seeds plus the
# shipped examples (configs/, data/). Run under `nice -n 19` on a shared machine.
# Per target: the growing corpus in build-fuzz/corpus/TARGET, the log in build-fuzz/logs/TARGET.log,
# any crashing input in build-fuzz/crashes/TARGET/. Prints executions and coverage per target and
# exits 1 when any target found something.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (TARGET: config csv idx image model_file override;
# SECONDS from 1 to 2147483647, decimal: 010 is ten)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/experiment_lib.sh

seconds=60
[ $# -eq 0 ] || { seconds=$1; shift; }
# 0 would be libFuzzer's "no time limit"; 010 is ten seconds (decimal, like every number of scripts/).
integer_arg seconds SECONDS 1 2147483647
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(config override csv idx image model_file)

command -v clang++ >/dev/null || { echo "error: fuzzing needs clang: apt-get install clang libclang-rt-dev" >&2; exit 1; }
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=FuzzSanitize -DNETTRAIN_BUILD_FUZZ=ON \
  -DNETTRAIN_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j2 --target "${targets[@]/%/_fuzzer}"

# seed_files TARGET: the starting inputs of TARGET.
seed_files() {
  case $1 in
    config) ls configs/*.yaml ;;
    csv) ls data/*.csv ;;
    image) ls data/samples/* ;;
  esac
  if [ -d "tests/fuzz/seeds/$1" ]; then find "tests/fuzz/seeds/$1" -type f; fi
}

found=0
for target in "${targets[@]}"; do
  corpus=build-fuzz/corpus/$target crashes=build-fuzz/crashes/$target log=build-fuzz/logs/$target.log
  mkdir -p "$corpus" "$crashes" build-fuzz/logs
  seed_files "$target" | xargs -r cp -t "$corpus"
  # Data paths in configs are relative to the repository root, where the targets run.
  code=0
  "build-fuzz/tests/fuzz/${target}_fuzzer" "$corpus" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
    -max_len=65536 -artifact_prefix="$crashes/" -print_final_stats=1 >"$log" 2>&1 || code=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  echo "$target: ${execs:-?} executions in ${seconds}s, $cov, corpus $(ls "$corpus" | wc -l) inputs, exit $code"
  if [ "$code" -ne 0 ]; then
    found=1
    echo "  finding: $(ls "$crashes") (see $log)"
  fi
done
exit $found
