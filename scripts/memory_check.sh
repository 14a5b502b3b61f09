#!/usr/bin/env bash
# Long runs hold steady: trains for 51 epochs and checks that the resident memory (VmRSS) after
# epoch 5 and after epoch 50 (each the lowest of it and the two epochs before) differ by less than 5%, i.e. nothing leaks and no per-epoch history
# grows without bound. RSS is sampled from /proc while metrics.csv gains its rows; the 51st epoch
# keeps the process alive while the 50th is measured. Prints the figures (RssAnon, the heap part
# of RSS, for information); exit 1 on a difference.
# Usage: scripts/memory_check.sh [NETTRAIN]   (default build/nettrain)
set -euo pipefail
cd "$(dirname "$0")/.."
nettrain=${1:-build/nettrain}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Every feature of a real run that keeps state across epochs: validation, checkpoints (rotated),
# early stopping with best weights, a schedule, dropout.
cat >"$tmp/long.yaml" <<'YAML'
seed: 7
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
optimizer: {type: adam, lr: 0.0005}
lr_schedule: {type: cosine, t_max: 51}
training:
  batch_size: 1   # about 0.3 s per epoch: slow enough to sample every epoch
  epochs: 51
  early_stopping: {monitor: val_loss, patience: 100, restore_best: true}
  checkpoint: {every: 1, keep_last: 2, keep_best: true}
YAML

"$nettrain" train "$tmp/long.yaml" --out "$tmp/run" --quiet &
pid=$!
# Per epoch N, the lowest RSS seen while epoch N+1 runs: the memory kept after epoch N. Single
# samples would swing by megabytes with the checkpoint being serialized at that instant.
declare -A rss anon
while kill -0 "$pid" 2>/dev/null; do
  epochs=0
  [ ! -f "$tmp/run/metrics.csv" ] || epochs=$(($(wc -l <"$tmp/run/metrics.csv") - 1))
  if [ "$epochs" -ge 1 ] && [ "$epochs" -le 50 ]; then
    read -r now now_anon < <(awk '/^VmRSS:/ { r = $2 } /^RssAnon:/ { a = $2 } END { print r, a }' \
      "/proc/$pid/status" 2>/dev/null || true)
    if [ -n "${now:-}" ] && { [ -z "${rss[$epochs]:-}" ] || [ "$now" -lt "${rss[$epochs]}" ]; }; then
      rss[$epochs]=$now
      anon[$epochs]=$now_anon
    fi
  fi
  sleep 0.02
done
wait "$pid" || { echo "error: the training run failed" >&2; exit 1; }

for e in 3 4 5 48 49 50; do
  [ -n "${rss[$e]:-}" ] || { echo "error: no RSS sample after epoch $e (epochs too fast to sample?)" >&2; exit 1; }
done
for e in ${MEMORY_CHECK_EPOCHS:-1 5 10 25 50}; do
  echo "after epoch $e: VmRSS ${rss[$e]:-?} kB (RssAnon ${anon[$e]:-?} kB)"
done
# On a loaded machine an epoch can pass with only a few samples, all taken while a checkpoint is
# being serialized; the lowest of three epochs is the steady figure.
floor() { printf '%s\n' "${rss[$1]}" "${rss[$(($1 - 1))]}" "${rss[$(($1 - 2))]}" | sort -n | head -1; }
awk -v a="$(floor 5)" -v b="$(floor 50)" 'BEGIN {
  d = (b - a) / a * 100
  printf "VmRSS after epochs 3-5: %d kB, after epochs 48-50: %d kB: %+.2f%%\n", a, b, d
  if (d >= 5 || d <= -5) { print "FAIL: RSS changed by 5% or more" > "/dev/stderr"; exit 1 }
}'
