# nettrain gradcheck: passes on the example configs and on a network with every activation
# under several losses, fails (exit 1) when the tolerance cannot be met, and rejects bad
# flags and configs with exit 2.
source "$(dirname "$0")/lib.sh"

# expect_pass ARGS...: gradcheck ARGS exits 0 and prints a table whose every row passes.
expect_pass() {
  run_expect 0 gradcheck "$@"
  expect_out "relative error"
  expect_out "gradcheck passed"
  ! grep -q "FAIL" "$TMP/out" || fail "gradcheck $* has failing rows: $(cat "$TMP/out")"
}

expect_pass configs/xor.yaml
expect_out "dense_1.weights"
expect_out "dense_2.bias"
expect_pass configs/iris.yaml
expect_out "dense_2.weights  3x16"
expect_out "on 4 samples"
expect_pass configs/linear_regression.yaml --samples 16

# Iris as 1x2x2 "images" through flatten and every activation, then each loss that fits a
# softmax output.
cat >"$TMP/activations.yaml" <<YAML
data: {train: data/iris.csv, target: species, normalize: zscore}
model:
  input_shape: [1, 2, 2]
  layers:
    - {type: flatten}
    - {type: dense, units: 6, activation: relu}
    - {type: dense, units: 6}
    - {type: leaky_relu, alpha: 0.2}
    - {type: dense, units: 6, activation: elu}
    - {type: dense, units: 6, activation: tanh}
    - {type: dense, units: 6, activation: sigmoid}
    - {type: dense, units: 6, activation: linear}
    - {type: dense, units: 3, activation: softmax}
loss: categorical_crossentropy
YAML
for loss in categorical_crossentropy mse mae huber; do
  expect_pass "$TMP/activations.yaml" --set loss=$loss --samples 8
done
expect_out "dense_7.weights"

# Regression losses through a tanh hidden layer, with L1/L2 penalties in the objective.
hidden='model.layers=[{type: dense, units: 3, activation: tanh}, {type: dense, units: 1}]'
for loss in mse mae huber; do
  expect_pass configs/linear_regression.yaml --set loss=$loss --set "$hidden" --set 'regularization={l1: 0.01, l2: 0.01}'
done

# Dropout is switched off, with a notice.
cat >"$TMP/dropout.yaml" <<YAML
data: {train: data/iris.csv, target: species}
model:
  input_shape: [4]
  layers:
    - {type: dense, units: 8, activation: relu}
    - {type: dropout, rate: 0.5}
    - {type: dense, units: 3, activation: softmax}
loss: categorical_crossentropy
YAML
expect_pass "$TMP/dropout.yaml"
expect_err "notice: dropout_1 (dropout) switched off during the check"

# A dense bias right before batchnorm has a zero gradient (batchnorm subtracts the batch
# mean): both gradients are rounding noise, and the tensor passes as a zero gradient.
cat >"$TMP/batchnorm.yaml" <<YAML
data: {train: data/iris.csv, target: species, normalize: zscore}
model:
  input_shape: [4]
  layers:
    - {type: dense, units: 8}
    - {type: batchnorm}
    - {type: relu}
    - {type: dense, units: 3, activation: softmax}
loss: categorical_crossentropy
YAML
expect_pass "$TMP/batchnorm.yaml" --samples 8
grep -q "^dense_1.bias .*PASS (zero)$" "$TMP/out" || fail "dense_1.bias is not a zero gradient: $(cat "$TMP/out")"

# A tolerance no finite difference meets: the check fails, exit 1, with the rows marked.
run_expect 1 gradcheck configs/iris.yaml --tol 1e-30
expect_out "FAIL"
expect_out "gradcheck FAILED: 0 of 4 tensors pass"

# Bad flags and configs are usage errors, exit 2.
run_expect 2 gradcheck
run_expect 2 gradcheck configs/iris.yaml --samples 0
run_expect 2 gradcheck configs/iris.yaml --samples many
run_expect 2 gradcheck configs/iris.yaml --eps -1e-6
run_expect 2 gradcheck configs/iris.yaml --tol 0
run_expect 2 gradcheck configs/iris.yaml --no-such-flag
run_expect 2 gradcheck "$TMP/nonexistent.yaml"
expect_err "$TMP/nonexistent.yaml: cannot open"
run_expect 2 gradcheck configs/iris.yaml --set model.layers.0.units=-3
expect_err "model.layers[0].units must be a positive integer, got -3"
run_expect 2 gradcheck configs/iris.yaml --set loss=binary_crossentropy
expect_err "binary_crossentropy"
run_expect 0 gradcheck --help
expect_out "--tol"
run_expect 2 gradcheck configs/iris.yaml --max-elements x
expect_err "--max-elements"

# Real networks (issue #21): tensors above --max-elements (default 1000) are checked on a seeded
# sample, the table and a note say so, a progress line per tensor with the time left goes to
# stderr; the same seed checks the same entries, so two runs print the same table.
run_expect 0 gradcheck configs/quickstart.yaml --set data.validation_split=0
expect_out "dense_1.weights  500x784            1000"
expect_out "dense_1.bias     500                 all"
expect_out "are checked on 1000 of them"
expect_err "gradcheck: 1 of 6 tensors: dense_1.weights (1000 of 392000 entries), about"
expect_err "gradcheck: 6 of 6 tensors: dense_3.bias (10 of 10 entries), done"
cp "$TMP/out" "$TMP/first"
run_expect 0 gradcheck configs/quickstart.yaml --set data.validation_split=0
cmp -s "$TMP/out" "$TMP/first" || fail "two runs with one seed checked different entries"
run_expect 0 gradcheck configs/quickstart.yaml --max-elements 50 --set model.layers.0.units=20 \
  --set model.layers.1.units=20
expect_out "dense_1.weights  20x784              50"
run_expect 0 gradcheck configs/iris.yaml --max-elements 0
grep -q "are checked on" "$TMP/out" && fail "--max-elements 0 sampled"

# A known kink: zero conv biases before relu and max pooling fail with a hint saying what to
# change; with the change it passes.
SMALL_CNN=(--set model.layers.0.filters=2 --set model.layers.3.filters=2 --set model.layers.7.units=8)
run_expect 1 gradcheck configs/fashion_cnn.yaml "${SMALL_CNN[@]}"
expect_out "hint: conv2d_1.bias is all zeros"
expect_out "bias: {init: random_normal, stddev: 0.1}"
expect_out "docs/gradcheck.md"
run_expect 0 gradcheck configs/fashion_cnn.yaml "${SMALL_CNN[@]}" \
  --set 'model.layers.0.bias={init: random_normal, stddev: 0.1}' --set 'model.layers.3.bias={init: random_normal, stddev: 0.1}'
grep -q "hint:" "$TMP/out" && fail "a passing check printed a hint"
echo "gradcheck: ok"
