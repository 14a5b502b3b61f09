# One run directory, one writer: a second train into a directory in use is refused (exit 2)
# however the directory is spelled; the lock dies with its holder, even a killed one; and a
# config.yaml train did not write (the user's own, or the config being trained) is never
# overwritten.
source "$(dirname "$0")/lib.sh"
ROOT=$PWD

# Slow enough to be still running while the second run starts.
cat >"$TMP/slow.yaml" <<'YAML'
seed: 3
data: {format: csv, train: data/iris.csv, target: species, task: classification, normalize: zscore}
model:
  input_shape: [4]
  layers:
    - {type: dense, units: 512, activation: relu}
    - {type: dense, units: 3, activation: softmax}
loss: categorical_crossentropy
optimizer: {type: sgd, lr: 0.01}
training: {batch_size: 1, epochs: 100000}
YAML

# start_first DIR: trains into DIR in the background ($first is its pid) and waits until it
# holds the lock (it writes config.yaml after taking it).
start_first() {
  "$NETTRAIN" train "$TMP/slow.yaml" --out "$1" --quiet >"$TMP/first.out" 2>"$TMP/first.err" &
  first=$!
  local waited=0
  until [ -s "$1/config.yaml" ]; do
    sleep 0.05
    waited=$((waited + 1))
    [ "$waited" -lt 1200 ] || { kill -KILL "$first"; fail "the first run took no lock within a minute"; }
  done
}

stop_first() {
  kill "-$1" "$first"
  wait "$first" || true
}

start_first "$TMP/run"
config_before=$(cat "$TMP/run/config.yaml")
mkdir -p "$TMP/elsewhere"
ln -s "$TMP/run" "$TMP/link"
# The same directory by other names, by --out and by output.dir.
for spelling in "$TMP/run" "$TMP/run/" "$TMP/./run" "$TMP/elsewhere/../run" "$TMP/link"; do
  for how in out config; do
    if [ "$how" = out ]; then
      run_expect 2 train configs/iris.yaml --out "$spelling" --set training.epochs=1
    else
      run_expect 2 train configs/iris.yaml --set "output.dir=$spelling" --set training.epochs=1
    fi
    expect_err "is in use by another train run;"
    expect_err "choose another run directory with --out"
  done
done
# The refused runs wrote nothing: the first run's files are its own.
[ "$(cat "$TMP/run/config.yaml")" = "$config_before" ] || fail "a refused run changed the first run's config.yaml"
[ ! -e "$TMP/run/model.bin" ] || fail "a refused run wrote model.bin"
# Other directories are free meanwhile.
run_expect 0 train configs/iris.yaml --out "$TMP/other" --set training.epochs=1 --quiet

# Interrupted (it saves and exits 130), the lock is released.
stop_first INT
run_expect 0 train configs/iris.yaml --out "$TMP/run" --set training.epochs=1 --quiet
# Killed outright, it leaves no lock.
for signal in KILL SEGV; do
  start_first "$TMP/crash-$signal"
  stop_first "$signal"
  run_expect 0 train configs/iris.yaml --out "$TMP/crash-$signal" --set training.epochs=1 --quiet
done

# `--out .` beside the user's own config.yaml: the config being trained, by any name.
mkdir -p "$TMP/user"
sed "s|data/iris.csv|$ROOT/data/iris.csv|" configs/iris.yaml >"$TMP/user/config.yaml"
cp "$TMP/user/config.yaml" "$TMP/user/config.copy"
ln -s config.yaml "$TMP/user/alias.yaml"
for config in config.yaml ./config.yaml alias.yaml "$TMP/user/config.yaml"; do
  got=0
  (cd "$TMP/user" && "$NETTRAIN" train "$config" --out . --set training.epochs=1 >"$TMP/out" 2>"$TMP/err") || got=$?
  [ "$got" -eq 2 ] || fail "training $config into its own directory: exit $got, expected 2; $(cat "$TMP/err")"
  expect_err "config.yaml: is the config being trained"
  cmp -s "$TMP/user/config.yaml" "$TMP/user/config.copy" || fail "the user's config.yaml was overwritten"
  [ ! -e "$TMP/user/model.bin" ] || fail "a refused run wrote model.bin"
done

# Another config.yaml of the user's in the run directory, with or without a trailing newline.
for text in 'seed: 1' 'my notes' ''; do
  mkdir -p "$TMP/notes"
  printf '%s' "$text" >"$TMP/notes/config.yaml"
  run_expect 2 train configs/iris.yaml --out "$TMP/notes" --set training.epochs=1
  expect_err "$TMP/notes/config.yaml: was not written by nettrain train"
  [ "$(cat "$TMP/notes/config.yaml")" = "$text" ] || fail "the user's config.yaml was overwritten"
done

# A run directory train wrote is trained into again, and its resolved config is a config like
# any other, but not into its own directory.
run_expect 0 train configs/iris.yaml --out "$TMP/again" --set training.epochs=1 --quiet
run_expect 0 train configs/iris.yaml --out "$TMP/again" --set training.epochs=2 --quiet
run_expect 0 train "$TMP/again/config.yaml" --out "$TMP/again2" --quiet
run_expect 2 train "$TMP/again/config.yaml" --out "$TMP/again" --quiet
expect_err "is the config being trained"
echo "run lock: ok"
