# A full disk while writing a checkpoint: a clear message, exit 1, the previous checkpoint and
# model.bin intact, no temporary file left. The file-size limit (ulimit -f) makes the write fail
# as a full disk would, without needing a mount.
source "$(dirname "$0")/lib.sh"

# About 60 KB of weights, so a checkpoint (weights + Adam's two moments) is far above the limit
# below while metrics.csv, config.yaml and summary.json stay under it.
sets=(--set model.layers.0.units=2048 --set 'training.checkpoint={every: 1, keep_last: 3}' --quiet)
run_expect 0 train configs/iris.yaml --out "$TMP/run" --set training.epochs=1 "${sets[@]}"
cp "$TMP/run/model.bin" "$TMP/model-before.bin"
cp "$TMP/run/checkpoints/epoch-0001.bin" "$TMP/checkpoint-before.bin"

code=0
(
  trap '' XFSZ  # a write past the limit fails with EFBIG instead of killing the process
  ulimit -f 64   # KB
  exec "$NETTRAIN" train configs/iris.yaml --out "$TMP/run" --set training.epochs=3 "${sets[@]}" \
    --resume "$TMP/run/checkpoints/epoch-0001.bin"
) >"$TMP/out" 2>"$TMP/err" || code=$?
[ "$code" -eq 1 ] || fail "exit $code, expected 1; stderr: $(cat "$TMP/err")"
expect_err "error: cannot write $TMP/run/checkpoints/epoch-0002.bin: file too large: the file size limit (ulimit -f) is 65536 bytes"
cmp -s "$TMP/run/model.bin" "$TMP/model-before.bin" || fail "model.bin changed"
cmp -s "$TMP/run/checkpoints/epoch-0001.bin" "$TMP/checkpoint-before.bin" || fail "the previous checkpoint changed"
leftovers=$(find "$TMP/run" -name '*.tmp.*')
[ -z "$leftovers" ] || fail "temporary files left behind: $leftovers"

# With room again, the run resumes from the intact checkpoint.
run_expect 0 train configs/iris.yaml --out "$TMP/run" --set training.epochs=3 "${sets[@]}" \
  --resume "$TMP/run/checkpoints/epoch-0001.bin"
echo "full disk: ok"
