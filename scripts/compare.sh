#!/usr/bin/env bash
# Side-by-side runs of one config that differ in one setting (or a few): trains CONFIG once per
# value of each --vary, then prints every run's figures in one table, writes them to
# DIR/results.csv and draws all the runs' learning curves into DIR/curves.png.
set -euo pipefail
here=$(dirname "$0")
source "$here/experiment_lib.sh"

usage() {
  cat <<'USAGE'
usage: scripts/compare.sh CONFIG --vary KEY=V1,V2,... [--vary ...] [--jobs J] [--out DIR]
                          [-- nettrain train args...]

Trains CONFIG once per combination of the --vary values (one --vary: once per value), each run
in DIR/<name> (DIR defaults to runs/<config stem>-compare), J at a time (default 1). A value is
YAML, as --set takes it; values are separated by commas outside brackets and braces, so
  --vary 'optimizer={type: sgd, lr: 0.1},{type: adam, lr: 0.001}'
is two values. KEY may join several keys with '+', which all take the value:
  --vary 'model.layers.0.weights+model.layers.1.weights={init: he_normal},{init: glorot_uniform}'
Prints the runs' final figures, writes DIR/results.csv and DIR/curves.png (with gnuplot).
The binary is $NETTRAIN, else ./build/nettrain.
USAGE
}

[ $# -ge 1 ] && { [ "$1" = --help ] || [ "$1" = -h ]; } && { usage; exit 0; }
[ $# -ge 1 ] || { usage >&2; exit 2; }
config=$1
shift
varies=() jobs=1 out="" train_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --vary) [ $# -ge 2 ] || die 2 "--vary needs KEY=V1,V2,..."; varies+=("$2"); shift 2 ;;
    --jobs) [ $# -ge 2 ] || die 2 "--jobs needs a value"; jobs=$2; shift 2 ;;
    --out) [ $# -ge 2 ] || die 2 "--out needs a value"; out=$2; shift 2 ;;
    --) shift; train_args=("$@"); break ;;
    *) usage >&2; die 2 "unknown argument '$1'" ;;
  esac
done
[ -f "$config" ] || die 2 "$config: no such config file"
[ ${#varies[@]} -gt 0 ] || die 2 "nothing to compare: give --vary KEY=V1,V2,..."
integer_arg jobs --jobs 1 1024
find_nettrain
out=${out:-runs/$(basename "${config%.*}")-compare}
mkdir -p "$out/logs" || die 2 "cannot create $out"
rm -f "$out/results.csv" "$out/curves.png"

# values TEXT: TEXT split at the commas that are outside brackets and braces, one per line.
values() {
  awk -v text="$1" 'BEGIN { depth = 0; item = ""
    for (i = 1; i <= length(text); i++) { c = substr(text, i, 1)
      if (c == "{" || c == "[") depth++
      if (c == "}" || c == "]") depth--
      if (c == "," && depth == 0) { print item; item = "" } else item = item c }
    print item }'
}

# label VALUE: VALUE as a run name: {init: he_normal} -> init=he_normal, spaces and brackets out.
label() { printf '%s' "$1" | tr -d '{}[] ' | tr ':,/' '=_-'; }

# runs.tsv: one line per run, "NAME<TAB>KEY=VALUE<TAB>KEY=VALUE...", every combination of the varies.
printf '\t\n' >"$out/logs/runs.tsv"
for vary in "${varies[@]}"; do
  [[ $vary == *=* ]] || die 2 "--vary '$vary' is not KEY=V1,V2,..."
  keys=${vary%%=*} list=${vary#*=}
  [ -n "$keys" ] && [ -n "$list" ] || die 2 "--vary '$vary' is not KEY=V1,V2,..."
  while IFS=$'\t' read -r name sets; do
    while IFS= read -r value; do
      [ -n "$value" ] || die 2 "--vary '$vary' has an empty value"
      new_sets=$sets
      IFS='+' read -ra key_list <<<"$keys"
      for key in "${key_list[@]}"; do new_sets+=$'\t'"$key=$value"; done
      printf '%s\t%s\n' "${name:+$name+}$(label "$value")" "${new_sets#$'\t'}"
    done < <(values "$list")
  done <"$out/logs/runs.tsv" >"$out/logs/runs.next"
  mv "$out/logs/runs.next" "$out/logs/runs.tsv"
done
count=$(wc -l <"$out/logs/runs.tsv")
[ "$(cut -f1 "$out/logs/runs.tsv" | sort -u | wc -l)" -eq "$count" ] || die 2 "two --vary values give the same run name"
[ "$count" -le 20 ] || die 2 "$count runs: at most 20 are compared (and drawn distinctly) at a time"

# run_one N: trains run N of runs.tsv.
run_one() {
  local name sets=() code=0 field
  IFS=$'\t' read -ra fields <<<"$(sed -n "${1}p" "$out/logs/runs.tsv")"
  name=${fields[0]}
  for field in "${fields[@]:1}"; do sets+=(--set "$field"); done
  "$NETTRAIN" train "$config" "${sets[@]}" --out "$out/$name" --quiet "${train_args[@]}" 2>"$out/logs/$name.log" ||
    code=$?
  echo "$code" >"$out/logs/$name.status"
}

echo "compare: $count runs of $config into $out, $jobs at a time" >&2
seq 1 "$count" | run_jobs "$jobs" run_one
names=()
while IFS=$'\t' read -r name _; do
  code=$(cat "$out/logs/$name.status")
  if [ "$code" -ne 0 ]; then
    cat "$out/logs/$name.log" >&2
    die "$code" "run $name failed (exit $code); its log: $out/logs/$name.log"
  fi
  names+=("$name")
done <"$out/logs/runs.tsv"

figures=()
for name in train_loss train_accuracy train_mae val_loss val_accuracy val_mae test_loss test_accuracy test_mae best_epoch seconds; do
  [ -z "$(summary_value "$out/${names[0]}" "$name")" ] || figures+=("$name")
done
{
  echo "run$(printf ',%s' "${figures[@]}")"
  for name in "${names[@]}"; do
    line=$name
    for figure in "${figures[@]}"; do line+=",$(summary_value "$out/$name" "$figure")"; done
    echo "$line"
  done
} | write_atomically "$out/results.csv"
print_table , "$out/results.csv"

if command -v gnuplot >/dev/null; then
  "$here/plot.sh" --out "$out/curves.png" --title "$(basename "$config")" "${names[@]/#/$out/}" >/dev/null &&
    echo "curves: $out/curves.png" || echo "compare: the runs' curves could not be drawn" >&2
else
  echo "compare: gnuplot not found, so no curves.png (Debian: apt-get install gnuplot-nox)" >&2
fi
