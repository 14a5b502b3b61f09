# A loss that becomes NaN or infinite stops the run with exit 1, naming the epoch and batch, and
# leaves the files written before it intact.
source "$(dirname "$0")/lib.sh"

# Epoch 1 trains normally and is checkpointed; resumed with lr 1e30, the weights blow up in epoch 2.
run_expect 0 train configs/iris.yaml --out "$TMP/run" --set training.epochs=1 --set 'training.checkpoint={every: 1}' --quiet
cp "$TMP/run/model.bin" "$TMP/good-model.bin"
cp "$TMP/run/checkpoints/epoch-0001.bin" "$TMP/good-checkpoint.bin"
run_expect 1 train configs/iris.yaml --out "$TMP/run" --set training.epochs=5 --set optimizer.lr=1.0e30 \
  --set 'training.checkpoint={every: 1}' --resume "$TMP/run/checkpoints/epoch-0001.bin"
expect_err "training diverged"
grep -qE "the loss became (nan|inf|-nan|-inf) at epoch 2, batch [0-9]+" "$TMP/err" ||
  fail "the message should name the epoch and batch: $(cat "$TMP/err")"
cmp -s "$TMP/run/model.bin" "$TMP/good-model.bin" || fail "the diverged run changed model.bin"
cmp -s "$TMP/run/checkpoints/epoch-0001.bin" "$TMP/good-checkpoint.bin" || fail "the diverged run changed the checkpoint"
[ "$(wc -l <"$TMP/run/metrics.csv")" -eq 2 ] || fail "metrics.csv should keep epoch 1's row only"
[ ! -e "$TMP/run/checkpoints/epoch-0002.bin" ] || fail "a checkpoint of the diverged epoch was written"
! ls "$TMP/run" "$TMP/run/checkpoints" | grep -q '\.tmp\.' || fail "a temporary file was left behind"

# The last good checkpoint is intact: training resumes from it with a sane rate.
run_expect 0 train configs/iris.yaml --out "$TMP/run" --set training.epochs=3 \
  --resume "$TMP/run/checkpoints/epoch-0001.bin" --quiet
[ "$(wc -l <"$TMP/run/metrics.csv")" -eq 4 ] || fail "resumed run should have 3 rows"
echo "divergence: ok"
