#!/usr/bin/env bash
# k-fold cross-validation: trains CONFIG k times, fold i of k as validation data (data.kfold),
# then prints each fold's validation loss and accuracy (MAE for regression) with their mean and
# standard deviation, and writes them to DIR/cv.csv and DIR/cv.json.
set -euo pipefail
source "$(dirname "$0")/experiment_lib.sh"

usage() {
  cat <<'USAGE'
usage: scripts/crossval.sh CONFIG K [--jobs N] [--out DIR] [-- nettrain train args...]

Trains CONFIG K times (K from 2 to 100000) with data.kfold = {k: K, index: i}, fold i's run directory being
DIR/fold-i (DIR defaults to runs/<config stem>-cv), N trainings at a time (default 1).
Writes DIR/cv.csv and DIR/cv.json; a failing fold fails the whole run with its error.
Numbers are decimal (010 is ten); N is 1 to 1024.
The binary is $NETTRAIN, else ./build/nettrain.
USAGE
}

[ $# -ge 1 ] && { [ "$1" = --help ] || [ "$1" = -h ]; } && { usage; exit 0; }
[ $# -ge 2 ] || { usage >&2; exit 2; }
config=$1 k=$2
shift 2
jobs=1 out="" train_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --jobs) [ $# -ge 2 ] || die 2 "--jobs needs a value"; jobs=$2; shift 2 ;;
    --out) [ $# -ge 2 ] || die 2 "--out needs a value"; out=$2; shift 2 ;;
    --) shift; train_args=("$@"); break ;;
    *) usage >&2; die 2 "unknown argument '$1'" ;;
  esac
done
[ -f "$config" ] || die 2 "$config: no such config file"
integer_arg k K 2 100000
integer_arg jobs --jobs 1 1024
find_nettrain
out=${out:-runs/$(basename "${config%.*}")-cv}
mkdir -p "$out/logs" || die 2 "cannot create $out"
# Results of an earlier run must not pass for this run's if this one fails.
rm -f "$out/cv.csv" "$out/cv.json"

# run_fold I: trains fold I, its stderr in logs/fold-I.log and its exit code in logs/fold-I.status.
run_fold() {
  local code=0
  "$NETTRAIN" train "$config" --set data.validation_split=0 --set "data.kfold={k: $k, index: $1}" \
    --out "$out/fold-$1" --quiet "${train_args[@]}" 2>"$out/logs/fold-$1.log" || code=$?
  echo "$code" >"$out/logs/fold-$1.status"
}

echo "crossval: $k folds of $config into $out, $jobs at a time" >&2
seq 0 $((k - 1)) | run_jobs "$jobs" run_fold
for i in $(seq 0 $((k - 1))); do
  code=$(cat "$out/logs/fold-$i.status")
  if [ "$code" -ne 0 ]; then
    cat "$out/logs/fold-$i.log" >&2
    die "$code" "fold $i of $k failed (exit $code); its log: $out/logs/fold-$i.log"
  fi
done

metric=$(accuracy_or_mae "$out/fold-0")
for i in $(seq 0 $((k - 1))); do
  printf '%d,%.6f,%.6f\n' "$i" "$(summary_value "$out/fold-$i" val_loss)" "$(summary_value "$out/fold-$i" "$metric")"
done >"$out/logs/folds.csv"

# mean and sample standard deviation (n - 1) of both columns, to 6 decimals like the folds.
stats=$(awk -F, '{ for (c = 2; c <= 3; c++) { x[c, NR] = $c; s[c] += $c } n = NR }
  END { for (c = 2; c <= 3; c++) { m[c] = s[c] / n; for (i = 1; i <= n; i++) q[c] += (x[c, i] - m[c]) ^ 2
                                   sd[c] = sqrt(q[c] / (n - 1)) }
        printf "mean,%.6f,%.6f\nstd,%.6f,%.6f\n", m[2], m[3], sd[2], sd[3] }' "$out/logs/folds.csv")

{ echo "fold,val_loss,$metric"; cat "$out/logs/folds.csv"; echo "$stats"; } | write_atomically "$out/cv.csv"

awk -F, -v config="$config" -v k="$k" -v metric="$metric" '
  NR == 1 { next }
  $1 ~ /^[0-9]+$/ { folds = folds sep sprintf("    {\"fold\": %d, \"val_loss\": %s, \"%s\": %s}", $1, $2, metric, $3); sep = ",\n"; next }
  { stat[$1] = sprintf("{\"val_loss\": %s, \"%s\": %s}", $2, metric, $3) }
  END {
    gsub(/["\\]/, "\\\\&", config)
    printf "{\n  \"config\": \"%s\",\n  \"k\": %d,\n  \"metric\": \"%s\",\n  \"folds\": [\n%s\n  ],\n", config, k, metric, folds
    printf "  \"mean\": %s,\n  \"std\": %s\n}\n", stat["mean"], stat["std"]
  }' "$out/cv.csv" | write_atomically "$out/cv.json"

print_table , "$out/cv.csv"
