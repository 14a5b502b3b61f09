# Results that used to come out wrong with exit 0: labels of different kinds mixed between files,
# non-finite validation or test figures, a loss exploding while finite, infer on nan/inf.
source "$(dirname "$0")/lib.sh"

# Iris with the species as class indices (0, 1, 2), with and without a header, and as names.
indexed() { awk -F, 'NR == 1 { print; next } { sub(/setosa/, "0"); sub(/versicolor/, "1"); sub(/virginica/, "2"); print }' data/iris.csv; }
indexed >"$TMP/indices.csv"
cp data/iris.csv "$TMP/names.csv"
# Mostly indices: one name late in the file makes them all names.
awk -F, 'NR == 120 { sub(/,2$/, ",virginica") } { print }' "$TMP/indices.csv" >"$TMP/one-name.csv"
head -40 "$TMP/names.csv" >"$TMP/names-short.csv"

# mixed TRAIN OTHER KEY FIRST-LABEL-LINE: OTHER as data.KEY beside TRAIN is refused at its line.
mixed() {
  local sets=(--set "data.train=$1" --set "data.$3=$2" --set training.epochs=1)
  [ "$3" = validation ] && sets+=(--set data.validation_split=0)
  run_expect 2 train configs/iris.yaml --out "$TMP/run" "${sets[@]}"
  expect_err "$2:$4:5: label"
  expect_err "label every file of a config the same way"
  [ ! -e "$TMP/run" ] || fail "a refused run created its run directory"
}
for key in test validation; do
  mixed "$TMP/names.csv" "$TMP/indices.csv" "$key" 2
  mixed "$TMP/indices.csv" "$TMP/names.csv" "$key" 2
  mixed "$TMP/indices.csv" "$TMP/one-name.csv" "$key" 120
  mixed "$TMP/one-name.csv" "$TMP/indices.csv" "$key" 2
  mixed "$TMP/indices.csv" "$TMP/names-short.csv" "$key" 2
done
expect_err "label \"setosa\" makes this file's labels class names, but $TMP/indices.csv labels its samples with class indices"
# Also when data.class_names is given, which lets each kind alone through.
run_expect 2 train configs/iris.yaml --out "$TMP/run" --set data.train="$TMP/names.csv" \
  --set data.test="$TMP/indices.csv" --set 'data.class_names=[setosa, versicolor, virginica]' --set training.epochs=1
expect_err "makes this file's labels class indices, but $TMP/names.csv labels its samples with class names"
# Files of one kind train as before.
for kind in names indices; do
  run_expect 0 train configs/iris.yaml --out "$TMP/ok-$kind" --set data.train="$TMP/$kind.csv" \
    --set data.test="$TMP/$kind.csv" --set training.epochs=1 --quiet
done

# Features far beyond the training data's range in validation or test data make the loss
# non-finite: exit 1 like divergence, and nothing with NaN written.
{ head -1 data/iris.csv; sed -n 2,3p data/iris.csv | sed 's/^5.1/3e38/; s/^4.9/-3e38/'; } >"$TMP/extreme.csv"
{ head -1 data/iris.csv; sed -n 2,3p data/iris.csv | sed 's/^5.1/3e38/; s/^4.9/-3e38/'; } >"$TMP/extreme.csv"
printf 'x,y\n0.5,2.5\n3e38,1\n' >"$TMP/far.csv"
# CONFIG:DATA:OPTIMIZER (linear regression's weight heads for 3 with SGD, so 3e38 overflows).
for run in iris:extreme:sgd iris:extreme:adam linear_regression:far:sgd; do
  IFS=: read -r config data optimizer <<<"$run"
  for key in validation test; do
    for epochs in 5 10; do
      sets=(--set "data.$key=$TMP/$data.csv" --set data.normalize=none --set "optimizer.type=$optimizer"
        --set training.epochs=$epochs)
      [ "$key" = validation ] && sets+=(--set data.validation_split=0)
      rm -rf "$TMP/run"
      run_expect 1 train "configs/$config.yaml" --out "$TMP/run" "${sets[@]}"
      expect_err "on the $key data"
      expect_err "training diverged"
      [ ! -e "$TMP/run/summary.json" ] && [ ! -e "$TMP/run/model.bin" ] || fail "a diverged run wrote its results"
      ! grep -qiE "nan|inf" "$TMP/run/metrics.csv" || fail "metrics.csv holds a non-finite figure"
    done
  done
done
# eval of a good model on such data: exit 1, no JSON.
run_expect 0 train configs/iris.yaml --out "$TMP/good" --set training.epochs=3 --set data.normalize=none --quiet
for format in json text; do
  run_expect 1 eval "$TMP/good/model.bin" --config configs/iris.yaml --set data.test="$TMP/extreme.csv" --format "$format"
  expect_err "the loss on the test split of configs/iris.yaml is"
  [ ! -s "$TMP/out" ] || fail "eval printed a result: $(cat "$TMP/out")"
done

# A loss that explodes while finite, for every optimizer at absurd learning rates; SGD's
# overflows to NaN instead. Either way exit 1 and no model.
for optimizer in sgd adam adamw rmsprop adagrad; do
  for lr in 1.0e3 1.0e9; do
    rm -rf "$TMP/run"
    run_expect 1 train configs/iris.yaml --out "$TMP/run" --set "optimizer.type=$optimizer" --set "optimizer.lr=$lr" \
      --set training.epochs=5
    grep -qE "training loss exploded to [0-9.e+]+ in epoch [0-9]+, over 1000 times the loss of the initial weights|the loss became (-?nan|-?inf) at epoch" "$TMP/err" ||
      fail "$optimizer lr $lr: $(cat "$TMP/err")"
    [ ! -e "$TMP/run/model.bin" ] || fail "$optimizer lr $lr: a diverged run wrote model.bin"
  done
done
# Regression too, and the rule holds for a resumed run (the checkpoint keeps its reference).
run_expect 1 train configs/linear_regression.yaml --out "$TMP/reg" --set optimizer.type=adam --set optimizer.lr=1.0e6
expect_err "training diverged"
run_expect 0 train configs/iris.yaml --out "$TMP/resumed" --set training.epochs=1 --set 'training.checkpoint={every: 1}' --quiet
run_expect 1 train configs/iris.yaml --out "$TMP/resumed" --set training.epochs=4 --set optimizer.lr=1.0e9 \
  --resume "$TMP/resumed/checkpoints/epoch-0001.bin"
expect_err "times the loss of the initial weights"
# Shipped configs at their own settings stay far from the rule.
for config in iris xor linear_regression worked_example; do
  run_expect 0 train "configs/$config.yaml" --out "$TMP/shipped-$config" --quiet
done

# infer on CSV rows with nan or inf: exit 2 naming the row, as train does; nothing printed.
for value in nan NaN -nan inf -inf +inf infinity; do
  printf 'sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n5.1,%s,1.4,0.2\n' "$value" >"$TMP/bad.csv"
  for format in text json csv; do
    run_expect 2 infer "$TMP/good/model.bin" "$TMP/bad.csv" --format "$format"
    expect_err "$TMP/bad.csv:3:2: field 2 (\"$value\") is not a finite number"
    [ ! -s "$TMP/out" ] || fail "infer printed a partial result: $(cat "$TMP/out")"
  done
done
# Finite inputs whose outputs overflow: exit 1 naming the row, nothing printed.
printf '5.1,3.5,1.4,0.2\n3e38,-3e38,3e38,3e38\n' >"$TMP/huge.csv"
for format in text json csv; do
  run_expect 1 infer "$TMP/good/model.bin" "$TMP/huge.csv" --format "$format"
  expect_err "$TMP/huge.csv:2: the model's output is not finite for this input"
  [ ! -s "$TMP/out" ] || fail "infer printed a partial result: $(cat "$TMP/out")"
done
echo "silent wrong results: ok"
