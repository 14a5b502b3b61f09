# Helpers shared by crossval.sh, random_search.sh, plot.sh, bench.sh and fuzz.sh. Source it after
# `set -euo pipefail`.

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

# shown TEXT: TEXT as an error message shows it, on one line: plain words and numbers as they
# are, anything else quoted ($'...' for control characters), cut after 40 characters.
shown() {
  local head=${1:0:40} tail=""
  [ ${#1} -le 40 ] || tail="... (${#1} characters)"
  if [[ $head =~ ^[-+.0-9A-Za-z]+$ ]]; then
    printf '%s%s' "$head" "$tail"
  else
    [[ $head =~ [[:cntrl:]] ]] && printf '%q%s' "$head" "$tail" || printf "'%s'%s" "$head" "$tail"
  fi
}

# decimal_le A B: whether A <= B, both decimal digits without leading zeros, of any length (beyond
# bash's 63-bit arithmetic).
decimal_le() {
  [ ${#1} -lt ${#2} ] || { [ ${#1} -eq ${#2} ] && ! [[ $1 > $2 ]]; }
}

# integer_arg VAR LABEL MIN [MAX]: every number a script takes goes through here, like nettrain's
# options (docs/experiments.md, "Numbers on the command line"): $VAR must be decimal digits
# only, leading zeros read as decimal (010 is ten: never octal, as bash's $((010)) would read it),
# from MIN to MAX (default 18446744073709551615, the largest 64-bit seed). VAR is rewritten
# without the leading zeros; anything else dies (exit 2) with one line naming LABEL.
integer_arg() {
  local var=$1 label=$2 min=$3 max=${4:-18446744073709551615} text=${!1} value what
  if [ $# -ge 4 ]; then
    what="an integer from $min to $max"
  else
    case $min in 0) what="a non-negative integer" ;; 1) what="a positive integer" ;; *) what="an integer of at least $min" ;; esac
  fi
  [[ $text =~ ^[0-9]+$ ]] || die 2 "$label must be $what, got $(shown "$text")"
  value=${text#"${text%%[!0]*}"}
  value=${value:-0}
  decimal_le "$value" "$max" || die 2 "$label must be an integer from $min to $max, got $(shown "$text")"
  decimal_le "$min" "$value" || die 2 "$label must be $what, got $(shown "$text")"
  printf -v "$var" '%s' "$value"
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
# which must not occur inside a field). A table that cannot be written (stdout on a full disk)
# fails the script with exit 1, as nettrain does, not with awk's 2 (which means bad usage here);
# a reader that went away (`| head -1`: awk killed by SIGPIPE) ends it quietly with 141.
print_table() {
  awk -F"$1" 'NR == FNR { for (i = 1; i <= NF; i++) if (length($i) > w[i]) w[i] = length($i); next }
              { line = ""; for (i = 1; i <= NF; i++) line = line sprintf(i < NF ? "%-" w[i] + 2 "s" : "%s", $i); print line }' "$2" "$2" ||
    { local code=$?; [ "$code" -ne 141 ] || exit 141; die 1 "cannot write the table of $2 to standard output"; }
}
