#!/usr/bin/env bash
# Learning curves: train and validation loss, and accuracy (MAE for regression), per epoch from
# the metrics.csv of one or more run directories (CV folds, search trials) overlaid in one PNG,
# so over- and under-fitting show at a glance. Needs gnuplot (Debian: gnuplot-nox).
set -euo pipefail
source "$(dirname "$0")/experiment_lib.sh"

usage() {
  cat <<'USAGE'
usage: scripts/plot.sh [--out FILE.png] [--title TEXT] [--metric loss|accuracy|mae|lr] [--logy]
                       [--highlight N] RUN_DIR...

Draws train (solid) and validation (dashed) loss and accuracy, or MAE for regression runs, per
epoch from each RUN_DIR/metrics.csv, one colour per run (20 distinct ones), run names as they
are. --metric draws that one alone (lr: the learning rate, one line per run); --logy puts the
y axis on a log scale (one diverged run then no longer flattens the others). The PNG goes to
--out, else RUN_DIR/curves.png for one run, else curves.png in the folder of the first run.
--highlight N draws the first N runs thick and in colour, the others thin and grey behind them
(one legend entry), as random_search.sh draws its best trials among the rest.
USAGE
}

out="" title="" only="" logy=no highlight=0 runs=()
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --out) [ $# -ge 2 ] || die 2 "--out needs a value"; out=$2; shift 2 ;;
    --title) [ $# -ge 2 ] || die 2 "--title needs a value"; title=$2; shift 2 ;;
    --metric)
      [ $# -ge 2 ] || die 2 "--metric needs a value"
      case $2 in loss | accuracy | mae | lr) only=$2 ;; *) die 2 "--metric must be loss, accuracy, mae or lr, got '$2'" ;; esac
      shift 2 ;;
    --logy) logy=yes; shift ;;
    --highlight)
      [ $# -ge 2 ] || die 2 "--highlight needs a value"
      highlight=$2
      integer_arg highlight --highlight 1 20
      shift 2 ;;
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
[ "$only" != accuracy ] || [ "$kind" = classification ] || die 2 "--metric accuracy: these are regression runs (use mae)"
[ "$only" != mae ] || [ "$kind" = regression ] || die 2 "--metric mae: these are classification runs (use accuracy)"
if [ "$highlight" -eq 0 ]; then
  [ ${#runs[@]} -le 20 ] || die 2 "${#runs[@]} runs: at most 20 are drawn distinctly; plot fewer at a time (or --highlight N)"
fi
epochs=0
for run in "${runs[@]}"; do
  n=$(($(wc -l <"$run/metrics.csv") - 1))
  [ "$n" -le "$epochs" ] || epochs=$n
done

# column RUN NAME: the 1-based column of NAME in RUN/metrics.csv.
column() { head -1 "$1/metrics.csv" | tr ',' '\n' | grep -nx -- "$2" | cut -d: -f1; }

# gnuplot single-quoted string: a quote inside is doubled.
quote() { printf "'%s'" "${1//\'/\'\'}"; }

# plot_command TRAIN_NAME [VAL_NAME]: one solid (train) and one dashed (val) line per run, and
# two legend entries that say which is which.
plot_command() {
  local i=0 run sep="plot "
  local style title
  for run in "${runs[@]}"; do
    i=$((i + 1))
    style="lw 2 lt $i" title=$(quote "$(basename "$run")")
    if [ "$highlight" -gt 0 ]; then
      if [ "$i" -le "$highlight" ]; then style="lw 3 lt $i"
      else style="lw 1 lc rgb '#c0c0c0'"; [ "$i" -eq $((highlight + 1)) ] && title="'the others'" || title=""; fi
    fi
    printf '%s%s using 1:%d with lines %s %s' "$sep" "$(quote "$run/metrics.csv")" "$(column "$run" "$1")" \
      "$style" "$([ -n "$title" ] && echo "title $title" || echo notitle)"
    [ -z "${2:-}" ] || printf ', %s using 1:%d with lines %s dt 2 notitle' "$(quote "$run/metrics.csv")" \
      "$(column "$run" "$2")" "$style"
    sep=", "
  done
  [ -z "${2:-}" ] || printf ", NaN with lines lw 2 lc 'black' title 'train (solid)', NaN with lines lw 2 dt 2 lc 'black' title 'validation (dashed)'"
  echo
}

# 20 colours that stay apart (the tab20 palette, dark and light of each hue in turn).
palette=(1f77b4 ff7f0e 2ca02c d62728 9467bd 8c564b e377c2 7f7f7f bcbd22 17becf
         aec7e8 ffbb78 98df8a ff9896 c5b0d5 c49c94 f7b6d2 c7c7c7 dbdb8d 9edae5)

if [ -z "$title" ]; then
  if [ ${#runs[@]} -eq 1 ]; then title=$(basename "${runs[0]}"); else title=$(basename "$(dirname "${runs[0]}")"); fi
fi

# gnuplot_script PNG: the gnuplot commands drawing both panels into PNG.
gnuplot_script() {
  if [ -n "$only" ]; then echo "set terminal pngcairo noenhanced size 800,500 font ',10'"
  else echo "set terminal pngcairo noenhanced size 1200,500 font ',10'"; fi
  echo "set output $(quote "$1")"
  echo "set datafile separator ','"
  local i
  for i in "${!palette[@]}"; do echo "set linetype $((i + 1)) lc rgb '#${palette[$i]}'"; done
  echo "set key outside right top"
  echo "set grid"
  echo "set offsets 0, 0, graph 0.05, 0"
  echo "set xlabel 'epoch'"
  # Epochs are whole numbers: a tick per epoch for short runs, whole-numbered ticks otherwise.
  if [ "$epochs" -le 15 ]; then echo "set xtics 1"; else echo "set format x '%.0f'"; fi
  [ "$logy" = no ] || echo "set logscale y"
  case $only in
    "")
      echo "set multiplot layout 1,2 title $(quote "$title")"
      echo "set title 'loss'"
      plot_command train_loss val_loss
      echo "set title '$metric'"
      plot_command "$train_name" "$val_name"
      echo "unset multiplot" ;;
    loss) echo "set title $(quote "$title: loss")"; plot_command train_loss val_loss ;;
    lr) echo "set title $(quote "$title: learning rate")"; plot_command lr ;;
    *) echo "set title $(quote "$title: $metric")"; plot_command "$train_name" "$val_name" ;;
  esac
}

# Drawn into a temporary beside the PNG, so a failed plot never leaves a truncated image.
tmp=$(mktemp "$out.tmp.XXXXXX") || die 2 "cannot write $out"
trap 'rm -f "$tmp"' EXIT
errors=$(gnuplot_script "$tmp" | gnuplot 2>&1) || die 1 "gnuplot failed: $errors"
mv -f "$tmp" "$out"
trap - EXIT
echo "$out"
