# IDX (raw and gzip) and image-folder data end to end: training runs, and every bad file or
# key is one clear message naming it, exit code 2.
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

# make_idx IMAGES LABELS COUNT [LABEL-MODULUS]: synthetic 28 x 28 images whose brightness
# says the class, gzip-compressed when a name ends in .gz (the reader itself ignores names).
make_idx() {
  "$PY" - "$@" <<'PY'
import gzip, struct, sys
images, labels, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
classes = int(sys.argv[4]) if len(sys.argv) > 4 else 3
label = [i % classes for i in range(n)]
pixels = bytes(min(255, 40 * label[i] + (p % 7)) for i in range(n) for p in range(784))
def write(path, data):
    (gzip.open if path.endswith(".gz") else open)(path, "wb").write(data)
write(images, struct.pack(">IIII", 0x0803, n, 28, 28) + pixels)
write(labels, struct.pack(">II", 0x0801, n) + bytes(label))
PY
}

# make_images FOLDER CLASS... : three 12 x 10 PNG and PGM images per class, class k brighter.
make_images() {
  "$PY" - "$@" <<'PY'
import os, struct, sys, zlib
root, classes = sys.argv[1], sys.argv[2:]
def png(path, w, h, value):
    raw = b"".join(b"\0" + bytes([value, 255 - value, value // 2]) * w for _ in range(h))
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
for k, name in enumerate(classes):
    os.makedirs(os.path.join(root, name), exist_ok=True)
    for i in range(2):
        png(os.path.join(root, name, "img%d.png" % i), 12, 10, 60 * k + i)
    with open(os.path.join(root, name, "img2.pgm"), "wb") as f:
        f.write(b"P5\n12 10\n255\n" + bytes([60 * k + 2]) * 120)
PY
}

idx_config() {  # idx_config INPUT-SHAPE [EXTRA-DATA-KEYS]
  cat <<YAML
data:
  format: idx
  train: $TMP/train-images.gz
  train_labels: $TMP/train-labels.gz
  test: $TMP/test-images
  test_labels: $TMP/test-labels
  normalize: scale
  validation_split: 0.2
  ${2:-}
model:
  input_shape: $1
  layers:
    - {type: flatten}
    - {type: dense, units: 16, activation: relu}
    - {type: dense, units: 3, activation: softmax}
loss: categorical_crossentropy
metrics: [accuracy]
optimizer: adam
training: {epochs: 1, batch_size: 20}
YAML
}

make_idx "$TMP/train-images.gz" "$TMP/train-labels.gz" 200
make_idx "$TMP/test-images" "$TMP/test-labels" 30

# [1, 28, 28] and [784] both take 28 x 28 IDX images.
for shape in '[1, 28, 28]' '[784]'; do
  idx_config "$shape" >"$TMP/idx.yaml"
  run_expect 0 train "$TMP/idx.yaml" --out "$TMP/idx-run" --quiet
  [ -f "$TMP/idx-run/model.bin" ] || fail "no model.bin for input_shape $shape"
  check 0 '<' "$(json_field "$TMP/idx-run/summary.json" test_accuracy)"
done
run_expect 0 eval "$TMP/idx-run/model.bin" --config "$TMP/idx.yaml" --format json
expect_out '"samples": 30'

# expect_idx_error TEXT...: training on the current files fails with exit 2 and says TEXT.
expect_idx_error() {
  idx_config '[1, 28, 28]' >"$TMP/bad.yaml"
  run_expect 2 train "$TMP/bad.yaml" --out "$TMP/bad-run"
  for text in "$@"; do expect_err "$text"; done
}
cp "$TMP/test-images" "$TMP/good-test-images"
head -c $(($(stat -c %s "$TMP/train-images.gz") / 2)) "$TMP/train-images.gz" >"$TMP/cut.gz" && cp "$TMP/train-images.gz" "$TMP/good.gz"
cp "$TMP/cut.gz" "$TMP/train-images.gz"
expect_idx_error "$TMP/train-images.gz" "truncated"
cp "$TMP/good.gz" "$TMP/train-images.gz"
printf 'not an idx file at all' >"$TMP/test-images"
expect_idx_error "$TMP/test-images" "not an IDX file"
head -c 1000 "$TMP/good-test-images" >"$TMP/test-images"
expect_idx_error "$TMP/test-images" "the file holds only"
make_idx "$TMP/test-images" "$TMP/test-labels" 30
make_idx "$TMP/other-images" "$TMP/test-labels" 31
expect_idx_error "$TMP/test-labels" "has 31 labels" "30 images"
make_idx "$TMP/test-images" "$TMP/test-labels" 30 5
expect_idx_error "$TMP/test-labels" "class index 3"
make_idx "$TMP/test-images" "$TMP/test-labels" 30

idx_config '[1, 32, 32]' >"$TMP/bad.yaml"
run_expect 2 train "$TMP/bad.yaml" --out "$TMP/bad-run"
expect_err "$TMP/train-images.gz" && expect_err "[28, 28]" && expect_err "[1, 32, 32]"

# Keys of another format, or a missing labels file, are config errors naming the key.
idx_config '[784]' 'image_size: [28, 28]' >"$TMP/bad.yaml"
run_expect 2 train "$TMP/bad.yaml"
expect_err "data.image_size is only for format: images"
idx_config '[784]' >"$TMP/bad.yaml"
sed -i '/test_labels/d' "$TMP/bad.yaml"
run_expect 2 train "$TMP/bad.yaml"
expect_err "data.test_labels is required"

# Image folders: PNG and PGM, resized, grey or RGB.
make_images "$TMP/img/train" ant bee cow
make_images "$TMP/img/val" ant bee cow
images_config() {  # images_config INPUT-SHAPE [EXTRA-DATA-KEYS]
  cat <<YAML
data:
  format: images
  train: $TMP/img/train
  validation: $TMP/img/val
  normalize: scale
  ${2:-}
model:
  input_shape: $1
  layers:
    - {type: flatten}
    - {type: dense, units: 3, activation: softmax}
loss: categorical_crossentropy
optimizer: adam
training: {epochs: 1, batch_size: 4}
YAML
}
images_config '[1, 8, 8]' >"$TMP/images.yaml"
run_expect 0 train "$TMP/images.yaml" --out "$TMP/img-run" --quiet
grep -q "image_size" "$TMP/img-run/config.yaml" || fail "the resolved config lacks the default image_size"
images_config '[3, 6, 5]' >"$TMP/images.yaml"
run_expect 0 train "$TMP/images.yaml" --out "$TMP/img-run" --quiet
images_config '[64]' 'image_size: [8, 8]' >"$TMP/images.yaml"
run_expect 0 train "$TMP/images.yaml" --out "$TMP/img-run" --quiet

images_config '[1, 8, 8]' 'channels: 3' >"$TMP/bad.yaml"
run_expect 2 train "$TMP/bad.yaml"
expect_err "model.input_shape [1, 8, 8] does not fit the images" && expect_err "[3, 8, 8]"
images_config '[64]' >"$TMP/bad.yaml"
run_expect 2 train "$TMP/bad.yaml"
expect_err "data.image_size is required"
images_config '[1, 8, 8]' 'train_labels: x' >"$TMP/bad.yaml"
run_expect 2 train "$TMP/bad.yaml"
expect_err "data.train_labels is only for format: idx"

printf 'a text file' >"$TMP/img/train/bee/img1.png"
images_config '[1, 8, 8]' >"$TMP/bad.yaml"
run_expect 2 train "$TMP/bad.yaml" --out "$TMP/bad-run"
expect_err "$TMP/img/train/bee/img1.png" && expect_err "not an image"
rm -r "$TMP/img/val/cow"
run_expect 2 train "$TMP/bad.yaml" --out "$TMP/bad-run"
expect_err "$TMP/img/val" && expect_err 'lacks "cow"'
echo "idx and images: ok"
