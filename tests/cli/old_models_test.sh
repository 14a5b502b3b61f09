# Model files written by an earlier nettrain keep loading. tests/fixtures/old_models/ holds
# model.bin files written by nettrain 8ebf06c (their stored architecture carries the stray
# default keys that version's config reader wrote back: use_bias, trainable, stride, dilation,
# and on layers trained with the shorthand `init: NAME` the initializer's options gain, mean,
# stddev, min, max, scale, mode, distribution, value), with the config each was trained from
# and what that version computed with them. For every fixture: `summary MODEL` prints the same
# table, `eval` reproduces the loss and accuracy (or MAE) the training run itself reported in
# summary.json, and `infer` gives the same classes and probabilities (or values) as recorded.
# Numbers are compared to 1e-5 relative: a build with another product library or instruction set
# sums in another order (docs/runs.md), and a small probability's last digits move with it. See tests/fixtures/old_models/README.md; the fixtures
# must never be regenerated.
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
FIX=tests/fixtures/old_models
D=$FIX/data

# The fixtures are the files the old version wrote, byte for byte.
(cd "$FIX" && sha256sum --quiet -c SHA256SUMS) >"$TMP/sums" 2>&1 ||
  fail "tests/fixtures/old_models/ differs from its SHA256SUMS (never regenerate these files): $(cat "$TMP/sums")"

# compare_eval GOT EXPECTED SUMMARY SPLIT: GOT (eval --format json) has the split, samples and
# confusion matrix of EXPECTED, and its loss and accuracy (or mae) match both EXPECTED and the
# SPLIT_loss, SPLIT_accuracy (or SPLIT_mae) of the training run's SUMMARY.
compare_eval() {
  "$PY" - "$@" <<'PY'
import json, sys
got_file, want_file, summary_file, split = sys.argv[1:]
try:
    got = json.load(open(got_file))
except ValueError as e:
    sys.exit(f"eval output is not JSON ({e}): {open(got_file).read()!r}")
want = json.load(open(want_file))
summary = json.load(open(summary_file))
problems = []
def close(a, b):
    return isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) <= 1e-5 * max(abs(a), abs(b))
for key in ("split", "samples", "confusion"):
    if key in want and got.get(key) != want[key]:
        problems.append(f"{key} is {got.get(key)!r}, expected {want[key]!r}")
for key in ("loss", "accuracy", "mae"):
    if key in want and not close(got.get(key), want[key]):
        problems.append(f"{key} is {got.get(key)!r}, expected {want[key]!r} ({want_file})")
    recorded = summary.get(f"{split}_{key}")
    if key in want and recorded is not None and not close(got.get(key), recorded):
        problems.append(f"{key} is {got.get(key)!r}, the training run reported {split}_{key} {recorded!r}")
if problems:
    sys.exit("; ".join(problems))
PY
}

# compare_infer GOT EXPECTED: GOT (infer --format json, one object per line) names the same
# inputs and rows as EXPECTED, with the same classes and indices in the same order and the same
# probabilities (or the same regression values).
compare_infer() {
  "$PY" - "$@" <<'PY'
import json, sys
got_file, want_file = sys.argv[1:]
got_lines = open(got_file).read().splitlines()
want_lines = open(want_file).read().splitlines()
if len(got_lines) != len(want_lines):
    sys.exit(f"{len(got_lines)} lines of output, expected {len(want_lines)}: {got_lines!r}")
def close(a, b):
    return isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) <= 1e-5 * max(abs(a), abs(b))
problems = []
for n, (g, w) in enumerate(zip(got_lines, want_lines), 1):
    try:
        g = json.loads(g)
    except ValueError as e:
        sys.exit(f"line {n} is not JSON ({e}): {g!r}")
    w = json.loads(w)
    where = f"{w['input']}" + (f":{w['row']}" if "row" in w else "")
    if g.get("input") != w["input"] or g.get("row") != w.get("row"):
        problems.append(f"line {n} is for {g.get('input')!r} row {g.get('row')!r}, expected {where}")
        continue
    if "top" in w:
        gt = g.get("top") or []
        if [(t.get("class"), t.get("index")) for t in gt] != [(t["class"], t["index"]) for t in w["top"]]:
            problems.append(f"{where}: classes {[(t.get('class'), t.get('index')) for t in gt]}, expected {[(t['class'], t['index']) for t in w['top']]}")
        elif not all(close(a.get("probability"), b["probability"]) for a, b in zip(gt, w["top"])):
            problems.append(f"{where}: probabilities {[t.get('probability') for t in gt]}, expected {[t['probability'] for t in w['top']]}")
    if "values" in w:
        gv = g.get("values") or []
        if len(gv) != len(w["values"]) or not all(close(a, b) for a, b in zip(gv, w["values"])):
            problems.append(f"{where}: values {gv}, expected {w['values']}")
if problems:
    sys.exit("; ".join(problems))
PY
}

# soft WHAT FUNCTION ARGS...: runs one check in a subshell; a failure is reported and counted,
# and the next check still runs, so one run lists every check that fails.
failures=0
checks=0
soft() {
  local what=$1
  shift
  checks=$((checks + 1))
  set +e
  (
    set -e
    "$@"
  )
  local rc=$?
  set -e
  if [ "$rc" -eq 0 ]; then
    echo "ok:   $what"
  else
    echo "FAIL: $what" >&2
    failures=$((failures + 1))
  fi
}

summary_check() {
  run_expect 0 summary "$FIX/$1/model.bin"
  diff "$FIX/$1/expected_summary.txt" "$TMP/out" >"$TMP/diff" ||
    fail "summary $FIX/$1/model.bin differs from expected_summary.txt: $(cat "$TMP/diff")"
}

eval_check() {
  run_expect 0 eval "$FIX/$1/model.bin" --config "$FIX/$1/config.yaml" --split "$2" --format json
  compare_eval "$TMP/out" "$FIX/$1/expected_eval_$2.json" "$FIX/$1/summary.json" "$2" 2>"$TMP/why" ||
    fail "eval $FIX/$1/model.bin --split $2: $(cat "$TMP/why")"
}

infer_check() {
  local name=$1 top=$2
  shift 2
  run_expect 0 infer "$FIX/$name/model.bin" "$@" --top "$top" --format json
  compare_infer "$TMP/out" "$FIX/$name/expected_infer.json" 2>"$TMP/why" ||
    fail "infer $FIX/$name/model.bin: $(cat "$TMP/why")"
}

# check_fixture NAME TOP-K INPUT...: every check on one fixture (infer on the INPUTs).
check_fixture() {
  local name=$1 top=$2
  shift 2
  soft "$name: summary" summary_check "$name"
  soft "$name: eval test" eval_check "$name" test
  if [ -f "$FIX/$name/expected_eval_val.json" ]; then
    soft "$name: eval val" eval_check "$name" val
  fi
  soft "$name: infer" infer_check "$name" "$top" "$@"
}

# Iris MLP: long-form inits, constant bias, batchnorm, dropout, a frozen layer, zscore, class names.
check_fixture iris_mlp 3 "$D/iris_rows.csv"
# CNN on 8x8 CSV images: same padding, stride 2, leaky_relu/elu alpha, max/avg pooling, flatten.
check_fixture bars_cnn 3 "$D/bars_rows.csv" "$D/vertical_bar.pgm"
# Two-target regression, huber loss, linear output, minmax.
check_fixture reg2_huber 1 "$D/reg2_rows.csv"
# Shorthand `init: orthogonal | random_normal | variance_scaling | truncated_normal` on dense
# layers: the layers carry gain, mean, stddev, scale, mode, distribution (8ebf06c refused them).
check_fixture iris_shorthand_init 3 "$D/iris_rows.csv"
# Shorthand `init: random_uniform | variance_scaling | constant` on conv2d and dense layers, then
# global_avgpool2d: min, max, scale, mode, distribution, value (8ebf06c refused them).
check_fixture bars_shorthand_init 3 "$D/bars_rows.csv" "$D/vertical_bar.pgm"

[ "$failures" -eq 0 ] || fail "$failures of $checks checks on old model files failed"
echo "old models: ok ($checks checks)"
