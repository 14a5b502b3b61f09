# Looking inside a trained model (issue #16): `inspect` prints the textbook example's updated
# weights and linear regression's w and b; `eval` gives per-class precision, recall and F1 as
# scikit-learn computes them from the same predictions; every command that takes a model also
# takes a checkpoint; bad input gets exit 2 and a message naming the file.
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

# The worked example after its one SGD step: the weights tests/reference/worked_example.py
# computes with numpy (w5 0.358916480 ...), in json, text and csv, round-trip exact floats.
run_expect 0 train configs/worked_example.yaml --out "$TMP/worked" --quiet
run_expect 0 inspect "$TMP/worked/model.bin" --format json
"$PY" - "$TMP/out" <<'PY' || fail "inspect json of the worked example: see above"
import json, sys
import numpy as np
# Numbers kept as their text, to check each is the shortest text of a float32 (what numpy
# prints for one), so it reads back as exactly the stored value.
d = json.load(open(sys.argv[1]), parse_float=lambda text: text)
def value(text):
    assert str(np.float32(text)) == text, f"{text} is not the shortest text of a float32"
    return float(np.float32(text))
assert d["kind"] == "model" and d["input_shape"] == [2], d
names = [(l["name"], l["type"], l["output_shape"]) for l in d["layers"]]
assert names == [("dense_1", "dense", [2]), ("sigmoid_1", "sigmoid", [2]), ("dense_2", "dense", [2]),
                 ("sigmoid_2", "sigmoid", [2])], names
want = {"dense_1": [[0.149780716, 0.199561432], [0.249751144, 0.299502287]],
        "dense_2": [[0.358916480, 0.408666186], [0.511301270, 0.561370121]]}
for layer in d["layers"]:
    if layer["name"] not in want:
        assert layer["parameters"] == [], layer
        continue
    w, b = layer["parameters"]
    assert w["name"] == "weights" and w["shape"] == [2, 2] and b["name"] == "bias" and b["shape"] == [2], layer
    for got_row, want_row in zip(w["values"], want[layer["name"]]):
        for g, e in zip(got_row, want_row):
            assert abs(value(g) - e) < 1e-6, (layer["name"], g, e)
    flat = [value(v) for row in w["values"] for v in row]
    mean = sum(flat) / 4
    std = (sum((v - mean) ** 2 for v in flat) / 4) ** 0.5
    for key, expected in (("mean", mean), ("std", std), ("min", min(flat)), ("max", max(flat)),
                       ("norm", sum(v * v for v in flat) ** 0.5)):
        got = value(w[key]) if key in ("min", "max") else float(w[key])
        assert abs(got - expected) < 1e-12, (key, w[key], expected)
PY
run_expect 0 inspect "$TMP/worked/model.bin" --layer dense_2
expect_out "dense_2 (dense): output (2)"
expect_out "[0]: 0.3589165, 0.40866616"
expect_out "[1]: 0.5113013, 0.56137013"
expect_out "bias 2: mean 0.6"
[ "$(grep -c '(dense)' "$TMP/out")" = 1 ] || fail "--layer dense_2 printed other layers: $(cat "$TMP/out")"
run_expect 0 inspect "$TMP/worked/model.bin" --format csv
[ "$(head -1 "$TMP/out")" = "layer,parameter,index,value" ] || fail "csv header: $(head -1 "$TMP/out")"
grep -qx "dense_2,weights,0:0,0.3589165" "$TMP/out" || fail "csv lacks dense_2's w5: $(cat "$TMP/out")"
grep -qx "dense_1,bias,1,0.35" "$TMP/out" || fail "csv lacks dense_1's second bias: $(cat "$TMP/out")"
[ "$(wc -l <"$TMP/out")" = 13 ] || fail "csv has $(wc -l <"$TMP/out") lines, expected 1 + 12 values"

# Linear regression learns y = 3x + 1.
run_expect 0 train configs/linear_regression.yaml --out "$TMP/linear" --quiet
run_expect 0 inspect "$TMP/linear/model.bin" --format json
"$PY" - "$TMP/out" <<'PY' || fail "linear regression's w and b: see above"
import json, sys
layer = json.load(open(sys.argv[1]))["layers"][0]
w, b = (p["values"] for p in layer["parameters"])
assert abs(w[0][0] - 3) < 0.1 and abs(b[0] - 1) < 0.1, (w, b)
PY

# A checkpoint is accepted wherever a model is, and inspect shows its epoch and optimizer state.
run_expect 0 train configs/iris.yaml --out "$TMP/iris" --quiet --set training.epochs=3 \
  --set 'training.checkpoint={every: 1, keep_last: 3, keep_best: true}'
ckpt="$TMP/iris/checkpoints/epoch-0002.bin"
[ -f "$ckpt" ] || fail "no $ckpt: $(ls "$TMP/iris/checkpoints")"
run_expect 0 inspect "$ckpt" --format json
"$PY" - "$TMP/out" <<'PY' || fail "inspect of a checkpoint: see above"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["kind"] == "checkpoint" and d["epoch"] == 2, (d["kind"], d.get("epoch"))
assert any(name.startswith("optimizer.") for name in d["optimizer_state"]), d["optimizer_state"]
PY
run_expect 0 inspect "$ckpt"
expect_out "checkpoint after epoch 2"
cut -d, -f1-4 data/iris.csv >"$TMP/iris_features.csv"
for model in "$ckpt" "$TMP/iris/checkpoints/best.bin" "$TMP/iris/model.bin"; do
  run_expect 0 summary "$model"
  expect_out "Total params: 131"
  run_expect 0 eval "$model" --config configs/iris.yaml --split val --format json
  run_expect 0 infer "$model" "$TMP/iris_features.csv" --format json
done
# The last checkpoint holds the weights model.bin was written with.
run_expect 0 eval "$TMP/iris/checkpoints/epoch-0003.bin" --config configs/iris.yaml --split val --format json
from_checkpoint=$(json_field "$TMP/out" loss)
run_expect 0 eval "$TMP/iris/model.bin" --config configs/iris.yaml --split val --format json
[ "$(json_field "$TMP/out" loss)" = "$from_checkpoint" ] ||
  fail "epoch-0003.bin gives loss $from_checkpoint, model.bin $(json_field "$TMP/out" loss)"

# Per-class metrics: scikit-learn's classification_report on the predictions the confusion
# matrix counts gives the same figures.
run_expect 0 eval "$TMP/iris/model.bin" --config configs/iris.yaml --split train --format json
"$PY" - "$TMP/out" <<'PY' || fail "per-class metrics differ from scikit-learn's: see above"
import json, sys
from sklearn.metrics import classification_report
d = json.load(open(sys.argv[1]))
true, predicted = [], []
for i, row in enumerate(d["confusion"]):
    for j, count in enumerate(row):
        true += [i] * count
        predicted += [j] * count
report = classification_report(true, predicted, output_dict=True, zero_division=0)
for c in d["per_class"]:
    want = report[str(c["index"])]
    for key, sk in (("precision", "precision"), ("recall", "recall"), ("f1", "f1-score"), ("support", "support")):
        assert abs(c[key] - want[sk]) < 1e-12, (c, want)
for ours, theirs in (("macro_avg", "macro avg"), ("weighted_avg", "weighted avg")):
    for key, sk in (("precision", "precision"), ("recall", "recall"), ("f1", "f1-score"), ("support", "support")):
        assert abs(d[ours][key] - report[theirs][sk]) < 1e-12, (ours, d[ours], report[theirs])
assert [c["class"] for c in d["per_class"]] == ["setosa", "versicolor", "virginica"], d["per_class"]
PY
run_expect 0 eval "$TMP/iris/model.bin" --config configs/iris.yaml --split train
expect_out "precision    recall  f1-score   support"
expect_out "weighted avg"

# One meaning of loss: with L2, metrics.csv's val_loss is the data loss eval reports for the same
# weights, the penalty is its own column, and summary.json agrees.
run_expect 0 train configs/iris.yaml --out "$TMP/l2" --quiet --set training.epochs=4 --set regularization.l2=0.001
run_expect 0 eval "$TMP/l2/model.bin" --config configs/iris.yaml --split val --format json
[ "$(json_field "$TMP/out" loss)" = "$(csv_field "$TMP/l2/metrics.csv" 4 val_loss)" ] ||
  fail "with L2, eval's val loss $(json_field "$TMP/out" loss) != metrics.csv val_loss $(csv_field "$TMP/l2/metrics.csv" 4 val_loss)"
check "$(csv_field "$TMP/l2/metrics.csv" 4 train_penalty)" '>' 0
[ "$(json_field "$TMP/l2/summary.json" train_penalty)" = "$(csv_field "$TMP/l2/metrics.csv" 4 train_penalty)" ] ||
  fail "summary.json train_penalty differs from metrics.csv's"
[ "$(csv_field "$TMP/iris/metrics.csv" 3 train_penalty)" = 0 ] ||
  fail "without regularization train_penalty is $(csv_field "$TMP/iris/metrics.csv" 3 train_penalty), not 0"

# activations: every layer's output for one input; the last layer's numbers are infer's
# probabilities; pictures of a CNN's feature maps and filters and of an MLP's first weights.
head -2 "$TMP/iris_features.csv" >"$TMP/one_flower.csv"
run_expect 0 activations "$TMP/iris/model.bin" "$TMP/one_flower.csv"
cp "$TMP/out" "$TMP/activations.json"
run_expect 0 infer "$TMP/iris/model.bin" "$TMP/one_flower.csv" --format json --top 3
"$PY" - "$TMP/activations.json" "$TMP/out" <<'PY' || fail "activations and infer disagree: see above"
import json, struct, sys
a = json.load(open(sys.argv[1]))
top = json.loads(open(sys.argv[2]).read().splitlines()[0])["top"]
assert [l["name"] for l in a["layers"]] == ["dense_1", "relu_1", "dense_2", "softmax_1"], a["layers"]
assert a["layers"][0]["output_shape"] == [16] and len(a["layers"][0]["values"]) == 16
relu_in, relu_out = a["layers"][0]["values"], a["layers"][1]["values"]
assert relu_out == [max(v, 0.0) for v in relu_in], (relu_in, relu_out)
f32 = lambda v: struct.unpack("f", struct.pack("f", v))[0]
probabilities = a["layers"][-1]["values"]
for t in top:
    assert f32(probabilities[t["index"]]) == f32(t["probability"]), (probabilities, top)
PY
run_expect 0 activations "$TMP/iris/model.bin" "$TMP/one_flower.csv" --layer dense_2 --format csv
[ "$(head -1 "$TMP/out")" = "layer,index,value" ] && [ "$(wc -l <"$TMP/out")" = 4 ] ||
  fail "activations --layer dense_2 --format csv: $(cat "$TMP/out")"
run_expect 2 activations "$TMP/iris/model.bin" "$TMP/iris_features.csv"
expect_err "$TMP/iris_features.csv: has 150 data rows; activations runs one sample"

# A small CNN on 12x12 images (two of data/samples, resized), and an MLP on the same images for
# the picture of its first weights.
cat >"$TMP/cnn.yaml" <<YAML
seed: 1
data: {format: images, train: $TMP/images, image_size: [12, 12], channels: 1, normalize: scale}
model:
  input_shape: [1, 12, 12]
  layers:
    - {type: conv2d, filters: 4, kernel: 3, padding: same, activation: relu}
    - {type: maxpool2d, size: 2}
    - {type: flatten}
    - {type: dense, units: 2, activation: softmax}
loss: categorical_crossentropy
optimizer: {type: adam, lr: 0.01}
training: {batch_size: 2, epochs: 1}
YAML
mkdir -p "$TMP/images/boots" "$TMP/images/pullovers"
cp data/samples/0000-ankle-boot.png "$TMP/images/boots/"
cp data/samples/0001-pullover.png "$TMP/images/pullovers/"
run_expect 0 train "$TMP/cnn.yaml" --out "$TMP/cnn" --quiet
run_expect 0 activations "$TMP/cnn/model.bin" data/samples/0000-ankle-boot.png --out "$TMP/maps"
for f in activations.json conv2d_1.png conv2d_1_filters.png relu_1.png maxpool2d_1.png; do
  [ -s "$TMP/maps/$f" ] || fail "activations --out wrote no $f: $(ls "$TMP/maps")"
  grep -qx "$TMP/maps/$f" "$TMP/out" || fail "activations did not list $TMP/maps/$f: $(cat "$TMP/out")"
done
"$PY" - "$TMP/maps" <<'PY' || fail "feature-map pictures: see above"
import sys, cv2
maps = cv2.imread(sys.argv[1] + "/conv2d_1.png", cv2.IMREAD_UNCHANGED)
# 4 maps of 12x12 enlarged twice (at least 24 pixels) in a 2x2 grid with a 1-pixel gap.
assert maps.shape == (49, 49) and maps.dtype.name == "uint8", maps.shape
assert maps[24, :].min() == 255 and maps[:, 24].min() == 255, "no white gap between tiles"
for tile in (maps[:24, :24], maps[25:, 25:]):
    assert tile.min() == 0 or tile.max() == tile.min(), (tile.min(), tile.max())
filters = cv2.imread(sys.argv[1] + "/conv2d_1_filters.png", cv2.IMREAD_UNCHANGED)
assert filters.shape == (49, 49), filters.shape  # 4 filters of 3x3, enlarged 8 times
PY
cat >"$TMP/mlp.yaml" <<YAML
seed: 1
data: {format: images, train: $TMP/images, image_size: [12, 12], channels: 1, normalize: scale}
model:
  input_shape: [1, 12, 12]
  layers:
    - {type: flatten}
    - {type: dense, units: 6, activation: relu}
    - {type: dense, units: 2, activation: softmax}
loss: categorical_crossentropy
optimizer: {type: adam, lr: 0.01}
training: {batch_size: 2, epochs: 1}
YAML
run_expect 0 train "$TMP/mlp.yaml" --out "$TMP/mlp" --quiet
run_expect 0 activations "$TMP/mlp/model.bin" data/samples/0000-ankle-boot.png --out "$TMP/weights" --format csv
[ -s "$TMP/weights/activations.csv" ] && [ -s "$TMP/weights/dense_1_weights.png" ] ||
  fail "an MLP on images: $(ls "$TMP/weights")"
# A bad --out costs nothing and writes nothing.
run_expect 2 activations "$TMP/mlp/model.bin" data/samples/0000-ankle-boot.png --out "$TMP/iris/model.bin"
expect_err "$TMP/iris/model.bin: is not a directory"
run_expect 2 activations "$TMP/mlp/model.bin" data/samples/0000-ankle-boot.png --layer nope --out "$TMP/none"
expect_err "has no layer 'nope'"
[ -z "$(ls -A "$TMP/none")" ] || fail "a refused activations left files: $(ls "$TMP/none")"

# infer --format csv has as many class columns as the model has classes (3 here, --top 5).
run_expect 0 infer "$TMP/iris/model.bin" "$TMP/one_flower.csv" --format csv --top 5
[ "$(head -1 "$TMP/out")" = "input,row,class_1,probability_1,class_2,probability_2,class_3,probability_3" ] ||
  fail "infer csv header: $(head -1 "$TMP/out")"
[ "$(sed -n 2p "$TMP/out" | awk -F, '{ print NF }')" = 8 ] || fail "infer csv row: $(sed -n 2p "$TMP/out")"

# training.log_every: running figures every N batches; the row at an epoch's last batch is that
# epoch's train_loss, and a resumed run's file is the straight run's.
ckpt_every='training.checkpoint={every: 1, keep_last: 5, keep_best: false}'
run_expect 0 train configs/iris.yaml --out "$TMP/batches" --quiet --set training.epochs=2 --set training.log_every=4 \
  --set "$ckpt_every"
b="$TMP/batches/batch_metrics.csv"
[ "$(head -1 "$b")" = "epoch,batch,step,train_loss,train_accuracy" ] || fail "batch_metrics.csv header: $(head -1 "$b")"
[ "$(cut -d, -f1-3 "$b" | tail -n +2 | tr '\n' ' ')" = "1,4,4 1,8,8 2,4,12 2,8,16 " ] ||
  fail "batch_metrics.csv rows: $(cat "$b")"
[ "$(csv_field "$b" 2 train_loss)" = "$(csv_field "$TMP/batches/metrics.csv" 1 train_loss)" ] ||
  fail "the row at epoch 1's last batch is not epoch 1's train_loss: $(cat "$b")"
grep -q 'log_every: 4' "$TMP/batches/config.yaml" || fail "the resolved config lacks log_every"
cp "$b" "$TMP/straight.csv"
run_expect 0 train configs/iris.yaml --out "$TMP/batches" --quiet --set training.epochs=2 --set training.log_every=4 \
  --set "$ckpt_every" --resume "$TMP/batches/checkpoints/epoch-0001.bin"
cmp -s "$b" "$TMP/straight.csv" || fail "resumed batch_metrics.csv differs: $(diff "$TMP/straight.csv" "$b")"
run_expect 2 train configs/iris.yaml --out "$TMP/bad" --set training.log_every=0
expect_err "log_every"

# eval --predictions and --errors on Fashion-MNIST: the sheet shows the most confidently wrong
# test images, and each agrees with the predictions file.
run_expect 0 train configs/fashion_mlp.yaml --out "$TMP/fashion" --quiet --set training.epochs=1
run_expect 0 eval "$TMP/fashion/model.bin" --config configs/fashion_mlp.yaml --predictions "$TMP/predictions.csv" \
  --errors 16 --out "$TMP/errors" --format json
"$PY" - "$TMP/predictions.csv" "$TMP/errors" "$TMP/out" <<'PY' || fail "eval --predictions / --errors: see above"
import csv, json, sys, cv2
rows = list(csv.DictReader(open(sys.argv[1])))
report = json.load(open(sys.argv[3]))
assert len(rows) == 10000 == report["samples"], len(rows)
names = [c["class"] for c in report["per_class"]]
assert list(rows[0].keys()) == ["index", "true", "predicted"] + names, rows[0].keys()
probability = lambda r: max(float(r[n]) for n in names)
for r in rows[:50]:
    assert r["predicted"] == max(names, key=lambda n: float(r[n])), r
    assert abs(sum(float(r[n]) for n in names) - 1) < 1e-5, r
correct = sum(r["true"] == r["predicted"] for r in rows)
assert abs(correct / len(rows) - report["accuracy"]) < 1e-12, (correct, report["accuracy"])
errors = list(csv.DictReader(open(sys.argv[2] + "/errors.csv")))
assert len(errors) == 16, len(errors)
wrong = sorted((r for r in rows if r["true"] != r["predicted"]), key=lambda r: -probability(r))
assert [e["index"] for e in errors] == [r["index"] for r in wrong[:16]], (errors[:3], wrong[:3])
for e in errors:
    r = rows[int(e["index"])]
    assert (e["true"], e["predicted"]) == (r["true"], r["predicted"]) and float(e["probability"]) == probability(r), (e, r)
sheet = cv2.imread(sys.argv[2] + "/errors.png", cv2.IMREAD_UNCHANGED)
# 8 columns, 2 rows of 28x28 images enlarged 4 times with two caption lines, 4-pixel gaps.
assert sheet.shape == (2 * (112 + 24 + 4) + 4, 8 * (112 + 4) + 4), sheet.shape
assert (sheet[4 + 112 + 2 : 4 + 112 + 24, 4 : 4 + 112] == 0).any(), "no caption under the first image"
PY
run_expect 2 eval "$TMP/fashion/model.bin" --config configs/fashion_mlp.yaml --errors 3
expect_err "needs --out"
run_expect 2 eval "$TMP/iris/model.bin" --config configs/iris.yaml --split val --errors 3 --out "$TMP/iris_errors"
expect_err "needs a classifier of images"
run_expect 2 eval "$TMP/iris/model.bin" --config configs/iris.yaml --split val --predictions "$TMP/no/such/dir/p.csv"
expect_err "$TMP/no/such/dir/p.csv: cannot be written"

# infer --save-input writes what the network receives; a light-bordered image on a gray model
# gets a warning suggesting --invert, and --invert gives back the original.
run_expect 0 infer "$TMP/fashion/model.bin" data/samples/0000-ankle-boot.png --save-input "$TMP/seen"
[ ! -s "$TMP/err" ] || fail "a dark-background image got a warning: $(cat "$TMP/err")"
"$PY" - data/samples/0000-ankle-boot.png "$TMP/seen/0000-0000-ankle-boot.png" "$TMP/inverted.png" <<'PY' ||
import sys, cv2
original = cv2.imread(sys.argv[1], cv2.IMREAD_GRAYSCALE)
seen = cv2.imread(sys.argv[2], cv2.IMREAD_UNCHANGED)
assert seen.shape == (28, 28) and (seen == original).all(), "the saved input is not the 28x28 sample"
cv2.imwrite(sys.argv[3], 255 - original)
PY
  fail "infer --save-input: see above"
run_expect 0 infer "$TMP/fashion/model.bin" "$TMP/inverted.png"
expect_err "warning: $TMP/inverted.png: its border is mostly light"
expect_err "try --invert"
run_expect 0 infer "$TMP/fashion/model.bin" "$TMP/inverted.png" --invert --save-input "$TMP/seen2"
[ ! -s "$TMP/err" ] || fail "--invert still warned: $(cat "$TMP/err")"
cmp -s "$TMP/seen/0000-0000-ankle-boot.png" "$TMP/seen2/0000-inverted.png" || fail "--invert did not give back the original"

# Bad input: exit 2, the file named, nothing on stdout.
run_expect 2 inspect "$TMP/worked/model.bin" --layer dense_9
expect_err "$TMP/worked/model.bin: has no layer 'dense_9'; its layers are dense_1, sigmoid_1, dense_2, sigmoid_2"
[ ! -s "$TMP/out" ] || fail "a refused inspect printed: $(cat "$TMP/out")"
head -c 100 "$TMP/iris/model.bin" >"$TMP/cut.bin"
run_expect 2 inspect "$TMP/cut.bin"
expect_err "$TMP/cut.bin"
run_expect 2 inspect configs/iris.yaml
expect_err "configs/iris.yaml"
run_expect 2 inspect "$TMP/worked/model.bin" --format xml
echo "look inside: ok"
