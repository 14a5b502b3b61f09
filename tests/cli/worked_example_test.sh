# The textbook 2-2-2 network: nettrain's loss before and after the first SGD update equals the
# independent numpy computation of tests/reference/worked_example.py:
#   loss_before 0.298371108760, loss_after 0.291027773694
source "$(dirname "$0")/lib.sh"

run_expect 0 train configs/worked_example.yaml --out "$TMP/run" --quiet
before=$(csv_field "$TMP/run/metrics.csv" 1 train_loss)
awk -v v="$before" 'BEGIN { d = v - 0.298371108760; exit !(d < 1e-6 && d > -1e-6) }' ||
  fail "loss before the update is $before, numpy says 0.298371108760"

run_expect 0 eval "$TMP/run/model.bin" --config configs/worked_example.yaml --split train --format json
after=$(json_field "$TMP/out" loss)
awk -v v="$after" 'BEGIN { d = v - 0.291027773694; exit !(d < 1e-6 && d > -1e-6) }' ||
  fail "loss after the update is $after, numpy says 0.291027773694"
echo "worked example: before $before, after $after"
