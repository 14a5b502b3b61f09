# A loss that becomes NaN or infinite stops the run with exit 1, naming the epoch and batch, and
# leaves the files written before it intact.
source "$(dirname "$0")/lib.sh"

# A good run first, whose model.bin must survive the diverging run in the same directory.
run_expect 0 train configs/iris.yaml --out "$TMP/run" --set training.epochs=2 --quiet
cp "$TMP/run/model.bin" "$TMP/good-model.bin"

# Epoch 1 trains at lr 0.01; from epoch 2 the rate is 1e30 and the weights blow up.
run_expect 1 train configs/iris.yaml --out "$TMP/run" --set training.epochs=5 \
  --set 'lr_schedule={type: exponential, gamma: 1.0e32}' --set 'training.checkpoint={every: 1}'
expect_err "training diverged"
grep -qE "the loss became (nan|inf|-nan|-inf) at epoch 2, batch [0-9]+" "$TMP/err" ||
  fail "the message should name the epoch and batch: $(cat "$TMP/err")"
cmp -s "$TMP/run/model.bin" "$TMP/good-model.bin" || fail "the diverged run changed model.bin"
[ "$(wc -l <"$TMP/run/metrics.csv")" -eq 2 ] || fail "metrics.csv should keep epoch 1's row"
[ ! -e "$TMP/run/checkpoints/epoch-0002.bin" ] || fail "a checkpoint of the diverged epoch was written"
ls "$TMP/run" "$TMP/run/checkpoints" | grep -q '\.tmp\.' && fail "a temporary file was left behind"

# The last good checkpoint is intact: training resumes from it with a sane schedule.
run_expect 0 train configs/iris.yaml --out "$TMP/run" --set training.epochs=3 \
  --resume "$TMP/run/checkpoints/epoch-0001.bin" --quiet
[ "$(wc -l <"$TMP/run/metrics.csv")" -eq 4 ] || fail "resumed run should have 3 rows"
echo "divergence: ok"
