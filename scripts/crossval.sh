#!/usr/bin/env bash
# k-fold cross-validation: trains CONFIG k times, fold i of k as validation data (data.kfold),
# then prints every figure of each fold (validation, training and test loss and accuracy or MAE,
# best epoch) with their mean and standard deviation, writes them to DIR/cv.csv and DIR/cv.json,
# and draws the folds' learning curves into DIR/curves.png.
set -euo pipefail
source "$(dirname "$0")/experiment_lib.sh"

usage() {
  cat <<'USAGE'
usage: scripts/crossval.sh CONFIG K [--jobs N] [--out DIR] [-- nettrain train args...]

Trains CONFIG K times (K from 2 to 100000) with data.kfold = {k: K, index: i}, fold i's run directory being
DIR/fold-i (DIR defaults to runs/<config stem>-cv), N trainings at a time (default 1).
Writes DIR/cv.csv, DIR/cv.json and DIR/curves.png (with gnuplot); a failing fold fails the whole
run with its error. The config's own validation data (data.validation_split, data.validation) is
set aside for the folds, each of which validates on its held-out part of the training data.
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
rm -f "$out/cv.csv" "$out/cv.json" "$out/curves.png"

# Each fold's held-out part is its validation data, so whatever validation the config has (a
# split, or a file) is removed for the folds; the folds then use all the training data.
no_validation=(--set data.validation_split=null --set data.validation=null --set data.validation_labels=null)

# run_fold I: trains fold I, its stderr in logs/fold-I.log and its exit code in logs/fold-I.status.
run_fold() {
  local code=0
  # After the user's arguments, so a validation set there is set aside too.
  "$NETTRAIN" train "$config" --out "$out/fold-$1" --quiet "${train_args[@]}" "${no_validation[@]}" \
    --set "data.kfold={k: $k, index: $1}" 2>"$out/logs/fold-$1.log" || code=$?
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

# Every figure the folds' summary.json files hold (validation first), to 6 decimals.
metrics=()
for name in val_loss val_accuracy val_mae train_loss train_accuracy train_mae test_loss test_accuracy test_mae best_epoch; do
  [ -z "$(summary_value "$out/fold-0" "$name")" ] || metrics+=("$name")
done
for i in $(seq 0 $((k - 1))); do
  line=$i
  for name in "${metrics[@]}"; do
    if [ "$name" = best_epoch ]; then line+=",$(summary_value "$out/fold-$i" "$name")"
    else line+=$(printf ',%.6f' "$(summary_value "$out/fold-$i" "$name")"); fi
  done
  echo "$line"
done >"$out/logs/folds.csv"

# mean and sample standard deviation (n - 1) of every column, to 6 decimals like the folds.
stats=$(awk -F, '{ for (c = 2; c <= NF; c++) { x[c, NR] = $c; s[c] += $c } n = NR; cols = NF }
  END { m = "mean"; d = "std"
        for (c = 2; c <= cols; c++) { mean = s[c] / n; q = 0; for (i = 1; i <= n; i++) q += (x[c, i] - mean) ^ 2
                                      m = m sprintf(",%.6f", mean); d = d sprintf(",%.6f", sqrt(q / (n - 1))) }
        print m; print d }' "$out/logs/folds.csv")

header="fold$(printf ',%s' "${metrics[@]}")"
{ echo "$header"; cat "$out/logs/folds.csv"; echo "$stats"; } | write_atomically "$out/cv.csv"

awk -F, -v config="$config" -v k="$k" '
  NR == 1 { for (c = 2; c <= NF; c++) name[c] = $c; n = NF; next }
  { o = "{"; for (c = 2; c <= n; c++) o = o sprintf("%s\"%s\": %s", c > 2 ? ", " : "", name[c], $c) }
  $1 ~ /^[0-9]+$/ { folds = folds sep sprintf("    {\"fold\": %d, %s}", $1, substr(o, 2)); sep = ",\n"; next }
  { stat[$1] = o "}" }
  END {
    gsub(/["\\]/, "\\\\&", config)
    printf "{\n  \"config\": \"%s\",\n  \"k\": %d,\n  \"folds\": [\n%s\n  ],\n", config, k, folds
    printf "  \"mean\": %s,\n  \"std\": %s\n}\n", stat["mean"], stat["std"]
  }' "$out/cv.csv" | write_atomically "$out/cv.json"

# The folds' learning curves in one picture, when gnuplot is there to draw them.
if command -v gnuplot >/dev/null; then
  "$(dirname "$0")/plot.sh" --out "$out/curves.png" --title "$(basename "$config"), $k-fold cross-validation" \
    $(for i in $(seq 0 $((k - 1))); do echo "$out/fold-$i"; done) >/dev/null ||
    echo "crossval: the folds' curves could not be drawn" >&2
else
  echo "crossval: gnuplot not found, so no curves.png (Debian: apt-get install gnuplot-nox)" >&2
fi

print_table , "$out/cv.csv"
