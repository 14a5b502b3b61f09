# scripts/random_search.sh: a 10-trial search on Iris with a refining round, k-fold scoring,
# and its refusals of bad spaces and options.
source "$(dirname "$0")/lib.sh"

script_expect 0 scripts/random_search.sh configs/iris.yaml configs/iris_search.yaml --trials 10 --seed 4 \
  --refine 4 --top 3 --jobs 2 --out "$TMP/search" -- --set training.epochs=4
csv=$TMP/search/results.csv
head -1 "$csv" | grep -qx "rank,trial,round,val_loss,val_accuracy,best_epoch,status,optimizer.lr,model.layers.0.units,training.batch_size,regularization.l2" ||
  fail "results.csv header: $(head -1 "$csv")"
[ "$(wc -l <"$csv")" -eq 15 ] || fail "results.csv should rank 14 trials"
for n in 001 010 014; do [ -s "$TMP/search/trial-$n/summary.json" ] || fail "trial-$n is not a run directory"; done
# Ranked best first: val_loss never decreases down the table, and rank 1 is the smallest.
awk -F, 'NR > 2 && $4 < prev { exit 1 } NR > 1 { prev = $4 }' "$csv" || fail "results.csv is not ranked by val_loss"
best=$(csv_field "$csv" 1 trial)
check "$(csv_field "$csv" 1 val_loss)" == "$(json_field "$TMP/search/$best/summary.json" val_loss)"
expect_out "the 5 best of 14 trials"
expect_out "$best"
check "$(csv_field "$csv" 1 val_accuracy)" == "$(json_field "$TMP/search/$best/summary.json" val_accuracy)"
check "$(csv_field "$csv" 1 best_epoch)" == "$(json_field "$TMP/search/$best/summary.json" best_epoch)"
[ "$(grep -c '^[0-9]  *trial-' "$TMP/out")" -eq 5 ] || fail "stdout should show the 5 best trials: $(cat "$TMP/out")"
expect_out "the space narrowed around the 3 best of round 1"
expect_out "optimizer.lr: {log_uniform: "
[ "$(wc -c <"$TMP/search/curves.png")" -gt 10000 ] || fail "no curves.png of the trials"
# A trial's overrides are in its resolved config.
lr=$(awk -F, '$2 == "trial-002" { print $8 }' "$csv")
grep -q "lr: $lr" "$TMP/search/trial-002/config.yaml" || fail "trial-002's config lacks lr $lr"
# Round 2 draws from the space narrowed around the best three: a subset of every range.
[ "$(awk -F, '$3 == 2' "$csv" | wc -l)" -eq 4 ] || fail "round 2 should hold 4 trials"
grep -q "^optimizer.lr: {log_uniform: " "$TMP/search/space-round2.yaml" || fail "no narrowed space"
# The same seed draws the same trials.
"$NETTRAIN" search configs/iris_search.yaml --trials 10 --seed 4 | cmp -s - <(head -10 "$TMP/search/trials.tsv") ||
  fail "trials.tsv differs from nettrain search with the same seed"

# Scored by 3-fold cross-validation, ranked by accuracy.
script_expect 0 scripts/random_search.sh configs/iris.yaml configs/iris_search.yaml --trials 2 --kfold 3 \
  --metric val_accuracy --out "$TMP/cv" -- --set training.epochs=3
[ -s "$TMP/cv/trial-002/cv.csv" ] && [ -s "$TMP/cv/trial-002/fold-2/metrics.csv" ] || fail "trial-002 is no CV directory"
check "$(csv_field "$TMP/cv/results.csv" 1 val_accuracy)" '>=' "$(csv_field "$TMP/cv/results.csv" 2 val_accuracy)"

# Bad spaces are refused before any training (exit 2, file and line named).
printf 'optimizer.lr: {log_uniform: [0, 0.1]}\n' >"$TMP/zero.yaml"
printf 'optimizer.lr: {uniform: [0.1, 0.01]}\n' >"$TMP/reversed.yaml"
printf 'training.batch_size: {choice: []}\n' >"$TMP/empty.yaml"
printf 'optimizer.lr: {gauss: [0, 1]}\n' >"$TMP/unknown.yaml"
for space in zero reversed empty unknown; do
  script_expect 2 scripts/random_search.sh configs/iris.yaml "$TMP/$space.yaml" --out "$TMP/bad-$space"
  expect_err "$TMP/$space.yaml:1:"
  [ -z "$(ls "$TMP/bad-$space" | grep trial-)" ] || fail "$space.yaml: trials ran"
done
# A key the config does not know fails the first trial with nettrain's own message; no other runs.
printf 'optimizer.lr: {uniform: [0.01, 0.1]}\noptimizer.momentun: {uniform: [0.5, 0.9]}\n' >"$TMP/typo.yaml"
script_expect 2 scripts/random_search.sh configs/iris.yaml "$TMP/typo.yaml" --out "$TMP/typo"
expect_err "momentun"
[ ! -e "$TMP/typo/trial-002" ] || fail "trials ran after the first was refused"
[ ! -e "$TMP/typo/results.csv" ] || fail "a refused search wrote results.csv"
# Bad options.
script_expect 2 scripts/random_search.sh configs/iris.yaml configs/iris_search.yaml --trials 0
script_expect 2 scripts/random_search.sh configs/iris.yaml configs/iris_search.yaml --metric accuracy
script_expect 2 scripts/random_search.sh configs/iris.yaml configs/iris_search.yaml --kfold 1
script_expect 2 scripts/random_search.sh configs/iris.yaml
grep -q "usage:" "$TMP/err" || fail "no usage without SPACE"
# No validation data to rank by.
script_expect 2 scripts/random_search.sh configs/iris.yaml configs/iris_search.yaml --trials 2 --out "$TMP/noval" \
  -- --set data.validation_split=0 --set training.epochs=1
expect_err "no val_loss"
