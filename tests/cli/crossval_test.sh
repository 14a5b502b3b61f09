# scripts/crossval.sh: five folds of Iris, their table, cv.csv and cv.json, and its refusals.
source "$(dirname "$0")/lib.sh"

script_expect 0 scripts/crossval.sh configs/iris.yaml 5 --jobs 2 --out "$TMP/cv" -- --set training.epochs=5
for i in 0 1 2 3 4; do [ -s "$TMP/cv/fold-$i/metrics.csv" ] || fail "fold $i has no run directory"; done
head -1 "$TMP/cv/cv.csv" | grep -qx "fold,val_loss,val_accuracy,train_loss,train_accuracy,best_epoch" ||
  fail "cv.csv header: $(head -1 "$TMP/cv/cv.csv")"
[ "$(wc -c <"$TMP/cv/curves.png")" -gt 10000 ] || fail "no curves.png of the folds"
/usr/bin/python3 -c "import json; d = json.load(open('$TMP/cv/cv.json')); assert set(d['mean']) == set(d['std']) == set(d['folds'][0]) - {'fold'}, d" ||
  fail "cv.json: $(cat "$TMP/cv/cv.json")"
[ "$(wc -l <"$TMP/cv/cv.csv")" -eq 8 ] || fail "cv.csv should hold 5 folds, mean and std"
expect_out "mean"
expect_out "std"
# cv.csv holds each fold's summary.json figure, to 6 decimals.
check "$(csv_field "$TMP/cv/cv.csv" 3 val_accuracy)" == "$(printf %.6f "$(json_field "$TMP/cv/fold-2/summary.json" val_accuracy)")"
grep -q "validation_split: 0" "$TMP/cv/fold-0/config.yaml" || fail "fold 0 kept the config's validation_split"
mean=$(awk -F, '$1 == "mean" { print $3 }' "$TMP/cv/cv.csv")
check "$mean" '>' 0.5
grep -q '"k": 5' "$TMP/cv/cv.json" || fail "cv.json lacks k"
grep -q '"mean": {"val_loss": ' "$TMP/cv/cv.json" || fail "cv.json lacks the mean"
# Every sample is validated once: the folds' validation sets hold 150 samples together.
total=0
for i in 0 1 2 3 4; do
  "$NETTRAIN" eval "$TMP/cv/fold-$i/model.bin" --config "$TMP/cv/fold-$i/config.yaml" --split val --format json >"$TMP/eval"
  total=$((total + $(json_field "$TMP/eval" samples)))
done
[ "$total" -eq 150 ] || fail "the validation folds hold $total samples, not 150"

# A config with a validation file of its own (issue #21: once refused) cross-validates as it
# is; the file is set aside for the folds.
head -101 data/iris.csv >"$TMP/iris_train.csv"
{ head -1 data/iris.csv; tail -50 data/iris.csv; } >"$TMP/iris_val.csv"
script_expect 0 scripts/crossval.sh configs/iris.yaml 3 --out "$TMP/cv-file" -- --set "data.train=$TMP/iris_train.csv" \
  --set "data.validation=$TMP/iris_val.csv" --set data.validation_split=null --set training.epochs=2
grep -q "validation: " "$TMP/cv-file/fold-0/config.yaml" && fail "fold 0 kept the config's validation file"
[ "$(wc -l <"$TMP/cv-file/cv.csv")" -eq 6 ] || fail "cv.csv of 3 folds: $(cat "$TMP/cv-file/cv.csv")"

# Bad K, bad options, a failing fold: exit 2 with the reason, and no cv.csv left from before.
script_expect 2 scripts/crossval.sh configs/iris.yaml 1
grep -q "K must be an integer from 2 to 100000, got 1" "$TMP/err" || fail "K=1: $(cat "$TMP/err")"
script_expect 2 scripts/crossval.sh configs/iris.yaml five
script_expect 2 scripts/crossval.sh configs/iris.yaml
grep -q "usage:" "$TMP/err" || fail "no usage without K"
script_expect 2 scripts/crossval.sh configs/iris.yaml 5 --jobs 0
script_expect 2 scripts/crossval.sh configs/nope.yaml 5
script_expect 2 scripts/crossval.sh configs/iris.yaml 5 --out "$TMP/cv" -- --set optimizer.lrr=0.1
grep -q "lrr" "$TMP/err" || fail "a failing fold's error is not shown: $(cat "$TMP/err")"
grep -q "fold 0 of 5 failed" "$TMP/err" || fail "the failing fold is not named: $(cat "$TMP/err")"
[ ! -e "$TMP/cv/cv.csv" ] && [ ! -e "$TMP/cv/cv.json" ] || fail "a failed run left cv.csv or cv.json behind"
# More folds than samples (XOR has 4) leaves a fold without validation data: refused.
script_expect 2 scripts/crossval.sh configs/xor.yaml 5 --out "$TMP/xor"
grep -q "kfold" "$TMP/err" || fail "k > samples: $(cat "$TMP/err")"
