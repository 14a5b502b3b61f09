# Property test over generated configs: every layer type x initializer (layer shorthand and
# long form, with and without options) x optimizer (shorthand and map) x schedule, with the
# data, regularization, early-stopping and checkpoint options rotated through them. For each
# config: it trains; the model loads in summary, eval, infer and gradcheck; the resolved
# config.yaml also loads and retrains to a byte-identical model.bin and to the same config.yaml
# (the resolved config is a fixed point). Every failure is collected, not just the first.
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

# Tiny deterministic data: 40 rows of 36 features (a 1x6x6 image or a flat vector) with a
# 3-class and a 2-class label, 32 rows of 5-feature regression with one or two targets, and
# feature-only CSVs for infer. Row counts keep every batch of the sizes used above 1 sample,
# so batchnorm always has a batch variance.
# Then the configs, c01.yaml ..., and $TMP/manifest: NAME INFER-CSV EVAL-SPLIT per line.
"$PY" - "$TMP" <<'PY'
import math, os, sys

tmp = sys.argv[1]
FEATURES = [f"f{j}" for j in range(36)]


def feature_row(i, label):
    # Integers 0..9 plus a class-dependent bump on every fourth pixel: a learnable signal.
    return [((i * 31 + j * 17 + (j % 5) * i) % 10) + (2 * label if j % 4 == 0 else 0) for j in range(36)]


def write_csv(name, header, rows):
    with open(os.path.join(tmp, name), "w") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(str(v) for v in r) + "\n")


write_csv("cls.csv", FEATURES + ["label"], [feature_row(i, i % 3) + [i % 3] for i in range(40)])
write_csv("cls_test.csv", FEATURES + ["label"], [feature_row(100 + i, i % 3) + [i % 3] for i in range(12)])
write_csv("bin.csv", FEATURES + ["label"], [feature_row(i, i % 2) + [i % 2] for i in range(40)])
write_csv("bin_test.csv", FEATURES + ["label"], [feature_row(200 + i, i % 2) + [i % 2] for i in range(10)])
write_csv("img_x.csv", FEATURES, [feature_row(300 + i, i % 3) for i in range(3)])


def reg_x(i):
    return [round(((i * 7 + k * 3) % 11) / 2.0 - 2.0, 2) for k in range(5)]


def reg_y(x):
    return [round(0.5 * x[0] - 0.3 * x[1] + 0.2 * x[2] * x[3] + 1.0, 3), round(math.sin(x[4]) + 0.1 * x[0], 3)]


XS = [f"x{k}" for k in range(5)]
write_csv("reg1.csv", XS + ["y"], [reg_x(i) + reg_y(reg_x(i))[:1] for i in range(32)])
write_csv("reg2.csv", XS + ["y0", "y1"], [reg_x(i) + reg_y(reg_x(i)) for i in range(32)])
write_csv("reg1_test.csv", XS + ["y"], [reg_x(50 + i) + reg_y(reg_x(50 + i))[:1] for i in range(8)])
write_csv("reg_x.csv", XS, [reg_x(70 + i) for i in range(3)])


# --- a minimal YAML emitter: flow maps and lists, one layer per line ---
def y(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if v != 0 and abs(v) < 1e-3:
            return f"{v:.1e}"
        return repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return v
    if isinstance(v, list):
        return "[" + ", ".join(y(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {y(x)}" for k, x in v.items()) + "}"
    raise TypeError(v)


class Cycle:
    """Hands out the items of a list in turn, forever."""

    def __init__(self, items):
        self.items, self.i = list(items), 0

    def next(self):
        item = self.items[self.i % len(self.items)]
        self.i += 1
        return item


def spread(items, stride=17):
    # A fixed permutation, so that neighbours in the list do not land in the same config.
    n = len(items)
    while math.gcd(stride, n) != 1:
        stride += 1
    return [items[(i * stride) % n] for i in range(n)]


def values_for(shape, salt=0):
    count = [0]

    def build(depth):
        if depth == len(shape):
            count[0] += 1
            return round((((count[0] + salt) * 37) % 19 - 9) / 40.0, 3)
        return [build(depth + 1) for _ in range(shape[depth])]

    return build(0)


# Weight initializers: every name with its options (two option sets for variance_scaling),
# each in the layer shorthand (options on the layer) and in the long form weights: {...};
# those with options also bare (defaults), in both forms.
INITS = [
    ("zeros", {}), ("ones", {}), ("constant", {"value": 0.05}),
    ("random_normal", {"mean": 0.01, "stddev": 0.2}), ("random_uniform", {"min": -0.3, "max": 0.25}),
    ("truncated_normal", {"mean": 0.0, "stddev": 0.15}),
    ("variance_scaling", {"scale": 0.5, "mode": "fan_out", "distribution": "uniform"}),
    ("variance_scaling", {"scale": 2.0, "mode": "fan_avg", "distribution": "normal"}),
    ("orthogonal", {"gain": 1.5}), ("identity", {"gain": 0.5}),
    ("lecun_uniform", {}), ("lecun_normal", {}), ("glorot_uniform", {}), ("glorot_normal", {}),
    ("he_uniform", {}), ("he_normal", {}), ("values", {"values": None}),
]
entries = []
for name, opts in INITS:
    entries += [(name, "short", opts), (name, "long", opts)]
    if opts and name != "values":
        entries += [(name, "short", {}), (name, "long", {})]
# Rounds alternate between the two forms, so a config is all long form or all shorthand and a
# refused shorthand does not hide what the long-form configs would show.
init_queues = {"long": spread([e for e in entries if e[1] == "long"]),
               "short": spread([e for e in entries if e[1] == "short"])}
form_of_round = "long"
# Per-tensor extras of the long form.
weight_extras = Cycle([{}, {"l2": 0.001}, {"trainable": False}, {"l1": 0.0005, "l2": 0.0005}, {}, {"l1": 0.001},
                       {"l2": 0}])
bias_specs = Cycle([None, {"init": "zeros"}, {"init": "constant", "value": 0.1}, {"init": "random_normal", "stddev": 0.1},
                    {"init": "ones", "trainable": False}, {"init": "random_uniform", "min": -0.1, "max": 0.1},
                    {"init": "values"}, {"init": "truncated_normal"}, {"init": "he_normal"}, None,
                    {"init": "lecun_uniform", "trainable": False},
                    {"init": "variance_scaling", "scale": 0.1, "distribution": "uniform"}, {"init": "glorot_uniform"}])
batchnorm_options = Cycle([{}, {"momentum": 0.9, "epsilon": 0.01},
                           {"gamma": {"init": "random_uniform", "min": 0.9, "max": 1.1}, "beta": {"init": "values"}},
                           {"center": False}, {"scale": False, "beta": {"init": "constant", "value": 0.1}},
                           {"gamma": {"init": "ones", "trainable": False}, "beta": {"init": "zeros"}}])
covered = set()


def params(layer, wshape, bias=True):
    """Adds the next weight initializer (and bias spec) to a dense or conv2d layer."""
    queue = init_queues[form_of_round]
    for k, (name, form, opts) in enumerate(queue):
        if name != "identity" or len(wshape) == 2:  # identity needs a 2-D parameter
            queue.append(queue.pop(k))
            break
    covered.add((name, form, bool(opts)))
    opts = dict(opts)
    if name == "values":
        opts["values"] = values_for(wshape)
    if form == "short":
        layer["init"] = name
        layer.update(opts)
    else:
        layer["weights"] = {"init": name, **opts, **weight_extras.next()}
    if bias:
        spec = bias_specs.next()
        if spec is not None:
            spec = dict(spec)
            if spec["init"] == "values":
                spec["values"] = values_for([wshape[0]], salt=3)
            layer["bias"] = spec
    return layer


def batchnorm(channels, **extra):
    layer = {"type": "batchnorm"}
    for k, v in batchnorm_options.next().items():
        if isinstance(v, dict) and v.get("init") == "values":
            v = {**v, "values": values_for([channels], salt=5)}
        layer[k] = v
    layer.update(extra)
    return layer


def dense(units, inputs, **kw):
    return params({"type": "dense", "units": units, **kw}, [units, inputs], bias=kw.get("use_bias", True))


def conv(filters, channels, kh, kw, **kw2):
    return params({"type": "conv2d", "filters": filters, "kernel": kh if kh == kw else [kh, kw], **kw2},
                  [filters, channels, kh, kw], bias=kw2.get("use_bias", True))


IMG = [1, 6, 6]
# Templates: (task, input_shape, layers); task names the data (cls, bin, reg1, reg2). Shapes in
# the comments are per sample.
TEMPLATES = [
    ("cls", IMG, lambda: [  # conv 2x4x4 -> pool 2x2x2 -> 8
        conv(2, 1, 3, 3, activation="relu"), {"type": "maxpool2d", "size": 2}, {"type": "flatten"},
        dense(3, 8), {"type": "softmax"}]),
    ("cls", IMG, lambda: [  # conv stride 2 same 3x3x3 -> avgpool same 3x2x2 -> 12
        conv(3, 1, 3, 2, stride=2, padding="same"), {"type": "leaky_relu", "alpha": 0.1},
        {"type": "avgpool2d", "size": 2, "padding": "same"}, {"type": "flatten"}, {"type": "dropout", "rate": 0.25},
        dense(3, 12, activation="softmax")]),
    ("cls", IMG, lambda: [  # batchnorm on the image, conv 2x5x5 (frozen), global pooling -> 2
        batchnorm(1), dict(conv(2, 1, 2, 2, activation="tanh"), trainable=False), {"type": "global_avgpool2d"},
        dense(7, 2), {"type": "elu", "alpha": 0.5}, dense(3, 7, activation="softmax")]),
    ("cls", IMG, lambda: [  # dilated same conv 1x6x6 -> maxpool [2,3] 1x3x2 -> 6
        conv(1, 1, 3, 3, padding="same", dilation=2, activation="elu"), {"type": "sigmoid"},
        {"type": "maxpool2d", "size": [2, 3]}, {"type": "flatten"}, dense(3, 6), {"type": "softmax"}]),
    ("cls", IMG, lambda: [  # an image flattened into a dense net with batchnorm on flat features
        {"type": "flatten"}, dense(7, 36, activation="relu"), batchnorm(7), dense(3, 7), {"type": "softmax"}]),
    ("cls", [36], lambda: [
        dense(7, 36, activation="tanh"), {"type": "dropout", "rate": 0.5}, dense(3, 7, activation="softmax")]),
    ("cls", [36], lambda: [  # a square 3x3 dense layer, for identity among others
        dense(3, 36), {"type": "linear"}, {"type": "leaky_relu"}, dense(3, 3), {"type": "softmax"}]),
    ("cls", [36], lambda: [
        batchnorm(36), dense(4, 36, activation="elu"), dense(3, 4, activation="softmax")]),
    ("bin", [36], lambda: [
        dense(3, 36), {"type": "relu"}, dense(1, 3, activation="sigmoid")]),
    ("bin", IMG, lambda: [  # conv stride 2 valid 2x2x2 -> 8, no bias
        conv(2, 1, 3, 3, stride=2, use_bias=False), {"type": "flatten"}, dense(1, 8), {"type": "sigmoid"}]),
    ("reg1", [5], lambda: [
        dense(3, 5), {"type": "tanh"}, dense(1, 3)]),
    ("reg2", [5], lambda: [  # a square 5x5 dense layer
        dense(5, 5, activation="sigmoid"), dense(2, 5)]),
    ("reg2", [5], lambda: [
        dense(7, 5, activation="elu"), batchnorm(7), dense(2, 7, activation="linear")]),
    ("reg1", [5], lambda: [dense(1, 5)]),
]

optimizers = Cycle(["sgd", {"type": "rmsprop", "lr": 0.002, "rho": 0.8, "momentum": 0.5, "epsilon": 1.0e-6}, "adam",
                    {"type": "adamw", "lr": 0.005, "beta1": 0.85, "weight_decay": 0.05}, "adagrad",
                    {"type": "sgd", "lr": 0.02, "momentum": 0.9, "nesterov": True}, "rmsprop",
                    {"type": "adam", "lr": 0.01, "beta1": 0.8, "beta2": 0.99, "epsilon": 1.0e-8}, "adamw",
                    {"type": "adagrad", "lr": 0.05, "initial_accumulator": 0.2, "epsilon": 1.0e-6},
                    {"type": "sgd", "momentum": 0.5}, {"type": "adam"}])
schedules = Cycle([None, {"type": "constant"}, {"type": "step", "step_size": 1, "gamma": 0.5},
                   {"type": "exponential", "gamma": 0.9, "warmup_epochs": 1}, {"type": "inverse_time", "decay": 0.5},
                   {"type": "cosine", "t_max": 2, "lr_min": 0.0001},
                   {"type": "plateau", "monitor": "val_loss", "factor": 0.5, "patience": 0},
                   {"type": "step", "warmup_epochs": 1}, {"type": "cosine", "t_max": 1, "warmup_epochs": 1},
                   {"type": "plateau", "monitor": "train_loss"}, {"type": "plateau", "monitor": "VAL_METRIC"}])
early_stopping = Cycle([None, {"monitor": "val_loss", "patience": 0}, None,
                        {"monitor": "train_loss", "patience": 1, "min_delta": 0.001, "restore_best": False},
                        {"monitor": "VAL_METRIC"}, {}])
checkpoints = Cycle([None, {"every": 1, "keep_last": 1, "keep_best": True}, None, {},
                     {"every": 2, "keep_last": 2, "keep_best": False}])
regularization = Cycle([None, {"l2": 0.0001}, {"l1": 0.0001, "l2": 0.0001}, None, {"l1": 0.001}])
normalize = Cycle(["none", "scale", "minmax", "zscore", None, {"type": "zscore", "per": "channel"},
                   {"type": "minmax", "per": "dataset"}, {"type": "zscore", "per": "feature"},
                   {"type": "minmax", "per": "channel"}, {"type": "zscore", "per": "dataset"}])
# data.augment on the image-shaped configs: every key and fill mode, and the zoom's two forms.
augments = Cycle([None, {"rotation_range": 10, "horizontal_flip": True},
                  {"width_shift_range": 0.2, "height_shift_range": 1, "zoom_range": 0.1, "fill_mode": "reflect"},
                  {"shear_range": 5, "zoom_range": [0.9, 1.2], "brightness_range": [0.8, 1.2], "fill_mode": "constant",
                   "cval": 1.5, "vertical_flip": True}, {"rotation_range": 30, "fill_mode": "wrap"}])
limits = Cycle([None, 30, None, 0.8])
class_weights = {"cls": Cycle([None, "balanced", [1.0, 2.0, 0.5], {0: 2.0, 2: 0.25}]),
                 "bin": Cycle(["balanced", None, [0.5, 3.0], {1: 4.0}])}
# distributed.chunks: batches cut into chunks (docs/distributed.md) run through every layer,
# initializer and optimizer too, and the resolved config (which always writes it) retrains them.
chunk_counts = Cycle([None, 3, None, 7, None])
stop_when = Cycle([None, None, {"monitor": "train_loss", "reaches": 0.05}, None, {"monitor": "TRAIN_METRIC", "reaches": 0.9}])
batch_sizes = Cycle([4, 6, 7, 8, 64])
splits = Cycle([None, 0.25, None])
tests = Cycle([True, False])
regression_losses = Cycle(["mse", "mae", "huber"])

manifest = []
n = 0
for round_ in range(4):
    form_of_round = "long" if round_ % 2 == 0 else "short"
    for task, shape, layers in TEMPLATES:
        n += 1
        name = f"c{n:02d}"
        classification = task in ("cls", "bin")
        val_metric = "val_accuracy" if classification else "val_mae"
        data = {"format": "csv"} if n % 3 else {}
        if task == "cls":
            data.update(train=f"{tmp}/cls.csv", target="label")
        elif task == "bin":
            data.update(train=f"{tmp}/bin.csv", target=36 if n % 2 else "label")
        else:
            data.update(train=f"{tmp}/{task}.csv", target="y" if task == "reg1" else ["y0", "y1"], task="regression")
        if task == "cls" and n % 4 == 1:
            data["class_names"] = ["ant", "bee", "cat"]
        has_test = tests.next() and task in ("cls", "bin", "reg1")
        if has_test:
            data["test"] = f"{tmp}/{task}_test.csv"
        split = splits.next()
        schedule = schedules.next()
        if schedule and schedule.get("monitor") == "VAL_METRIC":
            schedule = dict(schedule, monitor="val_accuracy" if classification else "val_loss")
        stopping = early_stopping.next()
        if stopping is not None and stopping.get("monitor") == "VAL_METRIC":
            stopping = dict(stopping, monitor=val_metric)
        # Validation data where a monitor asks for it (early stopping's default monitor is val_loss).
        needs_val = (schedule and schedule.get("monitor", "val_loss").startswith("val_") and schedule["type"] == "plateau") \
            or (stopping is not None and stopping.get("monitor", "val_loss").startswith("val_"))
        if split or needs_val:
            data["validation_split"] = split or 0.25
        norm = normalize.next()
        if isinstance(norm, dict) and norm["per"] == "channel" and shape != IMG:
            norm = dict(norm, per="dataset")
        if norm:
            data["normalize"] = norm
        if shape == IMG:
            augment = augments.next()
            if augment:
                data["augment"] = augment
        limit = limits.next()
        if limit:
            data["limit"] = limit
        # Feature columns chosen by name or index, in another order than the file's.
        if n % 5 == 0:
            columns = [f"f{j}" for j in range(36)] if classification else [f"x{k}" for k in range(5)]
            data["features"] = columns[::-1] if n % 2 else list(range(len(columns)))[1:] + [0]

        config = [f"seed: {100 + n}", "threads: 1", f"data: {y(data)}", "model:", f"  input_shape: {y(shape)}",
                  "  layers:"]
        config += [f"    - {y(layer)}" for layer in layers()]
        loss = {"cls": "categorical_crossentropy", "bin": "binary_crossentropy"}.get(task) or regression_losses.next()
        config.append(f"loss: {loss}")
        if n % 5 == 2:
            config.append(f"metrics: [{'accuracy' if classification else 'mae'}]")
        opt = optimizers.next()
        config.append(f"optimizer: {y(opt)}")
        if schedule:
            config.append(f"lr_schedule: {y(schedule)}")
        reg = regularization.next()
        if reg:
            config.append(f"regularization: {y(reg)}")
        training = {"batch_size": batch_sizes.next()}
        long_run = schedule or stopping is not None
        training["epochs"] = (3 if schedule and schedule.get("warmup_epochs") else 2) if long_run else 1 + n % 2
        if n % 6 == 0:
            training["shuffle"] = False
        if stopping is not None:
            training["early_stopping"] = stopping
        target = stop_when.next()
        if target:
            metric = "train_accuracy" if classification else "train_mae"
            training["stop_when"] = {k: (metric if v == "TRAIN_METRIC" else v) for k, v in target.items()}
        if classification:
            weights = class_weights[task].next()
            if isinstance(weights, dict) and data.get("class_names"):
                weights = {data["class_names"][k]: w for k, w in weights.items()}
            if weights:
                training["class_weight"] = weights
        cp = checkpoints.next()
        if cp is not None:
            training["checkpoint"] = cp
        config.append(f"training: {y(training)}")
        if n % 7 == 3:
            config.append(f"output: {{dir: {tmp}/{name}-unused}}")  # --out takes precedence
        chunks = chunk_counts.next()
        if chunks:
            config.append(f"distributed: {{chunks: {chunks}}}")
        with open(os.path.join(tmp, name + ".yaml"), "w") as f:
            f.write("\n".join(config) + "\n")
        infer = "reg_x.csv" if task.startswith("reg") else "img_x.csv"
        split_name = "test" if has_test else "val" if "validation_split" in data else "train"
        manifest.append(f"{name} {tmp}/{infer} {split_name}")

missing = {(name, form, bool(opts)) for name, form, opts in entries} - covered
if missing:
    sys.exit(f"generator bug: initializer variants never used: {sorted(missing)}")
with open(os.path.join(tmp, "manifest"), "w") as f:
    f.write("\n".join(manifest) + "\n")
PY

failures=()

# try CONFIG CODES ARGS...: runs nettrain ARGS; an exit code not among CODES ("0" or "0 1") is
# recorded as a failure of CONFIG with the command and the first line of stderr. Returns 1 then.
# Each command runs tens of milliseconds; the timeout turns a hang into a failure (exit 124).
try() {
  local cfg=$1 codes=$2 code=0
  shift 2
  timeout 60 "$NETTRAIN" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null || code=$?
  case " $codes " in *" $code "*) return 0 ;; esac
  local first
  first=$(grep -m1 . "$TMP/err" || true)
  failures+=("$cfg: nettrain $* -> exit $code: ${first:-(no stderr)}")
  return 1
}

count=0
while read -r name features split; do
  count=$((count + 1))
  cfg="$TMP/$name.yaml" run="$TMP/$name-run" rerun="$TMP/$name-rerun"
  split_args=()
  [ "$split" = test ] || split_args=(--split "$split")
  # The config itself: summary, and gradcheck (1 = a numeric check failed, fine at relu and
  # max-pool kinks; 2 = the config or model was refused).
  try "$name" 0 summary "$cfg" || true
  try "$name" "0 1" gradcheck "$cfg" --samples 2 || true
  try "$name" 0 train "$cfg" --quiet --out "$run" || continue
  # The trained model loads everywhere a model is taken.
  try "$name" 0 summary "$run/model.bin" || true
  try "$name" 0 eval "$run/model.bin" --config "$cfg" --format json "${split_args[@]}" || true
  try "$name" 0 infer "$run/model.bin" "$features" || true
  # The resolved config loads too, and repeats the run exactly.
  try "$name" 0 summary "$run/config.yaml" || true
  try "$name" "0 1" gradcheck "$run/config.yaml" --samples 2 || true
  try "$name" 0 train "$run/config.yaml" --quiet --out "$rerun" || continue
  cmp -s "$run/model.bin" "$rerun/model.bin" ||
    failures+=("$name: retraining from $run/config.yaml gives a different model.bin")
  if ! cmp -s "$run/config.yaml" "$rerun/config.yaml"; then
    changed=$(diff "$run/config.yaml" "$rerun/config.yaml" | grep -m2 '^[<>]' | tr '\n' ' ' || true)
    failures+=("$name: the resolved config is not a fixed point, retraining from it changes: $changed")
  fi
done <"$TMP/manifest"

echo "config roundtrip: $count configs checked, ${#failures[@]} failures"
if [ "${#failures[@]}" -gt 0 ]; then
  printf '%s\n' "${failures[@]//$TMP/\$TMP}" >&2
  exit 1
fi
echo "config roundtrip: ok"
