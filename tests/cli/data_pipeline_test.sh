# The data options of docs/data.md and docs/training.md, end to end: data.features / data.drop
# (and infer picking the same columns from a file that has them all), data.limit, normalize per
# channel or dataset, training.class_weight, training.stop_when, data.augment (bits at any thread
# count and on resume, `nettrain preview`), and a clear exit 2 leaving no run directory for each
# mistake.
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

# run_fails WHAT TEXT ARGS...: train with ARGS exits 2 naming TEXT and leaves no run directory.
run_fails() {
  local what=$1 text=$2
  shift 2
  run_expect 2 train "$@" --out "$TMP/failed" --quiet
  expect_err "$text"
  [ ! -e "$TMP/failed" ] || fail "$what: a failed run left $TMP/failed"
}

# --- data.features / data.drop -------------------------------------------------------------
run_expect 0 train configs/iris.yaml --out "$TMP/petals" --set 'data.features=[petal_width, petal_length]' \
  --set model.input_shape=[2] --set training.epochs=3 --quiet
cut -d, -f3,4 data/iris.csv | awk -F, '{ print $2 "," $1 }' >"$TMP/petals.csv"
run_expect 0 infer "$TMP/petals/model.bin" "$TMP/petals.csv" --format csv
cut -d, -f2- "$TMP/out" >"$TMP/petals-only.out"
run_expect 0 infer "$TMP/petals/model.bin" data/iris.csv --format csv
cut -d, -f2- "$TMP/out" | cmp -s - "$TMP/petals-only.out" || fail "infer on all of iris.csv's columns differs from the petals alone"
grep -q '^  features: \[petal_width, petal_length\]' "$TMP/petals/config.yaml" || fail "config.yaml lacks data.features"

run_expect 0 train configs/iris.yaml --out "$TMP/dropped" --set 'data.drop=[sepal_width]' \
  --set model.input_shape=[3] --set training.epochs=2 --quiet
run_expect 0 train "$TMP/dropped/config.yaml" --out "$TMP/dropped-again" --quiet
cmp -s "$TMP/dropped/model.bin" "$TMP/dropped-again/model.bin" || fail "the resolved config with data.drop retrains differently"

# Without a header, by index: infer takes rows of the model's features, or of all the file's columns.
tail -n +2 data/iris.csv | sed 's/setosa/0/; s/versicolor/1/; s/virginica/2/' >"$TMP/iris_noheader.csv"
run_expect 0 train configs/iris.yaml --out "$TMP/by-index" --set "data.train=$TMP/iris_noheader.csv" \
  --set data.header=false --set data.target=4 --set 'data.features=[3, 0]' --set model.input_shape=[2] \
  --set training.epochs=2 --quiet
awk -F, '{ print $4 "," $1 }' "$TMP/iris_noheader.csv" >"$TMP/two_columns.csv"
run_expect 0 infer "$TMP/by-index/model.bin" "$TMP/two_columns.csv" --format csv
cut -d, -f2- "$TMP/out" >"$TMP/two.out"
run_expect 0 infer "$TMP/by-index/model.bin" "$TMP/iris_noheader.csv" --format csv
cut -d, -f2- "$TMP/out" | cmp -s - "$TMP/two.out" || fail "infer by the model's column indices differs from the two columns alone"
cut -d, -f1-3 "$TMP/iris_noheader.csv" >"$TMP/three_columns.csv"
run_expect 2 infer "$TMP/by-index/model.bin" "$TMP/three_columns.csv"
expect_err "the features are columns 3, 0"

run_fails "misspelt feature" "did you mean 'petal_length'?" configs/iris.yaml --set 'data.features=[petal_lenght]'
expect_err "--set data.features=[petal_lenght]: names column"
run_fails "feature that is the target" "which is the target" configs/iris.yaml --set 'data.features=[species]'
run_fails "features and drop" "keep one of them" configs/iris.yaml --set 'data.features=[petal_width]' \
  --set 'data.drop=[sepal_width]'
run_fails "every feature dropped" "drops every feature column" configs/iris.yaml \
  --set 'data.drop=[sepal_length, sepal_width, petal_length, petal_width]'
run_fails "index out of range" "names column index 9" configs/iris.yaml --set 'data.features=[9]'
run_fails "features on idx" "is only for format: csv" configs/fashion_mlp.yaml --set 'data.features=[1]'

# --- data.limit and normalize per ----------------------------------------------------------
run_expect 0 train configs/fashion_mlp.yaml --out "$TMP/limited" --set data.limit=250 --set data.test=null \
  --set data.test_labels=null --set training.epochs=1 --set training.batch_size=50 --set training.log_every=1 --quiet
[ "$(tail -n +2 "$TMP/limited/batch_metrics.csv" | wc -l)" -eq 5 ] || fail "data.limit=250 should give 5 batches of 50"
run_expect 0 train configs/iris.yaml --out "$TMP/half" --set data.limit=0.5 --set training.epochs=1 \
  --set training.batch_size=10 --set training.log_every=1 --quiet
[ "$(tail -n +2 "$TMP/half/batch_metrics.csv" | wc -l)" -eq 6 ] || fail "data.limit=0.5 of 120 should give 6 batches of 10"
run_fails "limit 0" "data.limit must be a positive integer" configs/iris.yaml --set data.limit=0
run_fails "limit above 1" "must be a number of samples" configs/iris.yaml --set data.limit=1.5

run_expect 0 train configs/fashion_mlp.yaml --out "$TMP/per-channel" --set data.limit=200 --set data.test=null \
  --set data.test_labels=null --set training.epochs=1 --set 'data.normalize={type: zscore, per: channel}' --quiet
grep -q 'normalize: {type: zscore, per: channel}' "$TMP/per-channel/config.yaml" || fail "config.yaml lacks normalize per"
run_fails "per channel on flat CSV" "channel needs images" configs/iris.yaml \
  --set 'data.normalize={type: zscore, per: channel}'
run_fails "per with scale" "applies to minmax and zscore" configs/fashion_mlp.yaml \
  --set 'data.normalize={type: scale, per: dataset}'

# --- training.stop_when --------------------------------------------------------------------
run_expect 0 train configs/xor.yaml --out "$TMP/target" --set 'training.stop_when={monitor: train_loss, reaches: 0.02}' --quiet
[ "$(json_field "$TMP/target/summary.json" stopped_at_target)" = true ] || fail "stopped_at_target is not true"
epochs=$(json_field "$TMP/target/summary.json" epochs_run)
check "$epochs" '<' 1000
check "$(csv_field "$TMP/target/metrics.csv" "$epochs" train_loss)" '<=' 0.02
check "$(csv_field "$TMP/target/metrics.csv" $((epochs - 1)) train_loss)" '>' 0.02
[ "$(tail -n +2 "$TMP/target/metrics.csv" | wc -l)" -eq "$epochs" ] || fail "metrics.csv goes on after the target"
run_expect 0 train configs/iris.yaml --out "$TMP/target-acc" --set training.epochs=200 \
  --set 'training.stop_when={monitor: val_accuracy, reaches: 0.9}' --quiet
check "$(csv_field "$TMP/target-acc/metrics.csv" "$(json_field "$TMP/target-acc/summary.json" epochs_run)" val_accuracy)" '>=' 0.9
run_expect 0 train configs/xor.yaml --out "$TMP/never" --set training.epochs=5 \
  --set 'training.stop_when={monitor: train_loss, reaches: 1.0e-9}' --quiet
[ "$(json_field "$TMP/never/summary.json" stopped_at_target)" = false ] || fail "a target never reached is reported"
run_fails "val monitor without validation" "needs validation data" configs/xor.yaml \
  --set 'training.stop_when={monitor: val_loss, reaches: 0.1}'
run_fails "accuracy on regression" "is not reported for task: regression" configs/linear_regression.yaml \
  --set 'training.stop_when={monitor: train_accuracy, reaches: 0.9}'
run_fails "stop_when without reaches" "reaches" configs/xor.yaml --set 'training.stop_when={monitor: train_loss}'

# --- training.class_weight -----------------------------------------------------------------
run_expect 0 train configs/iris.yaml --out "$TMP/weighted" --set 'training.class_weight={virginica: 3, 0: 0.5}' \
  --set training.epochs=2 --quiet
grep -q '"class_weights": \[0.5, 1, 3\]' "$TMP/weighted/summary.json" || fail "summary.json: $(cat "$TMP/weighted/summary.json")"
grep -aq 'class_weights: \[0.5, 1, 3\]' "$TMP/weighted/model.bin" || fail "model.bin's metadata lacks the class weights"
run_expect 0 eval "$TMP/weighted/model.bin" --config configs/iris.yaml --split val
run_expect 0 train configs/iris.yaml --out "$TMP/balanced" --set training.class_weight=balanced \
  --set training.epochs=1 --quiet
grep -q '"class_weights": \[' "$TMP/balanced/summary.json" || fail "balanced weights are not reported"
run_fails "unknown class" "gives a weight to class 'virginca'" configs/iris.yaml \
  --set 'training.class_weight={virginca: 2}'
run_fails "non-positive weight" "must be a positive weight" configs/iris.yaml --set 'training.class_weight=[1, 0, 1]'
run_fails "wrong length" "lists 2 weights, but there are 3 classes" configs/iris.yaml --set 'training.class_weight=[1, 2]'
run_fails "regression" "applies to classification" configs/linear_regression.yaml --set training.class_weight=balanced
run_fails "unknown form" "must be balanced" configs/iris.yaml --set training.class_weight=even

# --- data.augment --------------------------------------------------------------------------
AUG='data.augment={rotation_range: 15, width_shift_range: 0.1, height_shift_range: 2, zoom_range: 0.1, shear_range: 5, horizontal_flip: true, brightness_range: [0.8, 1.2], fill_mode: reflect}'
SMALL=(--set data.limit=300 --set data.test=null --set data.test_labels=null --set training.batch_size=50
       --set training.epochs=2 --set 'training.checkpoint={every: 1}' --set "$AUG")
run_expect 0 train configs/lenet.yaml --out "$TMP/aug1" "${SMALL[@]}" --threads 1 --quiet
run_expect 0 train configs/lenet.yaml --out "$TMP/aug2" "${SMALL[@]}" --threads 2 --quiet
cmp -s "$TMP/aug1/model.bin" "$TMP/aug2/model.bin" || fail "augmented training differs between 1 and 2 threads"
run_expect 0 train configs/lenet.yaml --out "$TMP/aug-resumed" "${SMALL[@]}" --set training.epochs=1 --quiet
run_expect 0 train configs/lenet.yaml --out "$TMP/aug-resumed" "${SMALL[@]}" \
  --resume "$TMP/aug-resumed/checkpoints/epoch-0001.bin" --quiet
cmp -s "$TMP/aug1/model.bin" "$TMP/aug-resumed/model.bin" || fail "augmented training differs after resume"
run_expect 0 train configs/lenet.yaml --out "$TMP/plain" "${SMALL[@]}" --set data.augment=null --quiet
! cmp -s "$TMP/aug1/model.bin" "$TMP/plain/model.bin" || fail "data.augment changed nothing"
run_expect 0 train "$TMP/aug1/config.yaml" --out "$TMP/aug-again" --quiet
cmp -s "$TMP/aug1/model.bin" "$TMP/aug-again/model.bin" || fail "the resolved config with data.augment retrains differently"

run_expect 0 preview configs/lenet.yaml --out "$TMP/grid.png" --count 6 --set "$AUG"
"$PY" - "$TMP/grid.png" <<'PY' || fail "preview grid"
import sys
from PIL import Image
im = Image.open(sys.argv[1])
assert im.mode == "L", im.mode
# 3 x 2 pairs of 28x28 images drawn 3 times enlarged: 3 * (2 * 84 + 2) + 4 * 10 wide, 2 * 84 + 3 * 10 high.
assert im.size == (3 * 170 + 40, 2 * 84 + 30), im.size
px = im.load()
left = [px[10 + x, 10 + y] for y in range(84) for x in range(84)]
right = [px[10 + 86 + x, 10 + y] for y in range(84) for x in range(84)]
assert left != right, "the augmented image is the original"
assert len(set(left)) > 10, "the original is blank"
PY
run_expect 0 preview configs/lenet.yaml --out "$TMP/grid-again.png" --count 6 --set "$AUG"
cmp -s "$TMP/grid.png" "$TMP/grid-again.png" || fail "preview is not deterministic"

run_expect 2 preview configs/lenet.yaml --out "$TMP/none.png"
expect_err "has no augment: section"
[ ! -e "$TMP/none.png" ] || fail "preview without augmentation wrote a file"
run_expect 2 preview configs/lenet.yaml --out "$TMP/no/dir/grid.png" --set "$AUG"
expect_err "its directory does not exist"
run_fails "negative rotation" "rotation_range" configs/lenet.yaml --set 'data.augment={rotation_range: -5}'
run_fails "flip on non-image data" "these CSV rows are not" configs/iris.yaml --set 'data.augment={horizontal_flip: true}'
run_fails "unknown fill mode" "fill_mode" configs/lenet.yaml --set 'data.augment={fill_mode: mirror}'
run_fails "unknown key" "did you mean 'rotation_range'?" configs/lenet.yaml --set 'data.augment={rotation_rang: 5}'
run_fails "brightness interval" "low <= high" configs/lenet.yaml --set 'data.augment={brightness_range: [1.2, 0.8]}'
echo "data pipeline: ok"
