# Helpers for the end-to-end tests. Source it; it gives a scratch directory $TMP removed on exit.
set -euo pipefail
: "${NETTRAIN:?set NETTRAIN to the nettrain binary}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# run_expect CODE ARGS...: runs nettrain ARGS, keeping stdout in $TMP/out and stderr in $TMP/err,
# and fails unless it exits with CODE.
run_expect() {
  local want=$1
  shift
  local got=0
  "$NETTRAIN" "$@" >"$TMP/out" 2>"$TMP/err" || got=$?
  [ "$got" -eq "$want" ] || fail "nettrain $* exited $got, expected $want; stderr: $(cat "$TMP/err")"
}

# script_expect CODE COMMAND ARGS...: like run_expect for another program (the scripts/ that
# wrap nettrain).
script_expect() {
  local want=$1
  shift
  local got=0
  "$@" >"$TMP/out" 2>"$TMP/err" || got=$?
  [ "$got" -eq "$want" ] || fail "$* exited $got, expected $want; stderr: $(cat "$TMP/err")"
}

# expect_err TEXT: stderr of the last run contains TEXT.
expect_err() {
  grep -qF -- "$1" "$TMP/err" || fail "stderr lacks '$1'; it says: $(cat "$TMP/err")"
}

expect_out() {
  grep -qF -- "$1" "$TMP/out" || fail "stdout lacks '$1'; it says: $(cat "$TMP/out")"
}

# json_field FILE KEY: the value of "KEY" in a flat JSON object.
json_field() {
  sed -n "s/.*\"$2\": *\([^,}]*\).*/\1/p" "$1" | head -1
}

# csv_field FILE ROW COLUMN-NAME: a cell of a CSV with a header (ROW 1 = first data row).
csv_field() {
  awk -F, -v row="$2" -v col="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
                                    NR == row + 1 { print $c }' "$1"
}

# check A OP B: numeric comparison with awk, e.g. check 0.95 '<=' "$acc".
check() {
  awk -v a="$1" -v b="$3" "BEGIN { exit !(a $2 b) }" || fail "expected $1 $2 $3"
}

# Under scripts/test.sh --sanitize: Open MPI keeps memory allocated in MPI_Init until its
# processes end, in components it unloads at MPI_Finalize; LeakSanitizer is told to ignore what
# was allocated through it (tests/sanitize/lsan_suppressions.txt), with full stacks so that the
# Open MPI frames are seen. For tests that run nettrain under mpirun.
allow_open_mpi_leaks() {
  if [ -n "${ASAN_OPTIONS:-}" ]; then
    export ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0"
    export LSAN_OPTIONS="suppressions=$PWD/tests/sanitize/lsan_suppressions.txt:print_suppressions=0"
  fi
}
