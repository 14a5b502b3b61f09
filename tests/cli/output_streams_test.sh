# Output streams (issue #20, class 1). A result on stdout that cannot be written (a full
# device, a closed descriptor) fails the command: exit 1 and `error: cannot write the result to
# standard output: REASON`; a reader that went away (`| head -1`) ends it quietly with 141.
# Progress and log lines on stderr are best effort: training on a full or closed stderr goes on
# and writes every file, exit 0. The scripts fail when nettrain could not write their input.
source "$(dirname "$0")/lib.sh"

# closed_pipe FD: opens FD as the write end of a pipe that has no reader, deterministically (a
# `| head` may or may not have exited by the time of a write): the FIFO is held open for
# reading and writing on fd 8 while FD opens its write end, then fd 8 is closed.
closed_pipe() {
  rm -f "$TMP/fifo"
  mkfifo "$TMP/fifo"
  exec 8<>"$TMP/fifo"
  eval "exec $1>\"\$TMP/fifo\""
  exec 8<&-
}

# expect_run_dir DIR EPOCHS: a complete run directory with one metrics row per epoch, every row
# numbers only (no progress line landed in it).
expect_run_dir() {
  local f
  for f in model.bin metrics.csv summary.json config.yaml; do [ -s "$1/$f" ] || fail "$1/$f missing or empty"; done
  [ "$(wc -l <"$1/metrics.csv")" -eq $(($2 + 1)) ] || fail "$1/metrics.csv: $(cat "$1/metrics.csv")"
  ! tail -n +2 "$1/metrics.csv" | grep -q '[^0-9.,e+-]' || fail "$1/metrics.csv holds text: $(cat "$1/metrics.csv")"
  grep -q "\"epochs_run\": $2" "$1/summary.json" || fail "$1/summary.json: $(cat "$1/summary.json")"
}

# full_stdout CODE ARGS...: nettrain ARGS with stdout on /dev/full exits CODE (stderr in $TMP/err).
full_stdout() {
  local want=$1 got=0
  shift
  "$NETTRAIN" "$@" >/dev/full 2>"$TMP/err" || got=$?
  [ "$got" -eq "$want" ] || fail "nettrain $* >/dev/full exited $got, expected $want; stderr: $(cat "$TMP/err")"
}
full_result() {
  full_stdout 1 "$@"
  expect_err "error: cannot write the result to standard output: No space left on device"
}

run_expect 0 train configs/iris.yaml --out "$TMP/iris" --set training.epochs=2 --quiet
model=$TMP/iris/model.bin
printf 'sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n' >"$TMP/two.csv"
# 3000 rows: about 200 KB of text output, more than stdio's buffer and a pipe's together.
awk 'BEGIN { print "a,b,c,d"; for (i = 0; i < 3000; i++) printf "%.1f,%.1f,%.1f,%.1f\n", 4 + i % 40 / 10, 3, 1 + i % 60 / 10, i % 25 / 10 }' \
  >"$TMP/many.csv"

# --- Results on a full device: exit 1 with the reason, small outputs (lost at exit until now)
# and big ones (a write fails on the way) alike.
for format in text json csv; do
  full_result infer "$model" "$TMP/two.csv" --format "$format"
  full_result infer "$model" "$TMP/many.csv" --format "$format"
done
full_result eval "$model" --config configs/iris.yaml --split val
full_result eval "$model" --config configs/iris.yaml --split val --format json
full_result summary configs/iris.yaml
full_result summary "$model"
full_result search configs/iris_search.yaml --trials 3
full_result search configs/iris_search.yaml --trials 5000
run_expect 0 search configs/iris_search.yaml --trials 3
full_result search configs/iris_search.yaml --narrow "$TMP/out"
full_result gradcheck configs/xor.yaml
full_result --help
full_result --version
# A failure of its own keeps its exit code; the lost output is still reported.
full_stdout 1 gradcheck configs/iris.yaml --tol 1e-30
expect_err "error: cannot write the result to standard output"
# A refused input stays exit 2 with its own message.
full_stdout 2 eval "$model" --config configs/iris.yaml
expect_err "has no test data"

# --- A closed stdout (>&-) is no place for a result either, and no file opened later takes its
# place: the result is refused, not written into some other file.
code=0
"$NETTRAIN" infer "$model" "$TMP/two.csv" >&- 2>"$TMP/err" || code=$?
[ "$code" -eq 1 ] || fail "infer >&- exited $code, expected 1"
expect_err "error: cannot write the result to standard output: Bad file descriptor"

# --- A reader that stops early: the first lines arrive, then a quiet exit 141 (what a shell
# reports for a program ended by SIGPIPE), no error message.
# head_1 ARGS...: nettrain ARGS | head -1 exits 141, says nothing and gives head its first line.
head_1() {
  local codes
  set +o pipefail
  "$NETTRAIN" "$@" 2>"$TMP/err" | head -1 >"$TMP/out"
  codes=("${PIPESTATUS[@]}")
  set -o pipefail
  [ "${codes[0]}" -eq 141 ] || fail "$* | head -1: exit ${codes[0]}, expected 141; stderr: $(cat "$TMP/err")"
  [ ! -s "$TMP/err" ] || fail "$* | head -1: stderr says: $(cat "$TMP/err")"
  [ "$(wc -l <"$TMP/out")" -eq 1 ] || fail "$* | head -1: got $(cat "$TMP/out")"
}
head_1 infer "$model" "$TMP/many.csv"
head_1 infer "$model" "$TMP/many.csv" --format json
head_1 search configs/iris_search.yaml --trials 5000
# The same with a pipe whose reader is gone before anything is written.
code=0
( closed_pipe 1; exec "$NETTRAIN" summary "$model" ) 2>"$TMP/err" || code=$?
[ "$code" -eq 141 ] || fail "summary into a closed pipe: exit $code, expected 141"
[ ! -s "$TMP/err" ] || fail "summary into a closed pipe: stderr says: $(cat "$TMP/err")"

# --- Training with progress lines that cannot be written: it goes on, saves everything, exit 0.
train=(train configs/iris.yaml --set training.epochs=30 --set 'training.checkpoint={every: 10}')
code=0
"$NETTRAIN" "${train[@]}" --out "$TMP/full-err" >"$TMP/out" 2>/dev/full || code=$?
[ "$code" -eq 0 ] || fail "train 2>/dev/full exited $code"
expect_run_dir "$TMP/full-err" 30
[ -s "$TMP/full-err/checkpoints/epoch-0030.bin" ] || fail "train 2>/dev/full: no checkpoint"
expect_out "model: $TMP/full-err/model.bin"

code=0
( closed_pipe 2; exec "$NETTRAIN" "${train[@]}" --out "$TMP/pipe-err" ) >"$TMP/out" || code=$?
[ "$code" -eq 0 ] || fail "train into a closed stderr pipe exited $code"
expect_run_dir "$TMP/pipe-err" 30
expect_out "model: $TMP/pipe-err/model.bin"

set +o pipefail
"$NETTRAIN" "${train[@]}" --set training.epochs=300 --out "$TMP/head-err" 2>&1 >/dev/null | head -c 10 >"$TMP/out"
codes=("${PIPESTATUS[@]}")
set -o pipefail
[ "${codes[0]}" -eq 0 ] || fail "train 2>&1 | head -c 10 exited ${codes[0]}"
expect_run_dir "$TMP/head-err" 300
[ "$(cat "$TMP/out")" = "epoch 1/30" ] || fail "head -c 10 read '$(cat "$TMP/out")'"  # of "epoch 1/300: ..."

# A closed stderr: the progress lines go nowhere, not into metrics.csv opened in its place.
code=0
"$NETTRAIN" "${train[@]}" --out "$TMP/closed-err" >"$TMP/out" 2>&- || code=$?
[ "$code" -eq 0 ] || fail "train 2>&- exited $code"
expect_run_dir "$TMP/closed-err" 30
grep -q "^epoch" "$TMP/closed-err/model.bin" "$TMP/closed-err/config.yaml" && fail "a progress line landed in a run file"

# train's stdout only repeats summary.json: on a full device a warning, exit 0; into a closed
# pipe nothing at all, exit 0.
code=0
"$NETTRAIN" "${train[@]}" --out "$TMP/full-out" >/dev/full 2>"$TMP/err" || code=$?
[ "$code" -eq 0 ] || fail "train >/dev/full exited $code; stderr: $(cat "$TMP/err")"
expect_run_dir "$TMP/full-out" 30
expect_err "warning: cannot write the closing report to standard output: No space left on device"
code=0
( closed_pipe 1; exec "$NETTRAIN" "${train[@]}" --out "$TMP/pipe-out" ) 2>"$TMP/err" || code=$?
[ "$code" -eq 0 ] || fail "train into a closed stdout pipe exited $code; stderr: $(cat "$TMP/err")"
expect_run_dir "$TMP/pipe-out" 30
! grep -q "warning\|error" "$TMP/err" || fail "train into a closed stdout pipe: $(cat "$TMP/err")"

# Both streams gone at once: still a complete run.
code=0
"$NETTRAIN" "${train[@]}" --out "$TMP/both" >/dev/full 2>/dev/full || code=$?
[ "$code" -eq 0 ] || fail "train >/dev/full 2>/dev/full exited $code"
expect_run_dir "$TMP/both" 30

# gradcheck's notice on a full stderr does not cost the result.
cat >"$TMP/dropout.yaml" <<YAML
data: {train: data/iris.csv, target: species}
model:
  input_shape: [4]
  layers:
    - {type: dense, units: 8, activation: relu}
    - {type: dropout, rate: 0.5}
    - {type: dense, units: 3, activation: softmax}
loss: categorical_crossentropy
YAML
code=0
"$NETTRAIN" gradcheck "$TMP/dropout.yaml" >"$TMP/out" 2>/dev/full || code=$?
[ "$code" -eq 0 ] || fail "gradcheck 2>/dev/full exited $code"
expect_out "gradcheck passed"

# Ctrl-C with stderr on a full device: the interrupt message is lost, nothing else (exit 130,
# checkpoint and model saved).
"$NETTRAIN" train configs/iris.yaml --set training.epochs=100000 --set training.batch_size=1 \
  --out "$TMP/int" >/dev/null 2>/dev/full &
pid=$! waited=0
until [ -s "$TMP/int/metrics.csv" ] && [ "$(wc -l <"$TMP/int/metrics.csv")" -ge 2 ]; do
  sleep 0.05
  waited=$((waited + 1))
  [ "$waited" -lt 1200 ] || { kill -KILL "$pid"; fail "no epoch logged within a minute"; }
done
kill -INT "$pid"
code=0
wait "$pid" || code=$?
[ "$code" -eq 130 ] || fail "SIGINT with stderr on /dev/full: exit $code, expected 130"
[ -s "$TMP/int/checkpoints/interrupted.bin" ] || fail "no checkpoint after SIGINT"
[ -s "$TMP/int/model.bin" ] || fail "no model.bin after SIGINT"

# --- The scripts: trials that could not be drawn stop random_search.sh (no search run short);
# a table that cannot be printed fails crossval.sh, with exit 1 and a message.
code=0
(
  trap '' XFSZ  # writes past the limit fail with EFBIG, as on a full disk
  ulimit -f 0
  exec scripts/random_search.sh configs/iris.yaml configs/iris_search.yaml --trials 3 --out "$TMP/search"
) 2>&1 | cat >"$TMP/err" || code=$?
# ${PIPESTATUS} is gone after `||`: the subshell's code comes through pipefail (cat exits 0).
[ "$code" -eq 1 ] || fail "random_search.sh on a full disk exited $code, expected 1; stderr: $(cat "$TMP/err")"
expect_err "error: cannot write the result to standard output: file too large: the file size limit (ulimit -f) is 0 bytes"
expect_err "error: cannot draw the trials into $TMP/search/trials.tsv"
! compgen -G "$TMP/search/trial-*" >/dev/null || fail "random_search.sh ran trials it could not draw"

code=0
scripts/crossval.sh configs/iris.yaml 2 --out "$TMP/cv" -- --set training.epochs=2 >/dev/full 2>"$TMP/err" || code=$?
[ "$code" -eq 1 ] || fail "crossval.sh >/dev/full exited $code, expected 1; stderr: $(cat "$TMP/err")"
expect_err "error: cannot write the table of $TMP/cv/cv.csv to standard output"
for f in cv.csv cv.json; do [ -s "$TMP/cv/$f" ] || fail "crossval.sh >/dev/full lost $f"; done
echo "output streams: ok"
