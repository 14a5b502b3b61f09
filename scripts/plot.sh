#!/usr/bin/env bash
# Learning curves: train and validation loss, and accuracy (MAE for regression), per epoch from
# the metrics.csv of one or more run directories (CV folds, search trials) overlaid in one PNG,
# so over- and under-fitting show at a glance. Needs gnuplot (Debian: gnuplot-nox).
set -euo pipefail
source "$(dirname "$0")/experiment_lib.sh"

usage() {
  cat <<'USAGE'
usage: scripts/plot.sh [--out FILE.png] [--title TEXT] RUN_DIR...

Draws train (solid) and validation (dashed) loss and accuracy, or MAE for regression runs, per
epoch from each RUN_DIR/metrics.csv, one colour per run. The PNG goes to --out, else
RUN_DIR/curves.png for one run, else curves.png in the folder of the first run.
USAGE
}

out="" title="" runs=()
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --out) [ $# -ge 2 ] || die 2 "--out needs a value"; out=$2; shift 2 ;;
    --title) [ $# -ge 2 ] || die 2 "--title needs a value"; title=$2; shift 2 ;;
    -*) usage >&2; die 2 "unknown option '$1'" ;;
    *) runs+=("$1"); shift ;;
  esac
done
[ ${#runs[@]} -gt 0 ] || { usage >&2; exit 2; }
command -v gnuplot >/dev/null || die 2 "gnuplot not found; install it (Debian: apt-get install gnuplot-nox, or scripts/install_deps.sh)"

# Every run must have epochs to draw, and all must be of one kind (classification or regression).
kind=""
for run in "${runs[@]}"; do
  metrics=$run/metrics.csv
  [ -f "$metrics" ] || die 2 "$run: no metrics.csv; is it a nettrain run directory?"
  [ "$(wc -l <"$metrics")" -ge 2 ] || die 2 "$metrics: no epochs yet"
  run_kind=$(head -1 "$metrics" | awk -F, '$1 != "epoch" || $2 != "train_loss" { print "bad"; exit }
                                           { print ($NF == "val_mae" ? "regression" : "classification") }')
  [ "$run_kind" != bad ] || die 2 "$metrics: not a nettrain metrics.csv (header: $(head -1 "$metrics"))"
  [ -z "$kind" ] || [ "$kind" = "$run_kind" ] || die 2 "$run is a $run_kind run, the others are $kind runs"
  kind=$run_kind
done
if [ -z "$out" ]; then
  if [ ${#runs[@]} -eq 1 ]; then out=${runs[0]}/curves.png; else out=$(dirname "${runs[0]}")/curves.png; fi
fi
# The metric drawn beside the loss; columns are found by name in each run's header, since runs
# written before train_penalty was added (2026-12-02) have the MAE columns one to the left.
if [ "$kind" = regression ]; then metric="MAE" train_name=train_mae val_name=val_mae; else metric="accuracy" train_name=train_accuracy val_name=val_accuracy; fi

# column RUN NAME: the 1-based column of NAME in RUN/metrics.csv.
column() { head -1 "$1/metrics.csv" | tr ',' '\n' | grep -nx -- "$2" | cut -d: -f1; }

# gnuplot single-quoted string: a quote inside is doubled.
quote() { printf "'%s'" "${1//\'/\'\'}"; }

# plot_command TRAIN_NAME VAL_NAME: one solid (train) and one dashed (val) line per run.
plot_command() {
  local i=0 run sep="plot "
  for run in "${runs[@]}"; do
    i=$((i + 1))
    printf '%s%s using 1:%d with lines lw 2 lc %d title %s, ' "$sep" "$(quote "$run/metrics.csv")" "$(column "$run" "$1")" \
      "$i" "$(quote "$(basename "$run")")"
    printf '%s using 1:%d with lines lw 2 dt 2 lc %d notitle' "$(quote "$run/metrics.csv")" "$(column "$run" "$2")" "$i"
    sep=", "
  done
  echo
}

if [ -z "$title" ]; then
  if [ ${#runs[@]} -eq 1 ]; then title=$(basename "${runs[0]}"); else title=$(basename "$(dirname "${runs[0]}")"); fi
fi

# gnuplot_script PNG: the gnuplot commands drawing both panels into PNG.
gnuplot_script() {
  echo "set terminal pngcairo size 1200,500 font ',10'"
  echo "set output $(quote "$1")"
  echo "set datafile separator ','"
  echo "set key outside right top"
  echo "set grid"
  echo "set offsets 0, 0, graph 0.05, 0"
  echo "set xlabel 'epoch'"
  echo "set multiplot layout 1,2 title $(quote "$title  (solid: train, dashed: validation)")"
  echo "set title 'loss'"
  plot_command train_loss val_loss
  echo "set title '$metric'"
  plot_command "$train_name" "$val_name"
  echo "unset multiplot"
}

# Drawn into a temporary beside the PNG, so a failed plot never leaves a truncated image.
tmp=$(mktemp "$out.tmp.XXXXXX") || die 2 "cannot write $out"
trap 'rm -f "$tmp"' EXIT
errors=$(gnuplot_script "$tmp" | gnuplot 2>&1) || die 1 "gnuplot failed: $errors"
mv -f "$tmp" "$out"
trap - EXIT
echo "$out"
