# Numbers on the command line (docs/experiments.md, "Numbers on the command line"): every
# numeric flag of nettrain and every number the scripts take is decimal (leading zeros read as
# decimal: 010 is ten, never octal); anything else, or a value out of range, is one "error:" line
# in our words and exit 2, with nothing trained or written.
source "$(dirname "$0")/lib.sh"

big=18446744073709551617   # 2^64 + 1
huge=$(printf '9%.0s' $(seq 300))
# Refused by every integer flag, whatever its range: not decimal digits, or too large for any.
not_digits=(-1 abc '' 1.5 1e3 0x10 +1 ' 1' '1 0' $'2\n' nan inf)
not_integers=("${not_digits[@]}" "$big" "$huge")
# Refused by --eps and --tol (greater than 0, at most 1).
not_steps=(nan NaN inf -inf infinity -1 0 0.0 -0 1.5 2 1e400 1e-400 0x1p-20 abc '' +1e-6 ' 1e-6' 1e-6x .e1 "$huge")

# one_error TEXT: stderr of the last run is exactly one line, "error: ...", containing TEXT.
one_error() {
  [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "expected one error line, got: $(cat "$TMP/err")"
  grep -q '^error: ' "$TMP/err" || fail "the line is not an error: line: $(cat "$TMP/err")"
  expect_err "$1"
  [ "$(wc -c <"$TMP/err")" -lt 200 ] || fail "the error line is too long: $(cat "$TMP/err")"
}

# refused FLAG VALUE TEXT ARGS...: nettrain ARGS FLAG VALUE exits 2 with one error line naming
# FLAG and containing TEXT, printing nothing on stdout.
refused() {
  local flag=$1 value=$2 text=$3
  shift 3
  run_expect 2 "$@" "$flag" "$value"
  one_error "$flag must be "
  expect_err "$text"
  [ ! -s "$TMP/out" ] || fail "nettrain $* $flag '$value' printed: $(cat "$TMP/out")"
}

# --- nettrain train --threads: 0 (all cores) to 1024; nothing trained when refused.
for v in "${not_integers[@]}" 1025 99999999999; do
  refused --threads "$v" "an integer from 0 to 1024" train configs/xor.yaml --out "$TMP/no-run"
  [ ! -e "$TMP/no-run" ] || fail "--threads '$v' created the run directory"
done
refused --threads 1025 "an integer from 0 to 1024, got 1025" train configs/xor.yaml --out "$TMP/no-run"
refused --threads -1 "got -1" train configs/xor.yaml --out "$TMP/no-run"
refused --threads "$huge" "got 9999999999999999999999999999999999999999... (300 characters)" train configs/xor.yaml
refused --threads $'2\n' "got '2\\x0a'" train configs/xor.yaml
run_expect 2 train configs/xor.yaml --threads=-1 --out "$TMP/no-run"
one_error "--threads must be an integer from 0 to 1024, got -1"
# Leading zeros are decimal: 010 is 10 threads (not 8), 08 and 09 are 8 and 9 (not an error).
run_expect 0 train configs/xor.yaml --threads 010 --set training.epochs=1 --out "$TMP/ten" --quiet
grep -qx "threads: 10" "$TMP/ten/config.yaml" || fail "--threads 010 is not 10 threads: $(grep threads "$TMP/ten/config.yaml")"
run_expect 0 train configs/xor.yaml --threads 09 --set training.epochs=1 --out "$TMP/nine" --quiet
grep -qx "threads: 9" "$TMP/nine/config.yaml" || fail "--threads 09 is not 9 threads"
run_expect 0 train configs/iris.yaml --threads 0 --set training.epochs=1 --out "$TMP/iris" --quiet

# --- nettrain infer --top: a positive integer.
cut -d, -f1-4 data/iris.csv | head -5 >"$TMP/features.csv"
for v in 0 00 "${not_digits[@]}"; do
  refused --top "$v" "a positive integer" infer "$TMP/iris/model.bin" "$TMP/features.csv"
done
refused --top 0 "a positive integer, got 0" infer "$TMP/iris/model.bin" "$TMP/features.csv"
refused --top "$big" "an integer from 1 to 2147483647, got $big" infer "$TMP/iris/model.bin" "$TMP/features.csv"
refused --top "$huge" "an integer from 1 to 2147483647" infer "$TMP/iris/model.bin" "$TMP/features.csv"
refused --top 2147483648 "an integer from 1 to 2147483647" infer "$TMP/iris/model.bin" "$TMP/features.csv"
run_expect 0 infer "$TMP/iris/model.bin" "$TMP/features.csv" --top 02 --format csv
head -1 "$TMP/out" | grep -qx "input,row,class_1,probability_1,class_2,probability_2" ||
  fail "--top 02 is not 2: $(head -1 "$TMP/out")"

# --- nettrain gradcheck --samples (positive integer), --eps (1e-10 to 1) and --tol (greater than 0, at most 1).
for v in 0 "${not_digits[@]}"; do
  refused --samples "$v" "a positive integer" gradcheck configs/iris.yaml
done
for v in "$big" "$huge" 9223372036854775808; do
  refused --samples "$v" "an integer from 1 to 9223372036854775807" gradcheck configs/iris.yaml
done
for v in "${not_steps[@]}"; do
  refused --tol "$v" "a number greater than 0 and at most 1" gradcheck configs/iris.yaml
  refused --eps "$v" "a number from 1e-10 to 1" gradcheck configs/iris.yaml
done
# Below 1e-10, rounding swamps the difference and every tensor would pass as zero.
for v in 9.9e-11 1e-12 1e-300 0.00000000001; do
  refused --eps "$v" "a number from 1e-10 to 1, got $v" gradcheck configs/iris.yaml
done
for flag in --eps --tol; do
  refused "$flag" 1e-400 "got 1e-400 (beyond the range of a double)" gradcheck configs/iris.yaml
done
refused --tol nan "a number greater than 0 and at most 1, got nan" gradcheck configs/iris.yaml
run_expect 0 gradcheck configs/iris.yaml --eps 1e-10 --tol 1e-3
run_expect 0 gradcheck configs/iris.yaml --eps 1 --tol 1
run_expect 0 gradcheck configs/iris.yaml --samples 010 --eps 01e-6 --tol .0001
expect_out "on 10 samples"
expect_out "tolerance 1.0e-04, epsilon 1.0e-06"
run_expect 0 gradcheck configs/iris.yaml --samples 09
expect_out "on 9 samples"

# --- nettrain search --trials (1 to 100000), --seed (0 to 2^64 - 1), --padding (0 to 1).
for v in 0 100001 "${not_integers[@]}"; do
  refused --trials "$v" "an integer from 1 to 100000" search configs/iris_search.yaml
done
for v in "${not_integers[@]}" 18446744073709551616; do
  refused --seed "$v" "" search configs/iris_search.yaml
done
refused --seed 18446744073709551616 "an integer from 0 to 18446744073709551615, got 18446744073709551616" \
  search configs/iris_search.yaml
refused --seed -1 "a non-negative integer, got -1" search configs/iris_search.yaml
run_expect 0 search configs/iris_search.yaml --trials 010 --seed 08
[ "$(wc -l <"$TMP/out")" -eq 10 ] || fail "--trials 010 drew $(wc -l <"$TMP/out") trials, not 10"
"$NETTRAIN" search configs/iris_search.yaml --trials 10 --seed 8 | cmp -s - "$TMP/out" || fail "--seed 08 is not seed 8"
run_expect 0 search configs/iris_search.yaml --trials 09 --seed 18446744073709551615
[ "$(wc -l <"$TMP/out")" -eq 9 ] || fail "--trials 09 drew $(wc -l <"$TMP/out") trials, not 9"
"$NETTRAIN" search configs/iris_search.yaml --trials 2 --seed 4 >"$TMP/best.tsv"
for v in nan inf -0.1 1.5 1e400 abc ''; do
  refused --padding "$v" "a number from 0 to 1" search configs/iris_search.yaml --narrow "$TMP/best.tsv"
done
run_expect 0 search configs/iris_search.yaml --narrow "$TMP/best.tsv" --padding 0

# --- scripts: the same rule, one shared helper (scripts/experiment_lib.sh, integer_arg).
# script_refused TEXT DIR COMMAND...: exit 2, one error line with TEXT, DIR not created.
script_refused() {
  local text=$1 dir=$2
  shift 2
  script_expect 2 "$@"
  one_error "$text"
  [ ! -e "$dir" ] || fail "$* created $dir"
}

cv=(scripts/crossval.sh configs/iris.yaml)
for v in 0 1 00 01 100001 "${not_integers[@]}"; do
  script_refused "K must be an integer from 2 to 100000" "$TMP/cv" "${cv[@]}" "$v" --out "$TMP/cv"
done
script_refused "K must be an integer from 2 to 100000, got $big" "$TMP/cv" "${cv[@]}" "$big" --out "$TMP/cv"
for v in 0 1025 "${not_integers[@]}"; do
  script_refused "--jobs must be an integer from 1 to 1024" "$TMP/cv" "${cv[@]}" 3 --jobs "$v" --out "$TMP/cv"
done
# 010 folds are ten folds (bash alone would run 8 and report k = 10).
script_expect 0 "${cv[@]}" 010 --jobs 02 --out "$TMP/cv10" -- --set training.epochs=1
grep -q '"k": 10,' "$TMP/cv10/cv.json" || fail "cv.json: $(cat "$TMP/cv10/cv.json")"
[ "$(grep -c '^[0-9]' "$TMP/cv10/cv.csv")" -eq 10 ] || fail "cv.csv does not hold 10 folds"
[ -s "$TMP/cv10/fold-9/model.bin" ] || fail "fold 9 of 010 was not trained"
grep -q "index: 9" "$TMP/cv10/fold-9/config.yaml" && grep -q "k: 10" "$TMP/cv10/fold-9/config.yaml" ||
  fail "fold 9 was not trained as fold 9 of 10: $(grep -A2 kfold "$TMP/cv10/fold-9/config.yaml")"

rs=(scripts/random_search.sh configs/iris.yaml configs/iris_search.yaml)
for v in 0 100001 "${not_integers[@]}"; do
  script_refused "--trials must be an integer from 1 to 100000" "$TMP/rs" "${rs[@]}" --trials "$v" --out "$TMP/rs"
  script_refused "--top must be an integer from 1 to 100000" "$TMP/rs" "${rs[@]}" --top "$v" --out "$TMP/rs"
  script_refused "--jobs must be an integer from 1 to 1024" "$TMP/rs" "${rs[@]}" --jobs "$v" --out "$TMP/rs"
done
for v in 100001 "${not_integers[@]}"; do
  script_refused "--refine must be an integer from 0 to 100000" "$TMP/rs" "${rs[@]}" --refine "$v" --out "$TMP/rs"
done
for v in 0 1 "${not_integers[@]}"; do
  script_refused "--kfold must be an integer from 2 to 100000" "$TMP/rs" "${rs[@]}" --kfold "$v" --out "$TMP/rs"
done
for v in "${not_integers[@]}" 18446744073709551616; do
  script_refused "--seed must be" "$TMP/rs" "${rs[@]}" --seed "$v" --out "$TMP/rs"
done
script_refused "--seed must be an integer from 0 to 18446744073709551615, got 18446744073709551616" "$TMP/rs" \
  "${rs[@]}" --seed 18446744073709551616 --out "$TMP/rs"
script_refused "--seed must be a non-negative integer, got -1" "$TMP/rs" "${rs[@]}" --seed -1 --out "$TMP/rs"
# 010 trials are ten trials drawn by nettrain search with the same (decimal) seed, all ranked.
script_expect 0 "${rs[@]}" --trials 010 --seed 08 --out "$TMP/rs10" -- --set training.epochs=1
[ "$(wc -l <"$TMP/rs10/results.csv")" -eq 11 ] || fail "results.csv does not rank 10 trials"
[ ! -e "$TMP/rs10/trial-011" ] || fail "a trial beyond 010 ran"
"$NETTRAIN" search configs/iris_search.yaml --trials 10 --seed 8 | cmp -s - "$TMP/rs10/trials.tsv" ||
  fail "--trials 010 --seed 08 did not draw nettrain search's 10 trials of seed 8"
# The largest seed: round 2 draws with seed 0 (S + 1 in 64 bits), beyond bash's arithmetic.
script_expect 0 "${rs[@]}" --trials 02 --refine 01 --top 01 --seed 18446744073709551615 --out "$TMP/rsmax" \
  -- --set training.epochs=1
[ "$(wc -l <"$TMP/rsmax/results.csv")" -eq 4 ] || fail "results.csv does not rank 2 + 1 trials"
"$NETTRAIN" search "$TMP/rsmax/space-round2.yaml" --trials 1 --seed 0 | cmp -s - <(sed -n 3p "$TMP/rsmax/trials.tsv") ||
  fail "round 2 after seed 2^64 - 1 did not draw with seed 0"

# bench.sh --reps and fuzz.sh SECONDS are checked before anything is installed, built or run: run
# from a copy of scripts/ with nothing else, so a value let through fails on a missing file
# (exit 127 or 1), never starting the real half-hour benchmark or a fuzzer.
mkdir -p "$TMP/copy/scripts"
cp scripts/bench.sh scripts/fuzz.sh scripts/experiment_lib.sh "$TMP/copy/scripts/"
for v in 0 1001 "${not_integers[@]}"; do
  script_refused "--reps must be an integer from 1 to 1000" "$TMP/copy/build" "$TMP/copy/scripts/bench.sh" --reps "$v"
done
for v in 0 2147483648 "${not_integers[@]}"; do
  script_refused "SECONDS must be an integer from 1 to 2147483647" "$TMP/copy/build-fuzz" "$TMP/copy/scripts/fuzz.sh" "$v"
done
script_refused "--reps must be an integer from 1 to 1000, got 0" "$TMP/copy/build" "$TMP/copy/scripts/bench.sh" --quick --reps=0
script_refused "--reps needs a value" "$TMP/copy/build" "$TMP/copy/scripts/bench.sh" --reps
script_refused "--reps must be an integer from 1 to 1000, got 1001" "$TMP/copy/build" "$TMP/copy/scripts/bench.sh" \
  --curves --quick --reps 1001
script_refused "SECONDS must be an integer from 1 to 2147483647, got config" "$TMP/copy/build-fuzz" \
  "$TMP/copy/scripts/fuzz.sh" config
echo "numeric arguments: all refusals and decimal readings as documented"
