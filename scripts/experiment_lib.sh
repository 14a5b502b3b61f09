# Helpers shared by crossval.sh, random_search.sh and plot.sh. Source it after `set -euo pipefail`.

# die CODE MESSAGE: prints "error: MESSAGE" to stderr and exits with CODE (2 = bad usage or input).
die() {
  local code=$1
  shift
  echo "error: $*" >&2
  exit "$code"
}

# The nettrain binary: $NETTRAIN, else ./build/nettrain.
find_nettrain() {
  NETTRAIN=${NETTRAIN:-./build/nettrain}
  [ -x "$NETTRAIN" ] || die 2 "nettrain binary not found at $NETTRAIN; build it or set NETTRAIN"
}

# is_positive_int TEXT: whether TEXT is a whole number >= 1.
is_positive_int() {
  [[ $1 =~ ^[0-9]+$ ]] && [ "$((10#$1))" -ge 1 ]
}

# write_atomically FILE: stdin into FILE through a temporary beside it, so a reader never sees
# half a file and an interrupted run leaves no file that looks like a result.
write_atomically() {
  local tmp
  tmp=$(mktemp "$1.tmp.XXXXXX")
  if cat >"$tmp"; then
    mv -f "$tmp" "$1"
  else
    rm -f "$tmp"
    return 1
  fi
}

# summary_value RUN_DIR KEY: a figure of RUN_DIR/summary.json (one "key": value per line, as
# nettrain writes it); empty for null.
summary_value() {
  awk -v key="\"$2\":" '$1 == key { v = $2; sub(/,$/, "", v); if (v != "null") print v; exit }' "$1/summary.json"
}

# accuracy_or_mae RUN_DIR: "val_accuracy" for a classification run, "val_mae" for regression.
accuracy_or_mae() {
  if [ -n "$(summary_value "$1" val_accuracy)" ]; then echo val_accuracy; else echo val_mae; fi
}

# run_jobs N COMMAND ARGS...: starts `COMMAND ARGS... ITEM` for every ITEM read from stdin, at
# most N at a time, and waits for all of them. Each command reports its own outcome.
run_jobs() {
  local jobs=$1
  shift
  local item
  while IFS= read -r item; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    "$@" "$item" </dev/null &
  done
  wait
}

# print_table SEPARATOR FILE: the rows of FILE as aligned columns (fields split on SEPARATOR,
# which must not occur inside a field).
print_table() {
  awk -F"$1" 'NR == FNR { for (i = 1; i <= NF; i++) if (length($i) > w[i]) w[i] = length($i); next }
              { line = ""; for (i = 1; i <= NF; i++) line = line sprintf(i < NF ? "%-" w[i] + 2 "s" : "%s", $i); print line }' "$2" "$2"
}
