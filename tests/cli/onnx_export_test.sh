# nettrain export (issue #17): every shipped training config's model, and a generated network of
# every layer type with odd shapes, exports to ONNX that passes onnx's full checker and gives
# nettrain infer's outputs in OpenCV's DNN module and in onnxruntime (when onnxruntime-node is
# installed), at batch 1 and 64 (check_onnx.py); the same model gives the same bytes; bad input
# gets exit 2 and leaves no file.
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

# export_and_check NAME MODEL INPUTS.npy INFER_INPUT... [-- EXPORT_FLAGS...]: exports MODEL and
# checks it against `infer` on INFER_INPUT (images, or one CSV file whose rows INPUTS.npy holds).
export_and_check() {
  local name=$1 model=$2 npy=$3
  shift 3
  local inputs=() flags=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do inputs+=("$1"); shift; done
  [ $# -gt 0 ] && shift && flags=("$@")
  run_expect 0 export "$model" "$TMP/$name.onnx" "${flags[@]}"
  run_expect 0 infer "$model" "${inputs[@]}" --format json --top 1000
  cp "$TMP/out" "$TMP/$name.expected"
  "$PY" tests/cli/check_onnx.py "$TMP/$name.onnx" "$npy" "$TMP/$name.expected" || fail "$name: see above"
}

# csv_inputs TRAIN.csv TARGETS NAME: 64 rows of random features within the training file's
# ranges, as NAME.csv (with the header and, to be ignored, a target column) and NAME.npy.
csv_inputs() {
  "$PY" - "$@" "$TMP" <<'PY'
import csv, sys
import numpy as np
train, targets, name, scratch = sys.argv[1], sys.argv[2].split(","), sys.argv[3], sys.argv[4]
rows = list(csv.reader(open(train)))
header, body = rows[0], rows[1:]
features = [i for i, h in enumerate(header) if h not in targets]
values = np.array([[float(r[i]) for i in features] for r in body])
lo, hi = values.min(axis=0), values.max(axis=0)
x = np.random.default_rng(7).uniform(lo - 0.1, hi + 0.1, size=(64, len(features))).astype(np.float32)
np.save(f"{scratch}/{name}.npy", x)
with open(f"{scratch}/{name}.csv", "w") as f:
    f.write(",".join([header[i] for i in features] + [targets[0]]) + "\n")
    for row in x:
        f.write(",".join(repr(float(v)) for v in row) + ",0\n")
PY
}

# The CSV configs as shipped.
for config in iris xor worked_example linear_regression; do
  case $config in
    iris) targets=species ;; worked_example) targets=t1,t2 ;; *) targets=y ;;
  esac
  train_csv=$(sed -n 's/^ *train: *//p' "configs/$config.yaml")
  run_expect 0 train "configs/$config.yaml" --out "$TMP/$config" --set training.epochs=20 --quiet
  csv_inputs "$train_csv" "$targets" "$config-inputs"
  export_and_check "$config" "$TMP/$config/model.bin" "$TMP/$config-inputs.npy" "$TMP/$config-inputs.csv"
done

# The image configs on a small Fashion-MNIST (600 training images), checked on 64 test images.
"$PY" - "$TMP" <<'PY'
import gzip, struct, sys
import cv2
import numpy as np
scratch = sys.argv[1]
def read(name):
    raw = gzip.open(f"data/fashion/{name}").read()
    dims = struct.unpack(">" + "I" * raw[3], raw[4:4 + 4 * raw[3]])
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * raw[3]).reshape(dims)
def write(name, a):
    with gzip.open(f"{scratch}/{name}", "wb") as f:
        f.write(bytes([0, 0, 8, a.ndim]) + struct.pack(">" + "I" * a.ndim, *a.shape) + a.tobytes())
write("train-images.gz", read("train-images-idx3-ubyte.gz")[:600])
write("train-labels.gz", read("train-labels-idx1-ubyte.gz")[:600])
test = read("t10k-images-idx3-ubyte.gz")[:64]
write("test-images.gz", test)
write("test-labels.gz", read("t10k-labels-idx1-ubyte.gz")[:64])
for i, image in enumerate(test):
    cv2.imwrite(f"{scratch}/test-{i:02d}.png", image)
np.save(f"{scratch}/images.npy", test.astype(np.float32))
PY
IDX=(--set "data.train=$TMP/train-images.gz" --set "data.train_labels=$TMP/train-labels.gz"
     --set "data.test=$TMP/test-images.gz" --set "data.test_labels=$TMP/test-labels.gz" --set training.epochs=1)
for config in quickstart fashion_mlp fashion_cnn lenet mnist_mlp; do
  run_expect 0 train "configs/$config.yaml" --out "$TMP/$config" "${IDX[@]}" --quiet
  export_and_check "$config" "$TMP/$config/model.bin" "$TMP/images.npy" "$TMP"/test-*.png
done

# Every layer type and option form on an odd-shaped 3x9x7 image fed from CSV rows: conv2d with
# same/valid padding, strides, dilation, no bias; batchnorm on images and on flat features (one
# without gamma and beta); max and average pooling with 'same' padding (the padding takes no
# part in a window); dropout, global_avgpool2d, flatten; every activation with its options.
"$PY" - "$TMP" <<'PY'
import sys
import numpy as np
scratch = sys.argv[1]
rng = np.random.default_rng(3)
x = rng.uniform(0, 255, size=(120, 3 * 9 * 7)).round(1)
y = (x[:, :20].mean(axis=1) > x[:, 20:40].mean(axis=1)).astype(int) + (x[:, 0] > 128)
with open(f"{scratch}/shapes.csv", "w") as f:
    f.write(",".join(f"p{i}" for i in range(x.shape[1])) + ",label\n")
    for row, label in zip(x, y):
        f.write(",".join(map(str, row)) + f",{label}\n")
with open(f"{scratch}/shapes_binary.csv", "w") as f:
    f.write(",".join(f"p{i}" for i in range(x.shape[1])) + ",label\n")
    for row, label in zip(x, y):
        f.write(",".join(map(str, row)) + f",{int(label > 0)}\n")
np.save(f"{scratch}/shapes-inputs.npy", x[:64].astype(np.float32))
with open(f"{scratch}/shapes-inputs.csv", "w") as f:
    for row in x[:64]:
        f.write(",".join(map(str, row)) + "\n")
PY
cat >"$TMP/every_layer.yaml" <<EOF2
seed: 5
data: {format: csv, train: $TMP/shapes.csv, target: label, task: classification, normalize: zscore}
model:
  input_shape: [3, 9, 7]
  layers:
    - {type: conv2d, filters: 4, kernel: 3, padding: same, activation: relu}
    - {type: batchnorm, momentum: 0.5}
    - {type: elu, alpha: 0.5}
    - {type: maxpool2d, size: 2, padding: same}
    - {type: conv2d, filters: 5, kernel: [2, 3], stride: [1, 2], padding: same, use_bias: false}
    - {type: leaky_relu, alpha: 0.2}
    - {type: avgpool2d, size: 3, stride: 2, padding: same}
    - {type: dropout, rate: 0.3}
    - {type: conv2d, filters: 6, kernel: 2, dilation: 2, padding: same, activation: tanh}
    - {type: global_avgpool2d}
    - {type: dense, units: 8, activation: linear}
    - {type: batchnorm, center: false, scale: false, momentum: 0.5}
    - {type: sigmoid}
    - {type: dense, units: 3, activation: softmax}
loss: categorical_crossentropy
optimizer: {type: adam, lr: 0.01}
training: {batch_size: 16, epochs: 3}
EOF2
cat >"$TMP/flatten_pool.yaml" <<EOF2
seed: 6
data: {format: csv, train: $TMP/shapes_binary.csv, target: label, task: classification, normalize: minmax}
model:
  input_shape: [3, 9, 7]
  layers:
    - {type: conv2d, filters: 2, kernel: [3, 2], stride: 2, padding: valid, activation: sigmoid}
    - {type: avgpool2d, size: [2, 1], padding: valid}
    - {type: maxpool2d, size: [1, 2], stride: 1, padding: valid}
    - {type: flatten}
    - {type: batchnorm}
    - {type: dense, units: 1, activation: sigmoid}
loss: binary_crossentropy
optimizer: {type: sgd, lr: 0.1}
training: {batch_size: 10, epochs: 2}
EOF2
for config in every_layer flatten_pool; do
  run_expect 0 train "$TMP/$config.yaml" --out "$TMP/$config" --quiet
  export_and_check "$config" "$TMP/$config/model.bin" "$TMP/shapes-inputs.npy" "$TMP/shapes-inputs.csv"
done
for opset in 9 11 17; do
  export_and_check "every_layer-$opset" "$TMP/every_layer/model.bin" "$TMP/shapes-inputs.npy" \
    "$TMP/shapes-inputs.csv" -- --opset "$opset"
done
export_and_check iris-7 "$TMP/iris/model.bin" "$TMP/iris-inputs.npy" "$TMP/iris-inputs.csv" -- --opset 7

# The same model gives the same bytes; a checkpoint of the last epoch gives model.bin's.
run_expect 0 train configs/iris.yaml --out "$TMP/iris-cp" --set training.epochs=3 \
  --set 'training.checkpoint={every: 1, keep_last: 1, keep_best: false}' --quiet
run_expect 0 export "$TMP/iris-cp/model.bin" "$TMP/a.onnx"
run_expect 0 export "$TMP/iris-cp/model.bin" "$TMP/b.onnx"
cmp -s "$TMP/a.onnx" "$TMP/b.onnx" || fail "two exports of one model differ"
run_expect 0 export "$TMP/iris-cp/checkpoints/epoch-0003.bin" "$TMP/c.onnx"
cmp -s "$TMP/a.onnx" "$TMP/c.onnx" || fail "the last epoch's checkpoint exports differently from model.bin"

# Columns chosen by data.drop: the metadata says which columns of the CSV the inputs are.
run_expect 0 train configs/iris.yaml --out "$TMP/iris-drop" --set 'data.drop=[sepal_width]' --set 'model.input_shape=[3]' \
  --set training.epochs=2 --quiet
run_expect 0 export "$TMP/iris-drop/model.bin" "$TMP/iris-drop.onnx"
"$PY" -c "
import json, onnx
meta = {p.key: p.value for p in onnx.load('$TMP/iris-drop.onnx').metadata_props}
assert json.loads(meta['feature_indices']) == [0, 2, 3], meta
assert json.loads(meta['feature_columns']) == ['sepal_length', 'petal_length', 'petal_width'], meta
" || fail "feature_indices metadata: see above"

# --no-normalization: the graph takes normalized inputs, and says so.
"$PY" - "$TMP/iris.onnx" "$TMP/iris-inputs.npy" "$TMP/iris-normalized.npy" <<'PY'
import json, sys
import numpy as np, onnx
meta = {p.key: p.value for p in onnx.load(sys.argv[1]).metadata_props}
assert meta["normalization"] == "zscore" and meta["normalization_in_graph"] == "true", meta
assert json.loads(meta["class_names"]) == ["setosa", "versicolor", "virginica"], meta
assert "feature_indices" not in meta, meta
offset, scale = np.array(json.loads(meta["normalization_offset"])), np.array(json.loads(meta["normalization_scale"]))
np.save(sys.argv[3], ((np.load(sys.argv[2]) - offset.astype(np.float32)) * scale.astype(np.float32)).astype(np.float32))
PY
export_and_check iris-raw "$TMP/iris/model.bin" "$TMP/iris-normalized.npy" "$TMP/iris-inputs.csv" -- --no-normalization
"$PY" -c "
import onnx, sys
m = onnx.load('$TMP/iris-raw.onnx')
assert 'no-normalization' in m.doc_string, m.doc_string
assert [n.op_type for n in m.graph.node][:2] == ['Gemm', 'Relu'], [n.op_type for n in m.graph.node]
" || fail "--no-normalization: see above"

# Bad input: exit 2, the file or layer named, no .onnx left behind.
run_expect 2 export "$TMP/none.bin" "$TMP/bad.onnx"
expect_err "$TMP/none.bin"
head -c 100 "$TMP/iris/model.bin" >"$TMP/cut.bin"
run_expect 2 export "$TMP/cut.bin" "$TMP/bad.onnx"
expect_err "$TMP/cut.bin"
run_expect 2 export configs/iris.yaml "$TMP/bad.onnx"
run_expect 2 export "$TMP/iris/model.bin" "$TMP/no/such/dir/bad.onnx"
expect_err "$TMP/no/such/dir/bad.onnx"
run_expect 2 export "$TMP/iris/model.bin" "$TMP"
expect_err "is a directory"
run_expect 2 export "$TMP/iris/model.bin" "$TMP/iris/model.bin"
expect_err "is the command's input"
run_expect 2 export "$TMP/every_layer/model.bin" "$TMP/bad.onnx" --opset 8
expect_err "batchnorm_1"
expect_err "opset 9"
for opset in 6 18 x; do
  run_expect 2 export "$TMP/iris/model.bin" "$TMP/bad.onnx" --opset "$opset"
  expect_err "--opset"
done
[ ! -e "$TMP/bad.onnx" ] || fail "a failed export left $TMP/bad.onnx"
ls "$TMP"/.*.tmp* 2>/dev/null && fail "a failed export left a temporary file"
echo "onnx export: ok"
