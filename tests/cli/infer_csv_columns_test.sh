# infer on a CSV that still holds the target column (issue #16, item 8): a model trained on CSV
# with a header keeps its feature columns by name, and infer picks them out of any file whose
# header names them, in any order, beside other columns; the probabilities equal those of the
# features alone. Models without the names (older ones, headerless data) take fields in order.
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

run_expect 0 train configs/iris.yaml --out "$TMP/iris" --set training.epochs=3 \
  --set 'training.checkpoint={every: 1, keep_last: 1, keep_best: false}' --quiet
head -6 data/iris.csv >"$TMP/with_target.csv"
cut -d, -f1-4 "$TMP/with_target.csv" >"$TMP/features.csv"
"$PY" - "$TMP/with_target.csv" "$TMP/shuffled.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
order = [4, 3, 1, 0, 2]  # species, petal_width, sepal_width, sepal_length, petal_length
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id"] + [rows[0][i] for i in order])
    for k, row in enumerate(rows[1:]):
        w.writerow([f"flower-{k}"] + [row[i] for i in order])
PY
run_expect 0 infer "$TMP/iris/model.bin" "$TMP/features.csv" --format csv
sed 's/^[^,]*,//' "$TMP/out" >"$TMP/want"
for input in with_target shuffled; do
  run_expect 0 infer "$TMP/iris/model.bin" "$TMP/$input.csv" --format csv
  sed 's/^[^,]*,//' "$TMP/out" | cmp -s - "$TMP/want" || fail "infer on $input.csv differs: $(cat "$TMP/out")"
done
# A checkpoint holds the names too, and activations reads CSV rows as infer does.
run_expect 0 infer "$TMP/iris/checkpoints/epoch-0003.bin" "$TMP/shuffled.csv" --format csv
sed 's/^[^,]*,//' "$TMP/out" | cmp -s - "$TMP/want" || fail "infer on a checkpoint differs: $(cat "$TMP/out")"
head -2 "$TMP/shuffled.csv" >"$TMP/one_shuffled.csv"
head -2 "$TMP/features.csv" >"$TMP/one_flower.csv"
run_expect 0 activations "$TMP/iris/model.bin" "$TMP/one_flower.csv" --format csv
cp "$TMP/out" "$TMP/want_activations"
run_expect 0 activations "$TMP/iris/model.bin" "$TMP/one_shuffled.csv" --format csv
cmp -s "$TMP/out" "$TMP/want_activations" || fail "activations on a row with the target differ"

# A header that lacks a feature column, or names one twice: exit 2, the file and line named.
cut -d, -f1-3,5 "$TMP/with_target.csv" | awk '{print (NR == 1 ? "id" : NR) "," $0}' >"$TMP/missing.csv"
run_expect 2 infer "$TMP/iris/model.bin" "$TMP/missing.csv"
expect_err "$TMP/missing.csv:1"
expect_err 'no column "petal_width"'
sed '1s/species/sepal_length/' "$TMP/with_target.csv" >"$TMP/twice.csv"
run_expect 2 infer "$TMP/iris/model.bin" "$TMP/twice.csv"
expect_err 'names column "sepal_length" twice'
# A row with a field too few under a picked header.
{ head -2 "$TMP/with_target.csv"; echo "5.0,3.4,1.5,0.2"; } >"$TMP/short.csv"
run_expect 2 infer "$TMP/iris/model.bin" "$TMP/short.csv"
expect_err "$TMP/short.csv:3"
expect_err "row has 4 fields, expected 5"
# Other names, as many fields as features: taken in order, as before names were kept.
sed '1s/.*/a,b,c,d/' "$TMP/features.csv" >"$TMP/renamed.csv"
run_expect 0 infer "$TMP/iris/model.bin" "$TMP/renamed.csv" --format csv
sed 's/^[^,]*,//' "$TMP/out" | cmp -s - "$TMP/want" || fail "infer on renamed.csv differs"

# Column names YAML would read as something else, a header with an unusable name (empty) and a
# headerless file: the model reads back, names kept only where usable.
"$PY" - "$TMP" <<'PY'
import random, sys
random.seed(1)
d = sys.argv[1]
rows = [[round(random.uniform(-1, 1), 3) for _ in range(3)] for _ in range(40)]
with open(f"{d}/yamlish.csv", "w") as f:
    f.write('null,true,"1.5, x",label\n')
    for r in rows:
        f.write(",".join(map(str, r)) + f",{int(r[0] + r[1] > 0)}\n")
with open(f"{d}/yamlish_reordered.csv", "w") as f:
    f.write('label,"1.5, x",true,null\n')
    for r in rows:
        f.write(f"{int(r[0] + r[1] > 0)},{r[2]},{r[1]},{r[0]}\n")
with open(f"{d}/unnamed.csv", "w") as f:
    f.write(',b,c,label\n')
    for r in rows:
        f.write(",".join(map(str, r)) + f",{int(r[0] + r[1] > 0)}\n")
PY
cat >"$TMP/yamlish.yaml" <<EOF2
data: {format: csv, train: $TMP/yamlish.csv, target: label, task: classification}
model: {input_shape: [3], layers: [{type: dense, units: 2, activation: softmax}]}
loss: categorical_crossentropy
training: {batch_size: 8, epochs: 2}
EOF2
run_expect 0 train "$TMP/yamlish.yaml" --out "$TMP/yamlish" --quiet
run_expect 0 infer "$TMP/yamlish/model.bin" "$TMP/yamlish.csv" --format csv
sed 's/^[^,]*,//' "$TMP/out" >"$TMP/want_yamlish"
run_expect 0 infer "$TMP/yamlish/model.bin" "$TMP/yamlish_reordered.csv" --format csv
sed 's/^[^,]*,//' "$TMP/out" | cmp -s - "$TMP/want_yamlish" || fail "names that look like YAML values were not matched by name"
sed "s#yamlish.csv#unnamed.csv#" "$TMP/yamlish.yaml" >"$TMP/unnamed.yaml"
run_expect 0 train "$TMP/unnamed.yaml" --out "$TMP/unnamed" --quiet
run_expect 0 inspect "$TMP/unnamed/model.bin"
run_expect 2 infer "$TMP/unnamed/model.bin" "$TMP/unnamed.csv"
expect_err "row has 4 fields; the model takes 3 features per sample"
echo "infer csv columns: ok"
