# Inputs that are not regular files (issue #20, class 2): a device (/dev/zero, /dev/null), a FIFO
# with no writer, a directory or a symbolic link loop, given as any path a command reads (config,
# data, labels, model, checkpoint, infer input, search space), is refused at once with a message
# naming it and exit code 2, with nothing written; a symbolic link to a regular file still works.
# A directory where train writes a file of the run directory is refused before training.
# Every call runs under `timeout 20`, so a hang fails the test (exit 124) instead of blocking.
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

# nt CODE ARGS...: run_expect under a timeout, stdin closed so nothing waits on it.
nt() {
  local want=$1
  shift
  local got=0
  timeout 20 "$NETTRAIN" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null || got=$?
  [ "$got" -eq "$want" ] || fail "nettrain $* exited $got, expected $want; stderr: $(cat "$TMP/err")"
}

mkfifo "$TMP/fifo"
mkdir "$TMP/dir"
ln -s "$TMP/loop" "$TMP/loop"                         # a link to itself
ln -s "$TMP/loop-b" "$TMP/loop-a"                     # two links naming each other
ln -s "$TMP/loop-a" "$TMP/loop-b"
BAD=(/dev/zero /dev/null "$TMP/fifo" "$TMP/dir" "$TMP/loop" "$TMP/loop-a")

# reason_for PATH: the words the message must hold for that kind of path.
reason_for() {
  case $1 in
    /dev/*) echo "is a device, not a file" ;;
    */fifo*) echo "is a FIFO (named pipe), not a file" ;;
    */dir*) echo "is a directory" ;;
    */loop*) echo "symbolic link loop" ;;
  esac
}

# refused PATH: the last run named PATH with its reason, on one error line, and wrote no run directory.
refused() {
  expect_err "$1"
  expect_err "$(reason_for "$1")"
  [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "more than one line on stderr: $(cat "$TMP/err")"
  [ ! -e "$TMP/run" ] || fail "a run directory was written"
  [ ! -s "$TMP/out" ] || fail "stdout is not empty: $(cat "$TMP/out")"
}

csv_config() {  # csv_config EXTRA-DATA-KEYS [TRAIN]
  cat <<YAML
data: {format: csv, train: ${2:-data/xor.csv}, target: y, task: classification$1}
model:
  input_shape: [2]
  layers: [{type: dense, units: 2, activation: softmax}]
loss: categorical_crossentropy
training: {epochs: 1, batch_size: 4}
YAML
}

make_idx() {  # make_idx IMAGES LABELS COUNT
  "$PY" - "$@" <<'PY'
import gzip, struct, sys
images, labels, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
label = [i % 3 for i in range(n)]
pixels = bytes(min(255, 40 * label[i] + (p % 7)) for i in range(n) for p in range(64))
def write(path, data):
    (gzip.open if path.endswith(".gz") else open)(path, "wb").write(data)
write(images, struct.pack(">IIII", 0x0803, n, 8, 8) + pixels)
write(labels, struct.pack(">II", 0x0801, n) + bytes(label))
PY
}
make_idx "$TMP/train-images.gz" "$TMP/train-labels.gz" 30
make_idx "$TMP/test-images" "$TMP/test-labels" 12

idx_config() {  # idx_config TRAIN TRAIN-LABELS TEST TEST-LABELS
  cat <<YAML
data: {format: idx, train: $1, train_labels: $2, test: $3, test_labels: $4, normalize: scale}
model:
  input_shape: [1, 8, 8]
  layers: [{type: flatten}, {type: dense, units: 3, activation: softmax}]
loss: categorical_crossentropy
training: {epochs: 1, batch_size: 8}
YAML
}

# A model and a search space to read, made before any bad input is tried.
nt 0 train configs/xor.yaml --out "$TMP/xor" --quiet --set training.epochs=2
model=$TMP/xor/model.bin
printf 'x1,x2\n0,1\n1,1\n' >"$TMP/inputs.csv"

for bad in "${BAD[@]}"; do
  # train: the config itself, every data path of a CSV config, every file of an IDX config.
  nt 2 train "$bad" --out "$TMP/run"
  refused "$bad"
  for key in train test validation; do
    if [ "$key" = train ]; then csv_config "" "$bad"; else csv_config ", $key: $bad"; fi >"$TMP/c.yaml"
    nt 2 train "$TMP/c.yaml" --out "$TMP/run"
    refused "$bad"
    expect_err "data.$key names '$bad'"
  done
  idx_config "$bad" "$TMP/train-labels.gz" "$TMP/test-images" "$TMP/test-labels" >"$TMP/i1.yaml"
  idx_config "$TMP/train-images.gz" "$bad" "$TMP/test-images" "$TMP/test-labels" >"$TMP/i2.yaml"
  idx_config "$TMP/train-images.gz" "$TMP/train-labels.gz" "$bad" "$TMP/test-labels" >"$TMP/i3.yaml"
  idx_config "$TMP/train-images.gz" "$TMP/train-labels.gz" "$TMP/test-images" "$bad" >"$TMP/i4.yaml"
  for c in i1 i2 i3 i4; do
    nt 2 train "$TMP/$c.yaml" --out "$TMP/run"
    refused "$bad"
  done
  expect_err "data.test_labels names '$bad'"
  # train --resume with a checkpoint that is not a file.
  nt 2 train configs/xor.yaml --out "$TMP/run" --resume "$bad"
  expect_err "$bad"
  expect_err "$(reason_for "$bad")"
  rm -rf "$TMP/run"

  # eval: the model, then the config.
  nt 2 eval "$bad" --config configs/xor.yaml --split train
  refused "$bad"
  nt 2 eval "$model" --config "$bad" --split train
  refused "$bad"
  csv_config "" "$bad" >"$TMP/c.yaml"
  nt 2 eval "$model" --config "$TMP/c.yaml" --split train
  refused "$bad"

  # summary takes a config or a model: either way refused.
  nt 2 summary "$bad"
  refused "$bad"

  # infer: the model, a CSV input, an input named like an image.
  nt 2 infer "$bad" "$TMP/inputs.csv"
  refused "$bad"
  nt 2 infer "$model" "$bad"
  refused "$bad"
  nt 2 infer "$model" "$TMP/inputs.csv" "$bad"
  refused "$bad"

  # gradcheck: the config, and its training data.
  nt 2 gradcheck "$bad"
  refused "$bad"
  csv_config "" "$bad" >"$TMP/c.yaml"
  nt 2 gradcheck "$TMP/c.yaml"
  refused "$bad"

  # search: the space, and the trials file of --narrow.
  nt 2 search "$bad" --trials 2
  refused "$bad"
  nt 2 search configs/iris_search.yaml --narrow "$bad"
  refused "$bad"
done

# Image inputs of infer that are not files: a FIFO, a directory and a loop named *.png.
mkfifo "$TMP/fifo.png"
mkdir "$TMP/dir.png"
ln -s "$TMP/loop.png" "$TMP/loop.png"
for bad in "$TMP/fifo.png" "$TMP/dir.png" "$TMP/loop.png"; do
  nt 2 infer "$model" "$bad"
  refused "$bad"
done

# Symbolic links to regular files work everywhere a path is read.
ln -s "$PWD/configs/xor.yaml" "$TMP/link.yaml"
ln -s "$PWD/data/xor.csv" "$TMP/link.csv"
ln -s "$model" "$TMP/link.bin"
ln -s "$TMP/inputs.csv" "$TMP/link-inputs.csv"
ln -s "$PWD/configs/iris_search.yaml" "$TMP/link-space.yaml"
ln -s "$TMP/train-images.gz" "$TMP/link-images.gz"
ln -s "$TMP/test-labels" "$TMP/link-labels"
nt 0 train "$TMP/link.yaml" --out "$TMP/linked" --quiet --set training.epochs=2 --set 'training.checkpoint={every: 1}'
[ -s "$TMP/linked/model.bin" ] || fail "training from a linked config wrote no model"
csv_config ", test: $TMP/link.csv, validation: $TMP/link.csv" "$TMP/link.csv" >"$TMP/c.yaml"
nt 0 train "$TMP/c.yaml" --out "$TMP/linked-csv" --quiet
idx_config "$TMP/link-images.gz" "$TMP/train-labels.gz" "$TMP/test-images" "$TMP/link-labels" >"$TMP/c.yaml"
nt 0 train "$TMP/c.yaml" --out "$TMP/linked-idx" --quiet
nt 0 eval "$TMP/link.bin" --config "$TMP/link.yaml" --split train --format json
expect_out '"accuracy"'
nt 0 summary "$TMP/link.bin"
nt 0 summary "$TMP/link.yaml"
nt 0 infer "$TMP/link.bin" "$TMP/link-inputs.csv"
nt 0 gradcheck "$TMP/link.yaml"
nt 0 search "$TMP/link-space.yaml" --trials 2
[ -s "$TMP/linked/checkpoints/epoch-0002.bin" ] || fail "no checkpoint after epoch 2"
ln -s "$TMP/linked/checkpoints/epoch-0002.bin" "$TMP/link-checkpoint.bin"
nt 0 train "$TMP/link.yaml" --out "$TMP/linked" --quiet --set training.epochs=3 --set 'training.checkpoint={every: 1}' \
  --resume "$TMP/link-checkpoint.bin"
[ "$(csv_field "$TMP/linked/metrics.csv" 3 epoch)" = 3 ] || fail "the resumed run did not reach epoch 3"

# A directory where train writes a file of the run directory: refused before training, exit 2,
# nothing written into the run directory.
for name in model.bin config.yaml metrics.csv summary.json; do
  rm -rf "$TMP/run"
  mkdir -p "$TMP/run/$name"
  nt 2 train configs/xor.yaml --out "$TMP/run" --quiet
  expect_err "$TMP/run/$name: is a directory"
  [ "$(ls -A "$TMP/run")" = "$name" ] || fail "train wrote into the run directory: $(ls -A "$TMP/run")"
  [ -z "$(ls -A "$TMP/run/$name")" ] || fail "train wrote into $name/"
done
# checkpoints/ that is a file, and a run directory that is a file.
rm -rf "$TMP/run" && mkdir "$TMP/run" && printf 'x' >"$TMP/run/checkpoints"
nt 2 train configs/xor.yaml --out "$TMP/run" --quiet
expect_err "$TMP/run/checkpoints: is not a directory"
[ "$(ls -A "$TMP/run")" = checkpoints ] || fail "train wrote into the run directory: $(ls -A "$TMP/run")"
rm -rf "$TMP/run" && printf 'x' >"$TMP/run"
nt 2 train configs/xor.yaml --out "$TMP/run" --quiet
expect_err "$TMP/run: is not a directory"
[ "$(cat "$TMP/run")" = x ] || fail "the file given as --out was changed"
echo "non-regular files: ok"
