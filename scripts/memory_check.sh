#!/usr/bin/env bash
# Long runs hold steady: trains for 51 epochs and checks that the resident memory (VmRSS) after
# epoch 5 and after epoch 50 differ by less than 5%, i.e. nothing leaks and no per-epoch history
# grows without bound. RSS is sampled from /proc while metrics.csv gains its rows; the 51st epoch
# keeps the process alive while the 50th is measured. Prints the figures; exit 1 on a difference.
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
    - {type: dense, units: 256, activation: relu}
    - {type: dropout, rate: 0.2}
    - {type: dense, units: 256, activation: relu}
    - {type: dense, units: 3, activation: softmax}
loss: categorical_crossentropy
optimizer: {type: adam, lr: 0.0005}
lr_schedule: {type: cosine, t_max: 51}
training:
  batch_size: 4
  epochs: 51
  early_stopping: {monitor: val_loss, patience: 100, restore_best: true}
  checkpoint: {every: 1, keep_last: 2, keep_best: true}
YAML

"$nettrain" train "$tmp/long.yaml" --out "$tmp/run" --quiet &
pid=$!
declare -A rss
rows=0
while kill -0 "$pid" 2>/dev/null; do
  epochs=$(($(wc -l <"$tmp/run/metrics.csv" 2>/dev/null || echo 1) - 1))
  if [ "$epochs" -gt "$rows" ] && [ "$epochs" -le 50 ]; then
    rows=$epochs
    rss[$rows]=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
  fi
  sleep 0.02
done
wait "$pid" || { echo "error: the training run failed" >&2; exit 1; }

for e in 5 50; do
  [ -n "${rss[$e]:-}" ] || { echo "error: no RSS sample after epoch $e (epochs too fast to sample?)" >&2; exit 1; }
done
echo "VmRSS after epoch 1: ${rss[1]:-?} kB, 5: ${rss[5]} kB, 10: ${rss[10]:-?} kB, 25: ${rss[25]:-?} kB, 50: ${rss[50]} kB"
awk -v a="${rss[5]}" -v b="${rss[50]}" 'BEGIN {
  d = (b - a) / a * 100
  printf "epoch 5 -> 50: %+.2f%%\n", d
  if (d >= 5 || d <= -5) { print "FAIL: RSS changed by 5% or more" > "/dev/stderr"; exit 1 }
}'
