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

# Many runs (issue #21): 20 runs, named with underscores, drawn in 20 distinct colours (each of
# the palette's colours is found in the picture), --metric and --logy; a 21st run is refused.
for i in $(seq 1 20); do
  mkdir -p "$TMP/many/opt_run_$i"
  # Curves of different heights, so no line hides another.
  awk -v k="$i" -F, 'NR == 1 { print; next } { $2 = $2 * (1 + k / 10); $4 = $4 * (1 + k / 10); print }' OFS=, \
    "$TMP/runs/seed-1/metrics.csv" >"$TMP/many/opt_run_$i/metrics.csv"
done
script_expect 0 scripts/plot.sh --out "$TMP/many.png" --metric loss --logy "$TMP"/many/opt_run_*
is_png "$TMP/many.png"
/usr/bin/python3 - "$TMP/many.png" <<'PY' || fail "20 runs are not drawn in 20 distinct colours"
import sys
import cv2
import numpy as np
palette = ["1f77b4", "ff7f0e", "2ca02c", "d62728", "9467bd", "8c564b", "e377c2", "7f7f7f", "bcbd22", "17becf",
           "aec7e8", "ffbb78", "98df8a", "ff9896", "c5b0d5", "c49c94", "f7b6d2", "c7c7c7", "dbdb8d", "9edae5"]
image = cv2.imread(sys.argv[1])[:, :, ::-1].reshape(-1, 3).astype(int)
missing = [c for c in palette if not (np.abs(image - [int(c[i:i + 2], 16) for i in (0, 2, 4)]).sum(axis=1) <= 6).any()]
assert not missing, f"colours not drawn: {missing}"
PY
script_expect 0 scripts/plot.sh --out "$TMP/lr.png" --metric lr "$TMP/runs/seed-1" "$TMP/runs/seed-2"
is_png "$TMP/lr.png"
script_expect 0 scripts/plot.sh --out "$TMP/acc.png" --metric accuracy "$TMP/runs/seed-1"
is_png "$TMP/acc.png"
mkdir -p "$TMP/many/opt_run_21" && cp "$TMP/runs/seed-1/metrics.csv" "$TMP/many/opt_run_21/"
script_expect 2 scripts/plot.sh --out "$TMP/none.png" "$TMP"/many/opt_run_*
grep -q "at most 20" "$TMP/err" || fail "21 runs: $(cat "$TMP/err")"
script_expect 2 scripts/plot.sh --metric mae --out "$TMP/none.png" "$TMP/runs/seed-1"
grep -q "classification runs" "$TMP/err" || fail "--metric mae on classification: $(cat "$TMP/err")"
script_expect 2 scripts/plot.sh --metric f1 "$TMP/runs/seed-1"
[ ! -e "$TMP/none.png" ] || fail "a refused plot wrote its PNG"
echo "plot: ok"
