#!/usr/bin/env bash
# Random hyperparameter search: draws trials from a search space (nettrain search), trains each
# one as a normal run directory (or scores it by k-fold cross-validation), optionally runs a
# second round in the space narrowed around the best trials, and ranks every trial by a
# validation metric in DIR/results.csv and on stdout.
set -euo pipefail
here=$(dirname "$0")
source "$here/experiment_lib.sh"

usage() {
  cat <<'USAGE'
usage: scripts/random_search.sh CONFIG SPACE [--trials N] [--seed S] [--refine N2] [--top T]
                                [--metric val_loss|val_accuracy|val_mae] [--kfold K] [--jobs J]
                                [--out DIR] [-- nettrain train args...]

SPACE maps config keys to distributions, one per line:
  optimizer.lr: {log_uniform: [1.0e-4, 0.1]}
  model.layers.0.units: {int_uniform: [4, 64]}
  training.batch_size: {choice: [8, 16, 32]}
(uniform: [a, b] too). Draws N trials (default 10) with seed S (default 1); with --refine, N2 more
in the space narrowed around the T best (default 3). Trial i trains in DIR/trial-NNN (DIR
defaults to runs/<config stem>-search), J at a time; with --kfold K each trial is scored by the
mean of a K-fold cross-validation (scripts/crossval.sh) instead of the config's validation data.
Ranks by --metric (default val_loss; lower is better except for val_accuracy).
Writes DIR/results.csv. The binary is $NETTRAIN, else ./build/nettrain.
Numbers are decimal (010 is ten): N, N2 and T 1 to 100000 (N2 from 0), S 0 to 2^64 - 1,
K 2 to 100000, J 1 to 1024.
USAGE
}

[ $# -ge 1 ] && { [ "$1" = --help ] || [ "$1" = -h ]; } && { usage; exit 0; }
[ $# -ge 2 ] || { usage >&2; exit 2; }
config=$1 space=$2
shift 2
trials=10 seed=1 refine=0 top=3 metric=val_loss kfold="" kfold_given=false jobs=1 out="" train_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --trials | --seed | --refine | --top | --metric | --kfold | --jobs | --out)
      [ $# -ge 2 ] || die 2 "$1 needs a value"
      [ "$1" != --kfold ] || kfold_given=true
      declare "${1#--}=$2"
      shift 2
      ;;
    --) shift; train_args=("$@"); break ;;
    *) usage >&2; die 2 "unknown argument '$1'" ;;
  esac
done
[ -f "$config" ] || die 2 "$config: no such config file"
[ -f "$space" ] || die 2 "$space: no such search-space file"
integer_arg trials --trials 1 100000
integer_arg seed --seed 0
integer_arg refine --refine 0 100000
integer_arg top --top 1 100000
integer_arg jobs --jobs 1 1024
case $metric in val_loss | val_mae) order=-g ;; val_accuracy) order=-gr ;; *)
  die 2 "--metric must be val_loss, val_accuracy or val_mae, got '$metric'" ;; esac
! $kfold_given || integer_arg kfold --kfold 2 100000
find_nettrain
export NETTRAIN
out=${out:-runs/$(basename "${config%.*}")-search}
mkdir -p "$out/logs" || die 2 "cannot create $out"
rm -f "$out/results.csv"

# next_seed S: the seed of round 2, S + 1 as nettrain's 64-bit seeds count (the largest is followed
# by 0); by hand, digit by digit, as S may be beyond bash's 63-bit arithmetic.
next_seed() {
  local s=$1 out="" carry=1 i digit
  [ "$s" != 18446744073709551615 ] || { echo 0; return; }
  for ((i = ${#s} - 1; i >= 0; i--)); do
    digit=$((${s:i:1} + carry))
    carry=$((digit / 10))
    out=$((digit % 10))$out
  done
  [ "$carry" -eq 0 ] || out=1$out
  echo "$out"
}

# draw SPACE COUNT SEED: COUNT trial lines (tab-separated KEY=VALUE) appended to trials.tsv;
# a bad space file (exit 2) or trials that could not be written (exit 1: a full disk) stop the
# search here, before any training, with nettrain's exit code: never a search run short.
draw() {
  local code=0 before after
  before=$(wc -l <"$out/trials.tsv")
  # Its errors go straight to stderr: a log file on a full disk would swallow them.
  "$NETTRAIN" search "$1" --trials "$2" --seed "$3" >>"$out/trials.tsv" || code=$?
  [ "$code" -ne 2 ] || exit 2
  [ "$code" -eq 0 ] || die "$code" "cannot draw the trials into $out/trials.tsv: nettrain search exited $code"
  after=$(wc -l <"$out/trials.tsv")
  [ "$((after - before))" -eq "$2" ] || die 1 "$out/trials.tsv got $((after - before)) of $2 trials"
}

# run_trial N: trains trial N (line N of trials.tsv); its exit code goes to logs/trial-NNN.status.
run_trial() {
  local name code=0 sets=() field
  name=$(printf 'trial-%03d' "$1")
  IFS=$'\t' read -ra fields <<<"$(sed -n "${1}p" "$out/trials.tsv")"
  for field in "${fields[@]}"; do sets+=(--set "$field"); done
  if [ -n "$kfold" ]; then
    "$here/crossval.sh" "$config" "$kfold" --out "$out/$name" -- "${sets[@]}" "${train_args[@]}" \
      >"$out/logs/$name.log" 2>&1 || code=$?
  else
    "$NETTRAIN" train "$config" "${sets[@]}" --out "$out/$name" --quiet "${train_args[@]}" \
      2>"$out/logs/$name.log" || code=$?
  fi
  echo "$code" >"$out/logs/$name.status"
}

# figure N NAME: trial N's NAME (val_loss, best_epoch...; a k-fold trial's mean over the folds);
# empty when it has none.
figure() {
  local dir
  dir=$out/$(printf 'trial-%03d' "$1")
  if [ -n "$kfold" ]; then
    awk -F, -v m="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == m) c = i } $1 == "mean" && c { print $c }' \
      "$dir/cv.csv"
  else
    summary_value "$dir" "$2"
  fi
}

# score N: trial N's metric, what trials are ranked by.
score() { figure "$1" "$metric"; }

# The figures shown beside the metric: the validation loss and accuracy (or MAE) the metric is
# not, and the best epoch; those the first trial that trained has.
other_figures() {
  local n name
  for n in $(seq 1 "$(wc -l <"$out/trials.tsv")"); do
    [ "$(cat "$out/logs/$(printf 'trial-%03d' "$n").status")" -eq 0 ] || continue
    for name in val_loss val_accuracy val_mae best_epoch; do
      [ "$name" = "$metric" ] || [ -z "$(figure "$n" "$name")" ] || echo "$name"
    done
    return
  done
}

# run_round FIRST LAST: runs trials FIRST..LAST. A trial refused as bad input (exit 2) stops the
# search with its error; one that fails on its own (exit 1: diverged) is ranked last.
run_round() {
  seq "$1" "$2" | run_jobs "$jobs" run_trial
  local n name
  for n in $(seq "$1" "$2"); do
    name=$(printf 'trial-%03d' "$n")
    if [ "$(cat "$out/logs/$name.status")" -eq 2 ]; then
      cat "$out/logs/$name.log" >&2
      die 2 "$name was refused (exit 2): is every key of $space a config key? log: $out/logs/$name.log"
    fi
  done
}

# ranked: "trial<TAB>round<TAB>metric<TAB>status<TAB>figures<TAB>values..." per trial, best first,
# failed last; figures are the other_figures, joined by '|'.
ranked() {
  local n name status value figures others
  others=$(other_figures)
  for n in $(seq 1 "$(wc -l <"$out/trials.tsv")"); do
    name=$(printf 'trial-%03d' "$n")
    status=$(cat "$out/logs/$name.status")
    value="" figures=""
    if [ "$status" -eq 0 ]; then
      value=$(score "$n")
      for other in $others; do figures+="|$(figure "$n" "$other")"; done
    else
      for other in $others; do figures+="|"; done
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$([ "$n" -le "$trials" ] && echo 1 || echo 2)" "$value" \
      "$([ "$status" -eq 0 ] && echo ok || echo "failed (exit $status)")" "${figures#|}" "$(sed -n "${n}p" "$out/trials.tsv")"
  done >"$out/logs/scores.tsv"
  awk -F'\t' '$4 == "ok"' "$out/logs/scores.tsv" | sort -t$'\t' -k3,3"${order#-}" -s
  awk -F'\t' '$4 != "ok"' "$out/logs/scores.tsv"
}

: >"$out/trials.tsv"
draw "$space" "$trials" "$seed"
echo "random search: $trials trials of $config over $space into $out, $jobs at a time" >&2
# The first trial runs alone: a key the config does not know fails it at once, not $trials times.
run_round 1 1
[ "$(cat "$out/logs/trial-001.status")" -ne 0 ] || [ -n "$(score 1)" ] ||
  die 2 "trial-001 has no $metric: does $config have validation data (data.validation_split, or --kfold)? For regression use --metric val_mae"
[ "$trials" -lt 2 ] || run_round 2 "$trials"

if [ "$refine" -gt 0 ]; then
  ranked | awk -F'\t' -v OFS='\t' -v top="$top" '$4 == "ok" && n++ < top { for (i = 6; i <= NF; i++) $(i - 5) = $i; NF -= 5; print }' \
    >"$out/logs/best-round1.tsv"
  [ -s "$out/logs/best-round1.tsv" ] || die 1 "every trial of round 1 failed; nothing to refine around"
  # Into a temporary first: a failed nettrain search leaves no space-round2.yaml behind.
  "$NETTRAIN" search "$space" --narrow "$out/logs/best-round1.tsv" >"$out/logs/space-round2.yaml" ||
    die $? "cannot narrow $space around the best trials into $out/logs/space-round2.yaml"
  mv -f "$out/logs/space-round2.yaml" "$out/space-round2.yaml"
  echo "round 2: $refine trials in the space around the $top best:" >&2
  cat "$out/space-round2.yaml" >&2
  draw "$out/space-round2.yaml" "$refine" "$(next_seed "$seed")"
  run_round $((trials + 1)) $((trials + refine))
fi

# results.csv: rank, trial, round, the metric, the other figures, status, then one column per key
# of the space.
others=$(other_figures | paste -sd'|')
ranked | awk -F'\t' -v metric="$metric" -v others="$others" '
  function csv(s) { if (s ~ /[",]/) { gsub(/"/, "\"\"", s); s = "\"" s "\"" } return s }
  NR == 1 { header = "rank,trial,round," metric
            if (others != "") { gsub(/\|/, ",", others); header = header "," others }
            header = header ",status"
            for (i = 6; i <= NF; i++) { k = $i; sub(/=.*/, "", k); header = header "," csv(k) }
            print header }
  { f = $5; gsub(/\|/, ",", f)
    line = ($4 == "ok" ? NR : "") "," $1 "," $2 "," $3 (others != "" ? "," f : "") "," csv($4)
    for (i = 6; i <= NF; i++) { v = $i; sub(/^[^=]*=/, "", v); line = line "," csv(v) }
    print line }' | write_atomically "$out/results.csv"

# On stdout: the five best as a table (values may hold commas, never tabs), the narrowed space,
# and the picture of the trials' curves, the five best drawn distinctly.
awk -F, 'NR <= 6' "$out/results.csv" | tr ',' '\t' >"$out/logs/top5.txt"
echo "the $(($(wc -l <"$out/logs/top5.txt") - 1)) best of $(($(wc -l <"$out/results.csv") - 1)) trials (all: $out/results.csv):"
print_table $'\t' "$out/logs/top5.txt"
if [ "$refine" -gt 0 ]; then
  echo "the space narrowed around the $top best of round 1 ($out/space-round2.yaml):"
  cat "$out/space-round2.yaml"
fi
if command -v gnuplot >/dev/null && [ -z "$kfold" ]; then
  best=$(ranked | awk -F'\t' -v dir="$out" '$4 == "ok" { print dir "/" $1 }')
  # shellcheck disable=SC2086  # trial directories hold no spaces: DIR/trial-NNN
  "$here/plot.sh" --out "$out/curves.png" --title "$(basename "$config"): trials, the 5 best in colour" \
    --highlight "$(echo "$best" | head -5 | wc -l)" $best >/dev/null &&
    echo "curves: $out/curves.png" || echo "random search: the trials' curves could not be drawn" >&2
fi
