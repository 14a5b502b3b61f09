# Early stopping: patience running out, restore_best, and the monitors.
source "$(dirname "$0")/lib.sh"

# A min_delta no epoch can beat: epoch 1 stays best, and patience 2 runs out after epoch 3.
run_expect 0 train configs/iris.yaml --out "$TMP/stop" --set training.epochs=50 \
  --set 'training.early_stopping={monitor: val_loss, patience: 2, min_delta: 100, restore_best: true}'
expect_out "stopped early after epoch 3; best epoch 1"
check "$(json_field "$TMP/stop/summary.json" epochs_run)" == 3
check "$(json_field "$TMP/stop/summary.json" best_epoch)" == 1
[ "$(json_field "$TMP/stop/summary.json" stopped_early)" = true ] || fail "stopped_early should be true"
[ "$(wc -l <"$TMP/stop/metrics.csv")" -eq 4 ] || fail "metrics.csv should have 3 epoch rows"
# model.bin holds the weights of epoch 1: eval reproduces that epoch's val_loss exactly.
run_expect 0 eval "$TMP/stop/model.bin" --config configs/iris.yaml --split val --format json
[ "$(json_field "$TMP/out" loss)" = "$(csv_field "$TMP/stop/metrics.csv" 1 val_loss)" ] ||
  fail "restored model's val loss $(json_field "$TMP/out" loss) is not epoch 1's"
[ "$(json_field "$TMP/stop/summary.json" val_loss)" = "$(csv_field "$TMP/stop/metrics.csv" 1 val_loss)" ] ||
  fail "summary.json val_loss is not the best epoch's"

# restore_best also when patience never runs out: model.bin is the best epoch's, not the last's.
run_expect 0 train configs/iris.yaml --out "$TMP/full" --set training.epochs=12 --set optimizer.lr=0.2 \
  --set 'training.early_stopping={monitor: val_loss, patience: 100, restore_best: true}' --quiet
best=$(json_field "$TMP/full/summary.json" best_epoch)
[ "$(json_field "$TMP/full/summary.json" stopped_early)" = false ] || fail "stopped_early should be false"
min_epoch=$(awk -F, 'NR > 1 && (m == "" || $4 < m) { m = $4; e = $1 } END { print e }' "$TMP/full/metrics.csv")
check "$best" == "$min_epoch"
run_expect 0 eval "$TMP/full/model.bin" --config configs/iris.yaml --split val --format json
[ "$(json_field "$TMP/out" loss)" = "$(csv_field "$TMP/full/metrics.csv" "$best" val_loss)" ] ||
  fail "model.bin is not the best epoch's ($best)"

# val_accuracy is better when higher; train_loss serves when there is no validation data.
run_expect 0 train configs/iris.yaml --out "$TMP/acc" --set training.epochs=30 \
  --set 'training.early_stopping={monitor: val_accuracy, patience: 2}' --quiet
check "$(json_field "$TMP/acc/summary.json" best_epoch)" '>=' 1
run_expect 0 train configs/iris.yaml --out "$TMP/train" --set training.epochs=30 --set data.validation_split=0 \
  --set 'training.early_stopping={monitor: train_loss, patience: 1, min_delta: 100}' --quiet
check "$(json_field "$TMP/train/summary.json" epochs_run)" == 2
run_expect 2 train configs/iris.yaml --set data.validation_split=0 --set 'training.early_stopping={monitor: val_loss}'
expect_err "val_loss needs validation data"
echo "early stopping: ok"
