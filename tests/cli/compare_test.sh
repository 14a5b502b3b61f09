# scripts/compare.sh (issue #21): runs of one config differing in one setting, or in the
# combinations of several; the table, results.csv and the curves; its refusals.
source "$(dirname "$0")/lib.sh"

script_expect 0 scripts/compare.sh configs/iris.yaml --vary 'optimizer={type: sgd, lr: 0.1},{type: sgd, lr: 0.1, momentum: 0.9},adam' \
  --jobs 2 --out "$TMP/opt" -- --set training.epochs=3
csv=$TMP/opt/results.csv
head -1 "$csv" | grep -qx "run,train_loss,train_accuracy,val_loss,val_accuracy,best_epoch,seconds" || fail "header: $(head -1 "$csv")"
[ "$(cut -d, -f1 "$csv" | tail -n +2 | paste -sd' ')" = "type=sgd_lr=0.1 type=sgd_lr=0.1_momentum=0.9 adam" ] ||
  fail "runs: $(cut -d, -f1 "$csv")"
grep -q "momentum: 0.9" "$TMP/opt/type=sgd_lr=0.1_momentum=0.9/config.yaml" || fail "the momentum run has no momentum"
check "$(csv_field "$csv" 3 val_loss)" == "$(json_field "$TMP/opt/adam/summary.json" val_loss)"
[ "$(wc -c <"$TMP/opt/curves.png")" -gt 10000 ] || fail "no curves.png"
expect_out "type=sgd_lr=0.1_momentum=0.9"

# Two varies: every combination; a '+' key sets several keys to one value.
script_expect 0 scripts/compare.sh configs/xor.yaml --vary 'model.layers.0.units=4,8' \
  --vary 'model.layers.0.weights+model.layers.1.weights={init: he_normal},{init: random_normal, stddev: 0.01}' \
  --out "$TMP/grid" -- --set training.epochs=2
[ "$(($(wc -l <"$TMP/grid/results.csv") - 1))" -eq 4 ] || fail "2 x 2 varies should make 4 runs"
grep -q "init: he_normal" "$TMP/grid/4+init=he_normal/config.yaml" || fail "the first layer's weights are not he_normal"
[ "$(grep -c "init: he_normal" "$TMP/grid/4+init=he_normal/config.yaml")" -eq 2 ] || fail "a '+' key set only one layer"

# Refusals: exit 2 with the reason.
script_expect 2 scripts/compare.sh configs/iris.yaml
grep -q "nothing to compare" "$TMP/err" || fail "no --vary: $(cat "$TMP/err")"
script_expect 2 scripts/compare.sh configs/iris.yaml --vary optimizer
script_expect 2 scripts/compare.sh configs/iris.yaml --vary 'optimizer=adam,,sgd'
grep -q "empty value" "$TMP/err" || fail "empty value: $(cat "$TMP/err")"
script_expect 2 scripts/compare.sh configs/iris.yaml --vary 'optimizer=adam,adam'
grep -q "same run name" "$TMP/err" || fail "duplicate: $(cat "$TMP/err")"
script_expect 2 scripts/compare.sh configs/iris.yaml --vary "seed=$(seq -s, 1 21)" --out "$TMP/many"
grep -q "at most 20" "$TMP/err" || fail "21 runs: $(cat "$TMP/err")"
script_expect 2 scripts/compare.sh configs/iris.yaml --vary 'optimizer.lrr=0.1,0.2' --out "$TMP/typo"
grep -q "lrr" "$TMP/err" || fail "a failing run's error is not shown: $(cat "$TMP/err")"
[ ! -e "$TMP/typo/results.csv" ] || fail "a failed comparison wrote results.csv"
script_expect 2 scripts/compare.sh configs/nope.yaml --vary seed=1,2
script_expect 2 scripts/compare.sh configs/iris.yaml --vary seed=1,2 --jobs 0
echo "compare: ok"
