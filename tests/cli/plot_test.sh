# scripts/plot.sh: learning curves of one run and of several overlaid, as PNG; its refusals.
source "$(dirname "$0")/lib.sh"

# is_png FILE: FILE starts with the PNG signature and is larger than an empty canvas would be.
is_png() {
  [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$1 is not a PNG"
  [ "$(wc -c <"$1")" -gt 10000 ] || fail "$1 is too small to show curves"
}

for seed in 1 2; do
  run_expect 0 train configs/iris.yaml --out "$TMP/runs/seed-$seed" --set seed=$seed --set training.epochs=8 --quiet
done
run_expect 0 train configs/linear_regression.yaml --out "$TMP/regression" --set training.epochs=3 --quiet

script_expect 0 scripts/plot.sh "$TMP/runs/seed-1"
is_png "$TMP/runs/seed-1/curves.png"
expect_out "$TMP/runs/seed-1/curves.png"
script_expect 0 scripts/plot.sh "$TMP/runs/seed-1" "$TMP/runs/seed-2"
is_png "$TMP/runs/curves.png"
script_expect 0 scripts/plot.sh --out "$TMP/mae.png" --title "y = 3x + 1" "$TMP/regression"
is_png "$TMP/mae.png"

# No run directory, a folder without metrics.csv, mixed kinds of runs: exit 2, no PNG written.
script_expect 2 scripts/plot.sh
grep -q "usage:" "$TMP/err" || fail "no usage without RUN_DIR"
mkdir "$TMP/empty"
script_expect 2 scripts/plot.sh --out "$TMP/none.png" "$TMP/empty"
grep -q "no metrics.csv" "$TMP/err" || fail "missing metrics.csv: $(cat "$TMP/err")"
head -1 "$TMP/runs/seed-1/metrics.csv" >"$TMP/empty/metrics.csv"
script_expect 2 scripts/plot.sh --out "$TMP/none.png" "$TMP/empty"
grep -q "no epochs" "$TMP/err" || fail "metrics.csv without rows: $(cat "$TMP/err")"
script_expect 2 scripts/plot.sh --out "$TMP/none.png" "$TMP/runs/seed-1" "$TMP/regression"
grep -q "regression run" "$TMP/err" || fail "mixed runs: $(cat "$TMP/err")"
[ ! -e "$TMP/none.png" ] || fail "a refused plot wrote its PNG"
[ -z "$(find "$TMP" -name '*.tmp.*')" ] || fail "temporary files left: $(find "$TMP" -name '*.tmp.*')"
