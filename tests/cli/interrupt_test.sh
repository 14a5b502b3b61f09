# SIGINT/SIGTERM: the run finishes its batch, saves a checkpoint and model.bin, says how to resume,
# exits 130; resuming ends with the same model as a run never interrupted.
source "$(dirname "$0")/lib.sh"

# Many small batches, so the signal most likely lands in the middle of an epoch.
cat >"$TMP/slow.yaml" <<'YAML'
seed: 3
data: {format: csv, train: data/iris.csv, target: species, task: classification, validation_split: 0.2,
       normalize: zscore}
model:
  input_shape: [4]
  layers:
    - {type: dense, units: 1024, activation: relu}
    - {type: dropout, rate: 0.2}
    - {type: dense, units: 1024, activation: relu}
    - {type: dense, units: 3, activation: softmax}
loss: categorical_crossentropy
optimizer: {type: adam, lr: 0.001}
training: {batch_size: 1, epochs: 20}
YAML
# Dropout only when the layer exists in this tree; the run must still be interruptible without it.
"$NETTRAIN" summary "$TMP/slow.yaml" >/dev/null 2>&1 || sed -i '/dropout/d' "$TMP/slow.yaml"

# interrupt SIGNAL DIR: starts training into DIR, sends SIGNAL once epoch 1 is logged, and
# leaves the exit code in $code.
interrupt() {
  "$NETTRAIN" train "$TMP/slow.yaml" --out "$2" --set 'training.checkpoint={every: 5}' >"$TMP/out" 2>"$TMP/err" &
  local pid=$! waited=0
  until [ -s "$2/metrics.csv" ] && [ "$(wc -l <"$2/metrics.csv")" -ge 2 ]; do
    sleep 0.05
    waited=$((waited + 1))
    [ "$waited" -lt 1200 ] || { kill -KILL "$pid"; fail "no epoch logged within a minute"; }
  done
  kill "-$1" "$pid"
  code=0
  wait "$pid" || code=$?
}

interrupt INT "$TMP/int"
[ "$code" -eq 130 ] || fail "SIGINT: exit $code, expected 130; stderr: $(cat "$TMP/err")"
expect_err "resume with:"
[ -s "$TMP/int/checkpoints/interrupted.bin" ] || fail "no checkpoint after SIGINT"
[ -s "$TMP/int/model.bin" ] || fail "no model.bin after SIGINT"
grep -q '"interrupted": true' "$TMP/int/summary.json" || fail "summary.json should say interrupted"

# The printed command resumes the run; it ends as a run never interrupted.
command=$(sed -n '/^resume with:/{n;p}' "$TMP/err")
case "$command" in "  nettrain train "*) ;; *) fail "resume command: '$command'" ;; esac
eval "set -- ${command#  nettrain }"
run_expect 0 "$@" --quiet
run_expect 0 train "$TMP/slow.yaml" --out "$TMP/straight" --quiet
cmp -s "$TMP/int/model.bin" "$TMP/straight/model.bin" || fail "interrupted and resumed run differs from a straight run"
[ "$(cut -d, -f1-6 "$TMP/int/metrics.csv")" = "$(cut -d, -f1-6 "$TMP/straight/metrics.csv")" ] ||
  fail "metrics.csv of the resumed run differs"

interrupt TERM "$TMP/term"
[ "$code" -eq 130 ] || fail "SIGTERM: exit $code, expected 130; stderr: $(cat "$TMP/err")"
[ -s "$TMP/term/checkpoints/interrupted.bin" ] || fail "no checkpoint after SIGTERM"
echo "interrupt: ok"
