# kill -9 at seeded random moments, five times in a row: each time the run directory keeps a
# checkpoint the next run resumes from (it would exit 2 on a damaged one), and the run that finally
# finishes ends with the same model.bin, bit for bit, as a run never killed.
source "$(dirname "$0")/lib.sh"

# Wide layers and batch 1 make each epoch take a noticeable fraction of a second, so kills land
# in the middle of epochs and of checkpoint writes, not only between runs.
cat >"$TMP/slow.yaml" <<'YAML'
seed: 5
data: {format: csv, train: data/iris.csv, target: species, task: classification, validation_split: 0.2,
       normalize: zscore}
model:
  input_shape: [4]
  layers:
    - {type: dense, units: 1024, activation: relu}
    - {type: dense, units: 1024, activation: relu}
    - {type: dense, units: 3, activation: softmax}
loss: categorical_crossentropy
optimizer: {type: adam, lr: 0.001}
training: {batch_size: 1, epochs: 30, checkpoint: {every: 1, keep_last: 2}}
YAML

# The newest epoch-NNNN.bin in DIR's checkpoints, or nothing before the first one is written.
latest_checkpoint() {
  local files=("$1"/checkpoints/epoch-*.bin)  # sorted by the glob; the pattern itself when none match
  if [ -e "${files[0]}" ]; then echo "${files[-1]}"; fi
}

# train_into DIR: a fresh run, or a resumed one once DIR holds a checkpoint; in the background.
train_into() {
  local resume=() latest
  latest=$(latest_checkpoint "$1")
  [ -z "$latest" ] || resume=(--resume "$latest")
  "$NETTRAIN" train "$TMP/slow.yaml" --out "$1" --quiet "${resume[@]}" 2>"$TMP/err" &
  pid=$!
}

RANDOM=20240611  # seeded: the same delays on every run of the test
for kill in 1 2 3 4 5; do
  train_into "$TMP/killed"
  # 0.3 to 2.8 s: from before the first checkpoint (an epoch takes about 0.3 s) to several epochs in.
  delay=$(awk -v r=$RANDOM 'BEGIN { printf "%.2f", 0.3 + 2.5 * r / 32767 }')
  sleep "$delay"
  kill -KILL "$pid" 2>/dev/null || true
  code=0
  wait "$pid" || code=$?
  # 137 = killed; 0 = it finished before the kill. Anything else means it refused the checkpoint.
  [ "$code" -eq 137 ] || [ "$code" -eq 0 ] || fail "run $kill exited $code: $(cat "$TMP/err")"
  echo "kill $kill after ${delay}s: exit $code, latest checkpoint $(basename "$(latest_checkpoint "$TMP/killed")")"
  if [ -e "$TMP/killed/model.bin" ]; then
    "$NETTRAIN" summary "$TMP/killed/model.bin" >/dev/null 2>"$TMP/err" || fail "model.bin unreadable after kill $kill: $(cat "$TMP/err")"
  fi
done

# Finish from whatever the last kill left, and compare with a run never killed.
train_into "$TMP/killed"
wait "$pid" || fail "the final resumed run failed: $(cat "$TMP/err")"
run_expect 0 train "$TMP/slow.yaml" --out "$TMP/straight" --quiet
cmp -s "$TMP/killed/model.bin" "$TMP/straight/model.bin" || fail "the killed and resumed run ends with another model"
echo "kill -9: ok"
