# data.in_memory: false and the automatic switch (docs/data.md#data-larger-than-memory): CSV and
# image-folder data read from disk batch by batch give model.bin byte for byte as in memory (with
# a validation split, z-scores, augmentation, 1 or 2 threads, and after --resume); the peak RSS
# does not hold the data; mistakes exit 2.
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

# A CSV of 12,000 rows of 1x16x16 "images" (3 classes, class-dependent brightness and noise),
# about 12 MB decoded; and an image folder of 3 classes x 15 PNGs, 20 x 24 RGB.
"$PY" - "$TMP" <<'PY'
import os, random, sys
from PIL import Image
tmp = sys.argv[1]
rng = random.Random(7)
with open(os.path.join(tmp, "pixels.csv"), "w") as f:
    f.write(",".join([f"p{i}" for i in range(256)] + ["id", "label"]) + "\n")
    for r in range(12000):
        label = r % 3
        pixels = [min(255, max(0, int(rng.gauss(60 + 60 * label + (i % 16) * 2, 30)))) for i in range(256)]
        # A few fields quoted or with decimals, as spreadsheets write them.
        cells = [str(p) for p in pixels]
        if r % 97 == 0:
            cells[3] = f'"{pixels[3]}"'
            cells[5] = f"{pixels[5]}.0"
        f.write(",".join(cells + [f"id{r}", str(label)]) + "\n")
for k, name in enumerate(["ant", "bee", "cat"]):
    os.makedirs(os.path.join(tmp, "images", name))
    for i in range(15):
        image = Image.new("RGB", (24, 20))
        image.putdata([(min(255, 70 * k + rng.randrange(80)), rng.randrange(256), 40 * k) for _ in range(480)])
        image.save(os.path.join(tmp, "images", name, f"{i:02d}.png"))
PY

cat >"$TMP/csv.yaml" <<YAML
seed: 5
data:
  format: csv
  train: $TMP/pixels.csv
  target: label
  drop: [id]
  validation_split: 0.2
  normalize: {type: zscore, per: channel}
  augment: {rotation_range: 10, width_shift_range: 0.1, horizontal_flip: true}
model:
  input_shape: [1, 16, 16]
  layers:
    - {type: conv2d, filters: 4, kernel: 3, activation: relu}
    - {type: maxpool2d, size: 2}
    - {type: flatten}
    - {type: dense, units: 3, activation: softmax}
loss: categorical_crossentropy
optimizer: adam
training: {batch_size: 64, epochs: 2, checkpoint: {every: 1}}
YAML

run_expect 0 train "$TMP/csv.yaml" --out "$TMP/memory" --set data.in_memory=true --quiet
for threads in 1 2; do
  run_expect 0 train "$TMP/csv.yaml" --out "$TMP/disk$threads" --set data.in_memory=false --threads $threads --quiet
  cmp -s "$TMP/memory/model.bin" "$TMP/disk$threads/model.bin" ||
    fail "CSV read from disk (--threads $threads) gives another model.bin than in memory"
done
cmp -s <(cut -d, -f1-6 "$TMP/memory/metrics.csv") <(cut -d, -f1-6 "$TMP/disk1/metrics.csv") ||
  fail "metrics.csv differs between memory and disk"
run_expect 0 train "$TMP/csv.yaml" --out "$TMP/disk-resumed" --set data.in_memory=false --set training.epochs=1 --quiet
run_expect 0 train "$TMP/csv.yaml" --out "$TMP/disk-resumed" --set data.in_memory=false \
  --resume "$TMP/disk-resumed/checkpoints/epoch-0001.bin" --quiet
cmp -s "$TMP/memory/model.bin" "$TMP/disk-resumed/model.bin" || fail "a resumed run from disk differs"
grep -q '^  in_memory: false$' "$TMP/disk1/config.yaml" || fail "config.yaml lacks in_memory: false"
run_expect 0 train "$TMP/disk1/config.yaml" --out "$TMP/disk-again" --quiet
cmp -s "$TMP/memory/model.bin" "$TMP/disk-again/model.bin" || fail "the resolved config retrains differently"

# The automatic switch: over data.memory_limit the file stays on disk, with a line saying so.
run_expect 0 train "$TMP/csv.yaml" --out "$TMP/auto" --set data.memory_limit=1MiB
expect_err "decodes to 12 MiB, more than data.memory_limit allows"
[ "$(grep -c "decodes to" "$TMP/err")" -eq 1 ] || fail "the switch is reported more than once: $(cat "$TMP/err")"
cmp -s "$TMP/memory/model.bin" "$TMP/auto/model.bin" || fail "the automatic switch changed model.bin"
run_expect 0 train "$TMP/csv.yaml" --out "$TMP/auto-memory" --set training.epochs=1
! grep -q "decodes to" "$TMP/err" || fail "a small file was reported as left on disk"

# Peak RSS: in memory it holds the 12 MB of features (and the file's text while parsing), from
# disk neither. Measured by the kernel (ru_maxrss), not by time.
"$PY" - "$NETTRAIN" "$TMP" <<'PY' || fail "peak RSS"
import resource, subprocess, sys
nettrain, tmp = sys.argv[1], sys.argv[2]
def peak(in_memory):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([nettrain, "train", f"{tmp}/csv.yaml", "--out", f"{tmp}/rss-{in_memory}", "--quiet", "--set",
                    f"data.in_memory={in_memory}", "--set", "data.augment=null", "--set", "training.epochs=1"],
                   check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert after > before, "ru_maxrss of the children did not grow; run the lighter one first"
    return after
disk = peak("false")
memory = peak("true")
print(f"peak RSS: from disk {disk} KiB, in memory {memory} KiB")
assert memory - disk > 12000, f"reading from disk saved only {memory - disk} KiB of the 12 MB of features"
PY

# Image folders: every image decoded once up front (a broken one stops the run), then per batch.
cat >"$TMP/images.yaml" <<YAML
seed: 3
data: {format: images, train: $TMP/images, validation_split: 0.2, normalize: scale,
       augment: {zoom_range: 0.2, horizontal_flip: true}}
model:
  input_shape: [3, 20, 24]
  layers:
    - {type: conv2d, filters: 2, kernel: 3, activation: relu}
    - {type: global_avgpool2d}
    - {type: dense, units: 3, activation: softmax}
loss: categorical_crossentropy
optimizer: adam
training: {batch_size: 8, epochs: 2}
YAML
run_expect 0 train "$TMP/images.yaml" --out "$TMP/img-memory" --set data.in_memory=true --quiet
run_expect 0 train "$TMP/images.yaml" --out "$TMP/img-disk" --set data.in_memory=false --quiet
cmp -s "$TMP/img-memory/model.bin" "$TMP/img-disk/model.bin" || fail "an image folder read from disk differs"
run_expect 0 eval "$TMP/img-disk/model.bin" --config "$TMP/images.yaml" --set data.in_memory=false --split val \
  --errors 4 --out "$TMP/errors"
echo "not a png" >"$TMP/images/bee/broken.png"
run_expect 2 train "$TMP/images.yaml" --out "$TMP/img-broken" --set data.in_memory=false --quiet
expect_err "broken.png"
[ ! -e "$TMP/img-broken" ] || fail "a broken image left a run directory"
rm "$TMP/images/bee/broken.png"

# A bad value is found before training, at its line, also when the file stays on disk.
sed '5000s/^[0-9]*,/x,/' "$TMP/pixels.csv" >"$TMP/bad.csv"
run_expect 2 train "$TMP/csv.yaml" --out "$TMP/bad" --set data.in_memory=false --set "data.train=$TMP/bad.csv" --quiet
expect_err "bad.csv:5000:1"
[ ! -e "$TMP/bad" ] || fail "a bad CSV left a run directory"

run_expect 2 train configs/fashion_mlp.yaml --out "$TMP/x" --set data.in_memory=false
expect_err "IDX files are read into memory"
run_expect 2 train "$TMP/csv.yaml" --out "$TMP/x" --set data.memory_limit=lots
expect_err "must be a positive number of bytes"
run_expect 2 train "$TMP/csv.yaml" --out "$TMP/x" --set data.in_memory=false --set data.memory_limit=1GiB
expect_err "applies to in_memory: auto"
run_expect 2 train "$TMP/csv.yaml" --out "$TMP/x" --set data.in_memory=maybe
expect_err "in_memory"
[ ! -e "$TMP/x" ] || fail "a refused config left a run directory"
echo "streaming: ok"
