# Same config, same seed: the same model.bin, bit for bit, whatever --threads says.
source "$(dirname "$0")/lib.sh"

# same_model_with_threads NAME CONFIG SETS...: trains with --threads 1 and 2 and compares.
same_model_with_threads() {
  local name=$1 config=$2
  shift 2
  run_expect 0 train "$config" --out "$TMP/$name-1" --threads 1 "$@" --quiet
  run_expect 0 train "$config" --out "$TMP/$name-2" --threads 2 "$@" --quiet
  cmp -s "$TMP/$name-1/model.bin" "$TMP/$name-2/model.bin" || fail "$name: model.bin differs between 1 and 2 threads"
}

same_model_with_threads iris configs/iris.yaml --set training.epochs=10

# Layers large enough for Eigen to split its matrix products between threads.
cat >"$TMP/wide.yaml" <<'YAML'
seed: 7
data: {format: csv, train: data/iris.csv, target: species, task: classification, validation_split: 0.2,
       normalize: zscore}
model:
  input_shape: [4]
  layers:
    - {type: dense, units: 512, activation: relu}
    - {type: dense, units: 512, activation: tanh}
    - {type: dense, units: 3, activation: softmax}
loss: categorical_crossentropy
optimizer: {type: adam, lr: 0.001}
training: {batch_size: 120, epochs: 5}
YAML
same_model_with_threads wide "$TMP/wide.yaml"
echo "determinism: ok"
