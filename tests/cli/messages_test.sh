# Messages that point to the cause (issue #20, class 7): each mistake below is one error line
# naming the file (and line, for configs and CSV rows) and saying what is wrong in its own
# words, with exit code 2 and nothing written: a model file cut to a few bytes where a config
# or model belongs, cut or corrupt images of every format, normalization beyond float32, config
# errors of layers and labels, --set errors, a second YAML document, initializer values beyond
# float32; and float32's largest values are accepted in CSV files.
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

# refused WHERE WORDS... : the last run exited 2 with one error line at WHERE (a file, file:line
# or --set ...; a column may follow) holding every one of WORDS, wrote nothing to stdout and no
# run directory.
refused() {
  local where=$1
  shift
  grep -qF -- "error: $where:" "$TMP/err" || fail "stderr does not start at '$where': $(cat "$TMP/err")"
  for words in "$@"; do expect_err "$words"; done
  [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "more than one line on stderr: $(cat "$TMP/err")"
  [ ! -s "$TMP/out" ] || fail "stdout is not empty: $(cat "$TMP/out")"
  [ ! -e "$TMP/run" ] || fail "a run directory was written"
}

# train2 CONFIG ARGS...: train into $TMP/run, expecting exit 2.
train2() {
  local config=$1
  shift
  run_expect 2 train "$config" --out "$TMP/run" --quiet "$@"
}

csv_config() {  # csv_config TRAIN [EXTRA-DATA-KEYS] [LAYERS]
  local layers='[{type: dense, units: 2, activation: softmax}]'
  cat <<YAML
data: {format: csv, train: $1, target: y${2:-}}
model:
  input_shape: [2]
  layers: ${3:-$layers}
loss: categorical_crossentropy
training: {epochs: 1, batch_size: 4}
YAML
}

# A model to load, and an image model to feed images to.
run_expect 0 train configs/xor.yaml --out "$TMP/xor" --quiet --set training.epochs=1
for class in a b; do mkdir -p "$TMP/images/$class"; done
cp data/samples/000*.png "$TMP/images/a/"
cp data/samples/001*.png "$TMP/images/b/"
cat >"$TMP/images.yaml" <<YAML
data: {format: images, train: $TMP/images, channels: 1, image_size: [8, 8], normalize: scale}
model:
  input_shape: [1, 8, 8]
  layers: [{type: flatten}, {type: dense, units: 2, activation: softmax}]
loss: categorical_crossentropy
training: {epochs: 1, batch_size: 2}
YAML
run_expect 0 train "$TMP/images.yaml" --out "$TMP/image-model" --quiet
IMAGE_MODEL=$TMP/image-model/model.bin

# 1. A model file cut inside its magic, given where a config or a model belongs.
for bytes in N NETT NETTR NETTRAI; do
  cut=$TMP/cut-$bytes.bin
  printf '%s' "$bytes" >"$cut"
  truncated="truncated (${#bytes} bytes; a nettrain model file has at least 28)"
  train2 "$cut"; refused "$cut" "$truncated"
  run_expect 2 summary "$cut"; refused "$cut" "$truncated"
  run_expect 2 gradcheck "$cut"; refused "$cut" "$truncated"
  run_expect 2 eval "$TMP/xor/model.bin" --config "$cut"; refused "$cut" "$truncated"
  run_expect 2 eval "$cut" --config configs/xor.yaml; refused "$cut" "$truncated"
  run_expect 2 infer "$cut" data/xor.csv; refused "$cut" "$truncated"
done
train2 "$TMP/xor/model.bin"; refused "$TMP/xor/model.bin" "is a nettrain model file, not a YAML config"
: >"$TMP/empty.yaml"
train2 "$TMP/empty.yaml"; refused "$TMP/empty.yaml" "is empty; a config must be a YAML mapping"

# 2. Cut or corrupt images are named by the format their first bytes say, whatever stb tried last.
"$PY" - "$TMP" <<'PY'
import struct, sys
d = sys.argv[1]
def put(name, data): open(f"{d}/{name}", "wb").write(data)
app0 = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
put("soi.jpg", b"\xff\xd8\xff")
put("app0.jpg", app0)
put("noise.jpg", app0 + bytes(range(256)) * 2)
pixels = bytes([10, 20, 30] * 2 + [0, 0]) * 2  # 2 x 2, 24-bit rows padded to 8 bytes
bmp = b"BM" + struct.pack("<IHHI", 54 + len(pixels), 0, 0, 54) + struct.pack("<IiiHHIIiiII", 40, 2, 2, 1, 24, 0, len(pixels), 2835, 2835, 0, 0) + pixels
put("whole.bmp", bmp)
put("cut.bmp", bmp[:60])
put("head.bmp", bmp[:20])
put("rle.bmp", bmp[:30] + b"\x01" + bmp[31:])
put("gif.png", b"GIF89a\x02\x00\x02\x00\x80\x00\x00")
put("cut.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")
put("cut.pgm", b"P5\n4 3\n255\n" + b"\x10" * 5)
PY
run_expect 0 infer "$IMAGE_MODEL" "$TMP/whole.bmp"
for case in "soi.jpg|is a truncated or corrupt JPEG" "app0.jpg|is a truncated or corrupt JPEG" \
            "noise.jpg|is a truncated or corrupt JPEG" "cut.bmp|is a truncated BMP: its header says 2 x 2 pixels, 70 bytes" \
            "head.bmp|is a truncated BMP: its header is cut short" "rle.bmp|is a run-length encoded (RLE) BMP" \
            "gif.png|is a GIF; only PNG, JPEG, BMP and PGM" "cut.png|is a truncated or corrupt PNG" \
            "cut.pgm|is a truncated PGM/PPM: its header says 4 x 3 pixels (12 bytes), but only 5"; do
  file=$TMP/${case%%|*}
  run_expect 2 infer "$IMAGE_MODEL" "$file"; refused "$file" "${case#*|}"
  ! grep -q "png sig\|unknown image type" "$TMP/err" || fail "stb's reason leaked: $(cat "$TMP/err")"
done
cp "$TMP/soi.jpg" "$TMP/images/b/zz-cut.jpg"
train2 "$TMP/images.yaml"; refused "$TMP/images/b/zz-cut.jpg" "is a truncated or corrupt JPEG"
rm "$TMP/images/b/zz-cut.jpg"

# 3. Normalization whose arithmetic leaves float32 names the file and the column.
printf 'x1,x2,y\n-3e38,1,0\n3e38,2,1\n0,3,0\n1,4,1\n' >"$TMP/wide.csv"
printf -- '-3e38,1,0\n3e38,2,1\n3e38,3,0\n3e38,4,1\n' >"$TMP/wide-headless.csv"
csv_config "$TMP/wide.csv" ", normalize: minmax" >"$TMP/wide.yaml"
train2 "$TMP/wide.yaml"; refused "$TMP/wide.csv" '"x1" (column 1) spans -3e+38 to 3e+38' "min-max normalization" "beyond the float32 range"
csv_config "$TMP/wide-headless.csv" ", header: false, target: 2, normalize: minmax" | sed 's/target: y, //' >"$TMP/wide.yaml"
train2 "$TMP/wide.yaml"; refused "$TMP/wide-headless.csv" "column 1 spans" "min-max normalization"
csv_config "$TMP/wide-headless.csv" ", header: false, target: 2, normalize: zscore" | sed 's/target: y, //' >"$TMP/wide.yaml"
train2 "$TMP/wide.yaml"; refused "$TMP/wide-headless.csv" "column 1 has values 4.5e+38 away from its mean 1.5e+38" "z-score normalization"

# 4. Config errors of layers carry their line; a class index beyond the outputs its CSV row.
cat >"$TMP/conv.yaml" <<YAML
data: {format: images, train: $TMP/images, channels: 1, image_size: [8, 8]}
model:
  input_shape: [1, 8, 8]
  layers:
    - {type: conv2d, filters: 2, kernel: 3, activation: softmax}
    - {type: flatten}
    - {type: dense, units: 2, activation: softmax}
loss: categorical_crossentropy
YAML
train2 "$TMP/conv.yaml"; refused "$TMP/conv.yaml:5:57" "model.layers[0].activation needs a flat input, got 2x6x6"
train2 "$TMP/conv.yaml" --set model.layers.2.activation=softmax --set model.layers.0.activation=softmax
refused "--set model.layers.0.activation=softmax" "model.layers[0].activation needs a flat input"
layers='
    - {type: dense, units: 4}
    - {type: dense, units: 4, activation: relu}
    - {type: dense, units: 2, name: NAME}
    - {type: softmax}'
csv_config data/xor.csv "" "${layers/NAME/dense_2}" >"$TMP/names.yaml"
train2 "$TMP/names.yaml"; refused "$TMP/names.yaml:7:37" "'dense_2' is already the automatic name of model.layers[1]"
csv_config data/xor.csv "" "${layers/NAME/relu_1}" >"$TMP/names.yaml"
train2 "$TMP/names.yaml"; refused "$TMP/names.yaml:7:37" "'relu_1' is already the automatic name of model.layers[1].activation"
printf 'a,b,y\n0,0,0\n\n0,1,5\n1,1,1\n' >"$TMP/classes.csv"
csv_config "$TMP/classes.csv" >"$TMP/classes.yaml"
train2 "$TMP/classes.yaml"; refused "$TMP/classes.csv:4" "has class index 5, but the model's 2 output unit(s) give 2 classes"
train2 "$TMP/classes.yaml" --set data.validation_split=0.5; refused "$TMP/classes.csv:4" "has class index 5"
csv_config "$TMP/classes.csv" ", class_names: [no, yes]" >"$TMP/classes.yaml"
train2 "$TMP/classes.yaml"; refused "$TMP/classes.csv:4:3" "label 5 is out of range: there are 2 classes"

# 5. Every error about a value given with --set names that --set.
for case in "model.layers.0.units=abc|must be a positive integer, got abc" \
            "model.layers.00.units=abc|model.layers[0].units must be a positive integer" \
            "model.layers.01.activation=softmaxx|'softmaxx' is not a layer type (did you mean 'softmax'?)" \
            "model.layers.0.unitz=3|unknown key 'unitz' in model.layers[0] (did you mean 'units'?)" \
            "optimiser.lr=0.1|unknown key 'optimiser' (did you mean 'optimizer'?)" \
            "optimizer.type=sgdd|must be one of sgd, rmsprop" "training.epochs=[1]|must be a positive integer, got [1]" \
            "optimizer.lr=[1|in VALUE: invalid YAML" "optimizer.lr=1e39|within the float32 range" \
            "model.layers.0.units=|model.layers[0].units is required" \
            "optimizer={type: adam, lr: x}|optimizer.lr must be a number, got x"; do
  set=${case%%|*}
  train2 configs/xor.yaml --set "$set"; refused "--set $set" "${case#*|}"
  ! grep -q "xor.yaml:" "$TMP/err" || fail "reported at the file: $(cat "$TMP/err")"
  # eval takes the network from the model file and reads the rest of the config.
  case $set in model.*) continue ;; esac
  run_expect 2 eval "$TMP/xor/model.bin" --config configs/xor.yaml --split train --set "$set"
  refused "--set $set" "${case#*|}"
done

# 6. A second YAML document is refused at its line.
{ cat configs/xor.yaml; echo '---'; cat configs/xor.yaml; } >"$TMP/two.yaml"
line=$(($(wc -l <configs/xor.yaml) + 1 + $(grep -n '^seed' configs/xor.yaml | cut -d: -f1)))
train2 "$TMP/two.yaml"; refused "$TMP/two.yaml:$line:1" "a second YAML document starts here"
run_expect 2 eval "$TMP/xor/model.bin" --config "$TMP/two.yaml"; refused "$TMP/two.yaml:$line:1" "second YAML document"
printf 'loss: mse\n---\n---\nloss: mae\n' >"$TMP/three.yaml"
run_expect 2 summary "$TMP/three.yaml"; refused "$TMP/three.yaml:4:1" "second YAML document"

# 7. Initializer values beyond float32 are config errors at their line, not a divergence.
beyond="must be a finite number within the float32 range"
for weights in "{init: constant, value: 1e39}|weights.value $beyond" "{init: random_normal, mean: -1e39}|weights.mean $beyond" \
               "{init: random_uniform, min: -1e39, max: 0}|weights.min $beyond" "{init: orthogonal, gain: 1e39}|weights.gain $beyond" \
               "{init: values, values: [[1, 1e39], [0, 0]]}|weights.values[0][1] $beyond" \
               "{init: random_normal, mean: 3e38, stddev: 1e38}|weights init random_normal draws values beyond the float32 range"; do
  csv_config data/xor.csv "" "
    - {type: dense, units: 2, weights: ${weights%%|*}}
    - {type: softmax}" >"$TMP/init.yaml"
  train2 "$TMP/init.yaml"; refused "$TMP/init.yaml:5" "model.layers[0].${weights#*|}"
done
train2 configs/xor.yaml --set 'model.layers.0.bias={init: constant, value: -1e39}'
refused "--set model.layers.0.bias={init: constant, value: -1e39}" "model.layers[0].bias.value $beyond"

# 8. Float32's largest values are CSV values (as C and numpy print FLT_MAX); beyond them is an error.
printf 'a,b,y\n0,-3.4028235e38,0\n3.4028235e+38,0,1\n1,-1,0\n2,-2,1\n' >"$TMP/max.csv"
csv_config "$TMP/max.csv" ", normalize: minmax" >"$TMP/max.yaml"
run_expect 0 train "$TMP/max.yaml" --out "$TMP/max-run" --quiet
printf 'a,b\n3.4028234663852886e38,-3.4028235E+38\n' >"$TMP/max-infer.csv"
run_expect 0 infer "$TMP/max-run/model.bin" "$TMP/max-infer.csv"
printf 'a,b,y\n0,1,0\n3.4028236e38,0,1\n' >"$TMP/over.csv"
csv_config "$TMP/over.csv" >"$TMP/over.yaml"
train2 "$TMP/over.yaml"; refused "$TMP/over.csv:3:1" '("3.4028236e38") is out of range for a 32-bit float'
printf 'a,b\n1,-3.5e38\n' >"$TMP/over-infer.csv"
run_expect 2 infer "$TMP/max-run/model.bin" "$TMP/over-infer.csv"; refused "$TMP/over-infer.csv:2:2" "is out of range for a 32-bit float"
