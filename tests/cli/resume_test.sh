# --resume: a run stopped after epoch k and resumed ends with the same model.bin, bit for bit, as
# a run never stopped, and the same metrics.csv apart from the seconds column.
source "$(dirname "$0")/lib.sh"

CHECKPOINTS='training.checkpoint={every: 1, keep_last: 3, keep_best: true}'

# metrics.csv without its seconds column (the 7th).
metrics_without_seconds() { cut -d, -f1-6,8- "$1"; }

# same_run DIR_A DIR_B WHAT: the two run directories hold the same model and metrics.
same_run() {
  cmp -s "$1/model.bin" "$2/model.bin" || fail "$3: resumed model.bin differs from the uninterrupted one"
  [ "$(metrics_without_seconds "$1/metrics.csv")" = "$(metrics_without_seconds "$2/metrics.csv")" ] ||
    fail "$3: metrics.csv differs: $(diff <(metrics_without_seconds "$1/metrics.csv") <(metrics_without_seconds "$2/metrics.csv"))"
  for key in epochs_run best_epoch stopped_early val_loss; do
    [ "$(json_field "$1/summary.json" $key)" = "$(json_field "$2/summary.json" $key)" ] ||
      fail "$3: summary.json $key differs"
  done
}

# straight_and_resumed NAME K SETS...: trains with SETS straight, and for K epochs then resumed.
straight_and_resumed() {
  local name=$1 k=$2
  shift 2
  local sets=()
  for s in "$@"; do sets+=(--set "$s"); done
  run_expect 0 train configs/iris.yaml --out "$TMP/$name-straight" --set "$CHECKPOINTS" "${sets[@]}" --quiet
  run_expect 0 train configs/iris.yaml --out "$TMP/$name-resumed" --set "$CHECKPOINTS" "${sets[@]}" \
    --set training.epochs=$k --quiet
  [ -s "$TMP/$name-resumed/checkpoints/epoch-$(printf %04d "$k").bin" ] || fail "$name: no checkpoint of epoch $k"
  run_expect 0 train configs/iris.yaml --out "$TMP/$name-resumed" --set "$CHECKPOINTS" "${sets[@]}" \
    --resume "$TMP/$name-resumed/checkpoints/epoch-$(printf %04d "$k").bin" --quiet
  same_run "$TMP/$name-straight" "$TMP/$name-resumed" "$name"
}

# iris has a validation split of 0.2; adam keeps two moments and a step count.
straight_and_resumed adam 3 training.epochs=8
# Without validation data, with SGD momentum and a schedule.
straight_and_resumed sgd 4 training.epochs=7 data.validation_split=0 \
  'optimizer={type: sgd, lr: 0.05, momentum: 0.9, nesterov: true}' 'lr_schedule={type: step, step_size: 2, gamma: 0.5}'
# With early stopping holding best weights, and a plateau schedule that keeps state of its own.
straight_and_resumed early 5 training.epochs=40 \
  'training.early_stopping={monitor: val_loss, patience: 3, min_delta: 0.01, restore_best: true}' \
  'lr_schedule={type: plateau, monitor: val_loss, factor: 0.5, patience: 1}'
[ "$(json_field "$TMP/early-straight/summary.json" stopped_early)" = true ] ||
  fail "the early-stopping run should stop early: $(cat "$TMP/early-straight/summary.json")"

# Resuming from the checkpoint of the epoch where early stopping fired finishes at once, the same way.
last=$(json_field "$TMP/early-straight/summary.json" epochs_run)
run_expect 0 train configs/iris.yaml --out "$TMP/early-again" --set "$CHECKPOINTS" --set training.epochs=40 \
  --set 'training.early_stopping={monitor: val_loss, patience: 3, min_delta: 0.01, restore_best: true}' \
  --set 'lr_schedule={type: plateau, monitor: val_loss, factor: 0.5, patience: 1}' \
  --resume "$TMP/early-straight/checkpoints/epoch-$(printf %04d "$last").bin" --quiet
same_run "$TMP/early-straight" "$TMP/early-again" "resume after early stop"

# keep_last 3 keeps the last three epoch checkpoints, and best.bin.
ls "$TMP/adam-straight/checkpoints" | tr '\n' ' ' | grep -qx "best.bin epoch-0006.bin epoch-0007.bin epoch-0008.bin " ||
  fail "checkpoints/ holds: $(ls "$TMP/adam-straight/checkpoints")"
# best.bin is the checkpoint of the best epoch: resuming from it is a valid run.
best=$(json_field "$TMP/adam-straight/summary.json" best_epoch)
run_expect 0 train configs/iris.yaml --out "$TMP/from-best" --set training.epochs=8 \
  --resume "$TMP/adam-straight/checkpoints/best.bin" --quiet
[ "$(wc -l <"$TMP/from-best/metrics.csv")" -eq 9 ] || fail "resumed from best.bin, metrics.csv should have 8 rows"
[ "$(csv_field "$TMP/from-best/metrics.csv" "$best" val_loss)" = "$(csv_field "$TMP/adam-straight/metrics.csv" "$best" val_loss)" ] ||
  fail "best.bin does not hold the history up to the best epoch $best"

# Checkpoints that cannot be resumed: exit 2 with a clear message, nothing written.
checkpoint="$TMP/adam-straight/checkpoints/epoch-0008.bin"
mkdir "$TMP/untouched"
run_expect 2 train configs/iris.yaml --out "$TMP/untouched" --resume "$TMP/adam-straight/model.bin"
expect_err "is a model file, not a checkpoint"
head -c 200 "$checkpoint" >"$TMP/truncated.bin"
run_expect 2 train configs/iris.yaml --out "$TMP/untouched" --resume "$TMP/truncated.bin"
expect_err "truncated"
cp "$checkpoint" "$TMP/corrupt.bin"
printf '\xff' | dd of="$TMP/corrupt.bin" bs=1 seek=300 conv=notrunc 2>/dev/null
run_expect 2 train configs/iris.yaml --out "$TMP/untouched" --resume "$TMP/corrupt.bin"
expect_err "checksum mismatch"
run_expect 2 train configs/iris.yaml --out "$TMP/untouched" --resume "$TMP/missing.bin"
expect_err "missing.bin: cannot open"
# Another experiment: every difference is listed, with the value on each side.
while IFS='|' read -r set difference; do
  run_expect 2 train configs/iris.yaml --out "$TMP/untouched" --set "$set" --resume "$checkpoint"
  expect_err "was written by another experiment than the config describes"
  expect_err "$difference"
done <<'CASES'
model.layers.0.units=8|model.layers.0.units: 16 in the checkpoint, 8 in the config
model.layers.0.activation=tanh|model.layers.0.activation: relu in the checkpoint, tanh in the config
model.layers.0.init=he_normal|model.layers.0.weights.init: he_uniform in the checkpoint, he_normal in the config
model.layers.1.name=out|model.layers.1.name: dense_2 in the checkpoint, out in the config
model.layers=[{type: dense, units: 16, activation: relu, init: he_uniform}, {type: dense, units: 3}, {type: softmax}]|model.layers: [{
optimizer.type=rmsprop|optimizer.type: adam in the checkpoint, rmsprop in the config
optimizer.type=adamw|optimizer.type: adam in the checkpoint, adamw in the config
loss=mse|loss: categorical_crossentropy in the checkpoint, mse in the config
data.normalize=minmax|data.normalize: zscore in the checkpoint, minmax in the config
data.normalize=none|data.normalize: zscore in the checkpoint, none in the config
regularization={l2: 0.001}|model.layers.0.weights.l2: 0 in the checkpoint, 0.001 in the config
data.validation_split=0.1|the normalization statistics differ
seed=43|the normalization statistics differ
data.class_names=[virginica, setosa, versicolor]|data.class_names: [setosa, versicolor, virginica] in the checkpoint, [virginica, setosa, versicolor] in the config
CASES
# Several at once, each on its line.
run_expect 2 train configs/iris.yaml --out "$TMP/untouched" --set model.layers.0.units=8 --set loss=mse \
  --set optimizer.type=sgd --resume "$checkpoint"
for difference in "model.layers.0.units: 16" "loss: categorical_crossentropy" "optimizer.type: adam"; do
  grep -q "^  $difference" "$TMP/err" || fail "'$difference' is not listed on its own line: $(cat "$TMP/err")"
done
# What may change when continuing: the schedule of the run and the hyperparameters one tunes.
for set in optimizer.lr=0.001 optimizer.beta1=0.8 training.batch_size=8 \
  'lr_schedule={type: step, step_size: 2}' threads=1 'training.early_stopping={patience: 2}'; do
  run_expect 0 train configs/iris.yaml --out "$TMP/changed" --set "$set" --set training.epochs=3 \
    --resume "$checkpoint" --quiet
done
[ -z "$(ls -A "$TMP/untouched")" ] || fail "a refused --resume wrote into the run directory: $(ls -A "$TMP/untouched")"
echo "resume: ok"
