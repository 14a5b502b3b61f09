# The shipped example configs train to their documented results through the real binary.
source "$(dirname "$0")/lib.sh"

# XOR: the 2-2-1 sigmoid net classifies all four points.
run_expect 0 train configs/xor.yaml --out "$TMP/xor" --quiet
check "$(json_field "$TMP/xor/summary.json" train_accuracy)" == 1
check "$(json_field "$TMP/xor/summary.json" train_loss)" '<' 0.05

# Linear regression y = 3x + 1: on exact points (x = -1, 0, 1) the predictions are within 0.05,
# so the learned weight and bias are near 3 and 1.
cat >"$TMP/line.csv" <<'CSV'
x,y
-1,-2
0,1
1,4
CSV
run_expect 0 train configs/linear_regression.yaml --out "$TMP/lin" --quiet
check "$(json_field "$TMP/lin/summary.json" val_mae)" '<' 0.1
run_expect 0 eval "$TMP/lin/model.bin" --config configs/linear_regression.yaml --set "data.test=$TMP/line.csv" --format json
check "$(json_field "$TMP/out" mae)" '<' 0.05

# Iris: a held-out 20% is classified with at least 90% accuracy.
run_expect 0 train configs/iris.yaml --out "$TMP/iris" --quiet
check "$(json_field "$TMP/iris/summary.json" val_accuracy)" '>=' 0.9
echo "examples: ok"
