# Resource limits (#20, class 5): a file-size limit (ulimit -f) hit by each file train writes, a
# model of billions of parameters summarized from shapes alone, and a model that does not fit in
# memory refused before anything is allocated or written.
source "$(dirname "$0")/lib.sh"

# limited KB ARGS...: nettrain ARGS under `ulimit -f KB`, stdout in $TMP/out, stderr in $TMP/err
# through a pipe (a file would be limited too, and lose the message); sets $code. nettrain
# ignores SIGXFSZ itself, so a write past the limit fails with EFBIG instead of killing it.
limited() {
  local kb=$1
  shift
  code=0
  (
    ulimit -f "$kb"
    exec "$NETTRAIN" "$@"
  ) 2>&1 >"$TMP/out" | cat >"$TMP/err" || code=$?
}

# expect_too_large FILE BYTES: the last run failed with exit 1 on FILE, naming the limit, and left
# no temporary file in the run directory.
expect_too_large() {
  [ "$code" -eq 1 ] || fail "exit $code, expected 1; stderr: $(cat "$TMP/err")"
  expect_err "error: cannot write $1: file too large: the file size limit (ulimit -f) is $2 bytes"
  local leftovers
  leftovers=$(find "$TMP/run" -name '*.tmp.*')
  [ -z "$leftovers" ] || fail "temporary files left behind: $leftovers"
}

# --- ulimit -f: a previous run's files stay as they were, whichever write hits the limit.
iris=(configs/iris.yaml --out "$TMP/run" --quiet)
run_expect 0 train "${iris[@]}" --set training.epochs=2
cp "$TMP/run/model.bin" "$TMP/model-before.bin"

# config.yaml, the first file a run writes (nothing fits under 0 KB).
limited 0 train "${iris[@]}" --set training.epochs=2
expect_too_large "$TMP/run/config.yaml" 0

# metrics.csv, rewritten every epoch: over 1 KB after about 17 epochs, while config.yaml fits.
limited 1 train "${iris[@]}" --set training.epochs=40
expect_too_large "$TMP/run/metrics.csv" 1024

# A checkpoint: weights and Adam's two moments are over 2 KB after the first epoch.
limited 2 train "${iris[@]}" --set training.epochs=2 --set 'training.checkpoint={every: 1}'
expect_too_large "$TMP/run/checkpoints/epoch-0001.bin" 2048

# model.bin, written last: 200 hidden units make it 7 KB.
limited 4 train "${iris[@]}" --set training.epochs=2 --set model.layers.0.units=200
expect_too_large "$TMP/run/model.bin" 4096
cmp -s "$TMP/run/model.bin" "$TMP/model-before.bin" || fail "the previous model.bin changed"

# A result on stdout redirected to a file past the limit.
limited 0 summary configs/iris.yaml
[ "$code" -eq 1 ] || fail "summary into a file past the limit exited $code, expected 1"
expect_err "error: cannot write the result to standard output: file too large: the file size limit (ulimit -f) is 0 bytes"

# --- summary of huge models: planned from shapes, never allocated. Under a 1 GB address-space
# limit a build would fail (the weights alone take 6.4 GB); the plan needs a few MB.
# total_params ARGS...: the "Total params" that nettrain summary ARGS prints.
total_params() {
  run_expect 0 summary "$@"
  sed -n 's/^Total params: //p' "$TMP/out"
}
dense_model() {  # INPUTS UNITS: a dense model and the parameter count it must have
  cat >"$TMP/dense.yaml" <<YAML
model:
  input_shape: [$1]
  layers:
    - {type: dense, units: $2, activation: relu}
    - {type: batchnorm}
    - {type: dense, units: 10, activation: softmax}
optimizer: adam
training: {batch_size: 100}
YAML
  echo $(($1 * $2 + $2 + 4 * $2 + $2 * 10 + 10))
}
conv_model() {  # CHANNELS FILTERS: a conv model and its parameter count
  cat >"$TMP/conv.yaml" <<YAML
model:
  input_shape: [$1, 8, 8]
  layers:
    - {type: conv2d, filters: $2, kernel: 3, padding: same, activation: relu}
    - {type: maxpool2d, size: 2}
    - {type: global_avgpool2d}
    - {type: dense, units: 10}
YAML
  echo $(($1 * $2 * 9 + $2 + $2 * 10 + 10))
}

# The small versions: the plan's count is the count of the network train builds and saves.
expected=$(dense_model 30 20)
[ "$(total_params "$TMP/dense.yaml")" = "$expected" ] || fail "dense 30x20: $(cat "$TMP/out")"
cat >"$TMP/small.yaml" <<'YAML'
data: {format: csv, train: data/iris.csv, target: species}
model: {input_shape: [4], layers: [{type: dense, units: 20}, {type: batchnorm}, {type: dense, units: 3, activation: softmax}]}
loss: categorical_crossentropy
training: {epochs: 1}
YAML
run_expect 0 train "$TMP/small.yaml" --out "$TMP/small" --quiet
saved=$(json_field "$TMP/small/summary.json" parameters)
[ "$(total_params "$TMP/small.yaml")" = "$saved" ] || fail "summary of the config says $(cat "$TMP/out"), train saved $saved"
[ "$(total_params "$TMP/small/model.bin")" = "$saved" ] || fail "summary of model.bin: $(cat "$TMP/out")"
expected=$(conv_model 3 8)
[ "$(total_params "$TMP/conv.yaml")" = "$expected" ] || fail "conv 3x8: $(cat "$TMP/out")"

# AddressSanitizer reserves terabytes of address space for its shadow memory, so a sanitizer
# build cannot run under an address-space limit: there the checks that need one are left out.
if ldd "$NETTRAIN" | grep -q libasan; then address_limit=unlimited; else address_limit=1000000; fi

# The huge ones, under the address-space limit.
huge_summary() {  # CONFIG EXPECTED
  code=0
  (
    ulimit -v "$address_limit"
    exec "$NETTRAIN" summary "$1"
  ) >"$TMP/out" 2>"$TMP/err" || code=$?
  [ "$code" -eq 0 ] || fail "summary of a huge $1 exited $code; stderr: $(cat "$TMP/err")"
  expect_out "Total params: $2"
}
huge_summary "$TMP/dense.yaml" "$(dense_model 40000 40000)"  # 1.6 billion parameters
expect_out "Memory: 25.7 GB to train at batch 100 (parameters and gradients 12.8 GB, adam state 12.8 GB, activations"
huge_summary "$TMP/conv.yaml" "$(conv_model 2000 100000)"  # 1.8 billion

# --- a model that does not fit: refused with the figures, exit 1, before the run directory exists.
# Under ulimit -v the limit is the address space; without it, this machine's memory.
if [ "$address_limit" != unlimited ]; then
  (
    ulimit -v "$address_limit"
    exec "$NETTRAIN" train configs/iris.yaml --out "$TMP/oom" --set model.layers.0.units=4000000
  ) >"$TMP/out" 2>"$TMP/err" && fail "a model over the address-space limit trained"
  expect_err "error: the model needs at least 1.5 GB to train at batch 16 (parameters and gradients 256.0 MB, adam state 256.0 MB, activations 1.0 GB), but"
  expect_err "is available (the address-space limit, ulimit -v); make the model or the batch smaller"
  [ ! -e "$TMP/oom" ] || fail "the refused run wrote $(ls -R "$TMP/oom")"
fi
run_expect 1 train configs/iris.yaml --out "$TMP/oom" --set model.layers.0.units=100000000
expect_err "error: the model needs at least 38.4 GB to train at batch 16"
[ ! -e "$TMP/oom" ] || fail "the refused run wrote $(ls -R "$TMP/oom")"
if [ "$address_limit" != unlimited ]; then
  (
    ulimit -v "$address_limit"
    exec "$NETTRAIN" gradcheck configs/iris.yaml --set model.layers.0.units=4000000
  ) >"$TMP/out" 2>"$TMP/err" && fail "a gradient check over the address-space limit ran"
  expect_err "error: the model needs at least 1.0 GB to check gradients on 4 samples"
fi
echo "resource limits: ok"
