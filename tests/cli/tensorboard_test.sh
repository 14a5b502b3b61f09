# TensorBoard logs (output.tensorboard, issue #16): the event file is read back with
# python3-protobuf and an independent CRC-32C (read_tfevents.py), and every scalar is compared
# with metrics.csv and batch_metrics.csv, every histogram with the weights `inspect` prints; a
# resumed run (after a crash that tore the last record) continues the file without a duplicate
# step; bad settings get exit 2.
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
command -v protoc >/dev/null || fail "protoc is missing (protobuf-compiler; scripts/install_deps.sh installs it)"
CHECKPOINTS='training.checkpoint={every: 1, keep_last: 5, keep_best: false}'
TB=(--set output.tensorboard=true --set output.tensorboard_every=3 --set training.log_every=3)

# check_run DIR: the events of DIR against its metrics.csv, batch_metrics.csv and model.bin.
check_run() {
  local files=("$1"/events.out.tfevents.*)
  [ ${#files[@]} -eq 1 ] || fail "$1: expected one event file, found: ${files[*]}"
  [[ "$(basename "${files[0]}")" =~ ^events\.out\.tfevents\.[0-9]+\.[^.].*$ ]] || fail "event file name ${files[0]}"
  "$PY" tests/cli/read_tfevents.py "${files[0]}" lib "$TMP" >"$TMP/events.jsonl" || fail "$1: event file unreadable"
  run_expect 0 inspect "$1/model.bin" --format json
  "$PY" - "$TMP/events.jsonl" "$1/metrics.csv" "$1/batch_metrics.csv" "$TMP/out" <<'PY' || fail "$1: events differ, see above"
import csv, json, sys
import numpy as np
events = [json.loads(line) for line in open(sys.argv[1])]
assert events[0].get("file_version") == "brain.Event:2", events[0]
f32 = lambda x: float(np.float32(x))
scalars, histograms = {}, {}
for e in events[1:]:
    table, (tag, value) = (scalars, e["scalar"]) if "scalar" in e else (histograms, e["histogram"])
    key = (tag, e["step"])
    assert key not in table, f"step {e['step']} of {tag} written twice"
    table[key] = value
rows = list(csv.DictReader(open(sys.argv[2])))
columns = {"loss/train": "train_loss", "loss/val": "val_loss", "accuracy/train": "train_accuracy",
           "accuracy/val": "val_accuracy", "mae/train": "train_mae", "mae/val": "val_mae", "lr": "lr",
           "penalty/train": "train_penalty"}
want = {}
for row in rows:
    for tag, column in columns.items():
        if row.get(column):
            want[(tag, int(row["epoch"]))] = f32(row[column])
for row in csv.DictReader(open(sys.argv[3])):
    for column in ("loss", "accuracy", "mae"):
        if row.get("train_" + column):
            want[("batch/" + column, int(row["step"]))] = f32(row["train_" + column])
assert scalars == want, (sorted(set(scalars.items()) ^ set(want.items())))[:6]
# The last epoch's histograms hold the weights model.bin has.
last = len(rows)
for layer in json.load(open(sys.argv[4]))["layers"]:
    for p in layer["parameters"]:
        values = np.array(p["values"], dtype=np.float32).astype(np.float64).ravel()
        h = histograms[(f"{layer['name']}/{p['name']}", last)]
        assert (h["min"], h["max"], h["num"]) == (values.min(), values.max(), values.size), (p["name"], h)
        assert abs(h["sum"] - values.sum()) <= 1e-9 * max(1.0, abs(values).sum()), (h["sum"], values.sum())
        assert sum(h["bucket"]) == values.size and h["bucket_limit"][-1] == values.max(), h
        assert h["bucket_limit"] == sorted(h["bucket_limit"]), h
        edges = [h["min"]] + h["bucket_limit"]
        counted = [int(((values > lo) | ((i == 0) & (values == lo))) .__and__(values <= hi).sum())
                   for i, (lo, hi) in enumerate(zip(edges, edges[1:]))]
        assert max(abs(a - b) for a, b in zip(counted, h["bucket"])) <= 1, (counted, h["bucket"])
    assert all((f"{layer['name']}/{p['name']}", epoch) in histograms
               for p in layer["parameters"] for epoch in range(1, last + 1))
PY
}

# A classification run with validation, a penalty, batch events every 3 batches.
run_expect 0 train configs/iris.yaml --out "$TMP/iris" --set training.epochs=5 --set regularization.l2=0.001 \
  --set "$CHECKPOINTS" "${TB[@]}" --quiet
check_run "$TMP/iris"
grep -q "tensorboard: true" "$TMP/iris/config.yaml" || fail "resolved config.yaml lacks output.tensorboard"
run_expect 0 train "$TMP/iris/config.yaml" --out "$TMP/iris-again" --quiet
check_run "$TMP/iris-again"

# A crash after epoch 4 that tore the last record: resuming from epoch 2 drops epochs 3 and 4 and
# the torn bytes, then writes them again; the file then matches the run's metrics exactly, and
# its scalars are the uninterrupted run's.
events=("$TMP/iris"/events.out.tfevents.*)
cp "${events[0]}" "$TMP/straight.events"
truncate -s -5 "${events[0]}"
run_expect 0 train configs/iris.yaml --out "$TMP/iris" --set training.epochs=5 --set regularization.l2=0.001 \
  --set "$CHECKPOINTS" "${TB[@]}" --resume "$TMP/iris/checkpoints/epoch-0002.bin" --quiet
check_run "$TMP/iris"
"$PY" tests/cli/read_tfevents.py "$TMP/straight.events" lib "$TMP" >"$TMP/straight.jsonl"
"$PY" tests/cli/read_tfevents.py "${events[0]}" lib "$TMP" >"$TMP/resumed.jsonl"
"$PY" - "$TMP/straight.jsonl" "$TMP/resumed.jsonl" <<'PY' || fail "resumed events differ from the uninterrupted run's"
import json, sys
strip = lambda path: [{k: v for k, v in json.loads(line).items() if k != "wall_time"} for line in open(path)]
a, b = strip(sys.argv[1]), strip(sys.argv[2])
assert a == b, [x for x in zip(a, b) if x[0] != x[1]][:2]
PY

# A fresh run into the same directory replaces the earlier run's file.
run_expect 0 train configs/iris.yaml --out "$TMP/iris" --set training.epochs=2 "${TB[@]}" --quiet
check_run "$TMP/iris"

# Regression: mae/... instead of accuracy/...; output.tensorboard_every follows training.log_every.
run_expect 0 train configs/linear_regression.yaml --out "$TMP/linear" --set training.epochs=3 \
  --set output.tensorboard=true --set training.log_every=10 --quiet
check_run "$TMP/linear"
grep -q "mae/train" "$TMP/events.jsonl" || fail "regression run has no mae/train"

# Bad settings.
run_expect 2 train configs/iris.yaml --out "$TMP/bad" --set output.tensorboard_every=0
expect_err "tensorboard_every"
run_expect 2 train configs/iris.yaml --out "$TMP/bad" --set output.tensorboard=maybe
expect_err "tensorboard"
run_expect 2 train configs/iris.yaml --out "$TMP/bad" --set output.tensorbord=true
expect_err "tensorbord"
echo "tensorboard: ok"
