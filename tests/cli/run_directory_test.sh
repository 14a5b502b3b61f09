# What `train` writes, and that `eval` reproduces its figures exactly.
source "$(dirname "$0")/lib.sh"

run_expect 0 train configs/iris.yaml --out "$TMP/iris" --set training.epochs=5 --set optimizer.lr=0.02 --quiet
[ ! -s "$TMP/out" ] || fail "--quiet printed: $(cat "$TMP/out")"
for f in model.bin metrics.csv config.yaml summary.json; do
  [ -s "$TMP/iris/$f" ] || fail "run directory lacks $f"
done
head -1 "$TMP/iris/metrics.csv" | grep -qx "epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,seconds,train_penalty" ||
  fail "metrics.csv header: $(head -1 "$TMP/iris/metrics.csv")"
[ "$(wc -l <"$TMP/iris/metrics.csv")" -eq 6 ] || fail "metrics.csv should have 5 epoch rows"
check "$(csv_field "$TMP/iris/metrics.csv" 5 lr)" == 0.02

# The resolved config holds the overrides and the defaults that were filled in.
grep -q "lr: 0.02" "$TMP/iris/config.yaml" || fail "config.yaml lacks the override"
grep -q "batch_size: 16" "$TMP/iris/config.yaml" || fail "config.yaml lacks batch_size"
grep -q "beta2: 0.999" "$TMP/iris/config.yaml" || fail "config.yaml lacks the adam defaults"

# The resolved config trains to the same model, byte for byte.
run_expect 0 train "$TMP/iris/config.yaml" --out "$TMP/again" --quiet
cmp -s "$TMP/iris/model.bin" "$TMP/again/model.bin" || fail "same config, same seed, different model.bin"

# eval on the validation split prints exactly the last epoch's val_loss and val_accuracy.
run_expect 0 eval "$TMP/iris/model.bin" --config configs/iris.yaml --split val --format json
[ "$(json_field "$TMP/out" loss)" = "$(csv_field "$TMP/iris/metrics.csv" 5 val_loss)" ] ||
  fail "eval loss $(json_field "$TMP/out" loss) != metrics.csv val_loss $(csv_field "$TMP/iris/metrics.csv" 5 val_loss)"
[ "$(json_field "$TMP/out" accuracy)" = "$(csv_field "$TMP/iris/metrics.csv" 5 val_accuracy)" ] ||
  fail "eval accuracy differs from metrics.csv"
check "$(json_field "$TMP/out" samples)" == 30

run_expect 0 eval "$TMP/iris/model.bin" --config configs/iris.yaml --split val
expect_out "confusion matrix"
expect_out "versicolor"

run_expect 0 summary configs/iris.yaml
expect_out "Total params: 131"
run_expect 0 summary "$TMP/iris/model.bin"
expect_out "Trainable params: 131"

# Regression metrics.csv adds the MAE columns.
run_expect 0 train configs/linear_regression.yaml --out "$TMP/lin" --set training.epochs=2 --quiet
head -1 "$TMP/lin/metrics.csv" | grep -qx "epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,seconds,train_penalty,train_mae,val_mae" ||
  fail "regression metrics.csv header: $(head -1 "$TMP/lin/metrics.csv")"

# A run directory that cannot be written is reported before training.
touch "$TMP/file"
run_expect 1 train configs/iris.yaml --out "$TMP/file/run"
expect_err "cannot create run directory"
echo "run directory: ok"
