# Bad configs and flags: one clear line naming file:line:column, exit code 2, nothing written.
source "$(dirname "$0")/lib.sh"

base() {
  cat <<YAML
data:
  train: data/iris.csv
  target: species
model:
  input_shape: [4]
  layers:
    - {type: dense, units: 3, activation: softmax}
loss: categorical_crossentropy
training: {epochs: 1}
YAML
}

# expect_config_error YAML-FILE TEXT...: training it exits 2, stderr has every TEXT, no run dir.
expect_config_error() {
  local config=$1
  shift
  run_expect 2 train "$config" --out "$TMP/should-not-exist"
  for text in "$@"; do expect_err "$text"; done
  [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "expected one error line, got: $(cat "$TMP/err")"
  [ ! -e "$TMP/should-not-exist" ] || fail "a bad config created the run directory"
}

printf 'data: [unclosed\n' >"$TMP/malformed.yaml"
expect_config_error "$TMP/malformed.yaml" "error: $TMP/malformed.yaml:" "invalid YAML"

{ base; echo "optimiser: {type: adam}"; } >"$TMP/unknown.yaml"
expect_config_error "$TMP/unknown.yaml" "$TMP/unknown.yaml:10:1:" "unknown key 'optimiser'" "did you mean 'optimizer'?"

base | sed 's/units: 3/units: -3/' >"$TMP/negative.yaml"
expect_config_error "$TMP/negative.yaml" "$TMP/negative.yaml:7:" "model.layers[0].units must be a positive integer, got -3"

# threads: as --threads takes it, 0 (all cores) to 1024.
for threads in -1 1025 100000; do
  { base; echo "threads: $threads"; } >"$TMP/threads.yaml"
  expect_config_error "$TMP/threads.yaml" "$TMP/threads.yaml:10:" "threads must be 0 (all cores) or a number of threads up to 1024"
done

base | sed 's/epochs: 1/epochs: ten/' >"$TMP/type.yaml"
expect_config_error "$TMP/type.yaml" "$TMP/type.yaml:9:" "training.epochs must be a positive integer, got ten"

base | sed 's/type: dense/type: dnese/' >"$TMP/layer.yaml"
expect_config_error "$TMP/layer.yaml" "'dnese' is not a layer type" "did you mean 'dense'?"

base | sed 's#data/iris.csv#data/nope.csv#' >"$TMP/missing.yaml"
expect_config_error "$TMP/missing.yaml" "$TMP/missing.yaml:2:" "data.train names 'data/nope.csv', which does not exist"

base | sed 's/target: species/target: colour/' >"$TMP/target.yaml"
expect_config_error "$TMP/target.yaml" "data/iris.csv" "colour"

base | sed 's/units: 3, activation: softmax/units: 1, activation: sigmoid/' >"$TMP/loss.yaml"
expect_config_error "$TMP/loss.yaml" "$TMP/loss.yaml:8:" "categorical_crossentropy, which needs one output unit per class"

# What YAML tools read differently: a key given twice (yaml-cpp keeps the first, PyYAML the
# last), at the second key's line.
{ base; echo "loss: mse"; } >"$TMP/twice.yaml"
expect_config_error "$TMP/twice.yaml" "$TMP/twice.yaml:10:1:" "key 'loss' is given twice in one mapping (first on line 8)"

base | sed 's/training: {epochs: 1}/training: {epochs: 1, epochs: 5}/' >"$TMP/twice-nested.yaml"
expect_config_error "$TMP/twice-nested.yaml" "$TMP/twice-nested.yaml:9:" "key 'epochs' is given twice"

# A name with a control character fails at its line, before training, not when the model is saved.
base | sed 's/units: 3, activation/units: 3, name: "out\\tput", activation/' >"$TMP/control.yaml"
expect_config_error "$TMP/control.yaml" "$TMP/control.yaml:7:" "model.layers[0].name must not contain control characters"

# Keras and PyTorch words get the nettrain word; a missing space after a colon gets said.
{ base; echo "optimizer: {type: sgd, learning_rate: 0.1}"; } >"$TMP/keras.yaml"
expect_config_error "$TMP/keras.yaml" "unknown key 'learning_rate'" "did you mean 'lr'?"
{ base; echo "optimizer: {type: SGD}"; } >"$TMP/case.yaml"
expect_config_error "$TMP/case.yaml" "got 'SGD' (did you mean 'sgd'?)"
base | sed 's/activation: softmax}/activation: softmax, init:he_normal}/' >"$TMP/space.yaml"
expect_config_error "$TMP/space.yaml" "write a space after the colon: 'init: he_normal'"

base >"$TMP/ok.yaml"
run_expect 2 train "$TMP/ok.yaml" --set optimizer.lr=fast --out "$TMP/should-not-exist"
expect_err "error: --set optimizer.lr=fast: optimizer.lr must be a number, got fast"

run_expect 2 train "$TMP/ok.yaml" --set model.layers.7.units=3
expect_err "is a list of 1 items"

run_expect 2 train "$TMP/nonexistent.yaml"
expect_err "$TMP/nonexistent.yaml: cannot open"

# Usage errors are exit code 2 as well.
run_expect 2 train
run_expect 2 frobnicate
run_expect 2 train "$TMP/ok.yaml" --no-such-flag
run_expect 2
run_expect 0 --help
run_expect 0 --version
expect_out "nettrain "
echo "bad configs: ok"
