# Data-parallel training (docs/distributed.md): `mpirun -np N nettrain train` writes model.bin and
# metrics.csv (seconds aside) byte for byte as one process does, for 1 to 4 processes, any
# --threads, nets with convolutions (im2col and Winograd), batch normalization, dropout,
# augmentation, class weights and streamed CSV data, odd batch sizes and last batches smaller
# than the chunk count, every layer type, loss family and optimizer; over shared memory and TCP;
# resumed on another number of processes.
# A killed process ends the job; processes with other configs or bad data stop it with exit 2.
source "$(dirname "$0")/lib.sh"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
allow_open_mpi_leaks
# No process may hang: every job gets a deadline.
mpi() { timeout 180 mpirun --oversubscribe "$@"; }

! ldd "$NETTRAIN" | grep -q libmpi || fail "nettrain itself links MPI; only its plugin may"

# The bits of a run: model.bin and metrics.csv without its seconds column.
fingerprint() {
  sha256sum <"$1/model.bin" | cut -d' ' -f1
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "seconds") s = i }
           { line = ""; for (i = 1; i <= NF; i++) if (i != s) line = line $i ","; print line }' "$1/metrics.csv" | sha256sum
}
same_bits() {
  [ "$(fingerprint "$1")" = "$(fingerprint "$2")" ] || fail "$2 differs from $1: $(diff <(fingerprint "$1") <(fingerprint "$2"))"
}

# A: convolutions unfolded by im2col, batch norm after a convolution and a dense layer, dropout,
# relu/elu/tanh/softmax, Adam; 184 training rows in batches of 30 cut into 12 chunks (the last
# batch has 4 rows: 4 chunks, so 3 or 4 processes leave some without work).
cat >"$TMP/a.yaml" <<YAML
seed: 7
data:
  format: idx
  train: data/fashion/t10k-images-idx3-ubyte.gz
  train_labels: data/fashion/t10k-labels-idx1-ubyte.gz
  validation_split: 0.2
  limit: 230
  normalize: scale
model:
  input_shape: [1, 28, 28]
  layers:
    - {type: conv2d, filters: 4, kernel: 3, activation: relu}
    - {type: batchnorm}
    - {type: maxpool2d, size: 2}
    - {type: conv2d, filters: 16, kernel: 3, padding: same, activation: elu}
    - {type: flatten}
    - {type: dropout, rate: 0.3}
    - {type: dense, units: 32, activation: tanh}
    - {type: batchnorm}
    - {type: dense, units: 10, activation: softmax}
loss: categorical_crossentropy
optimizer: {type: adam, lr: 0.003}
training: {batch_size: 30, epochs: 3, checkpoint: {every: 1}}
distributed: {chunks: 12}
YAML

# B: Winograd convolutions (3x3 over 16 channels), global average pooling, sigmoid, balanced class
# weights, augmentation, SGD with momentum, L2 and step decay; 7 chunks.
cat >"$TMP/b.yaml" <<YAML
seed: 11
data:
  format: idx
  train: data/fashion/t10k-images-idx3-ubyte.gz
  train_labels: data/fashion/t10k-labels-idx1-ubyte.gz
  limit: 150
  normalize: {type: zscore, per: channel}
  augment: {width_shift_range: 0.1, horizontal_flip: true, rotation_range: 10}
model:
  input_shape: [1, 28, 28]
  layers:
    - {type: conv2d, filters: 16, kernel: 3, activation: relu}
    - {type: conv2d, filters: 16, kernel: 3, padding: same, activation: sigmoid}
    - {type: global_avgpool2d}
    - {type: dense, units: 10, activation: softmax}
loss: categorical_crossentropy
optimizer: {type: sgd, lr: 0.1, momentum: 0.9}
lr_schedule: {type: step, step_size: 1, gamma: 0.5}
regularization: {l2: 0.0001}
training: {batch_size: 40, epochs: 2, class_weight: balanced}
distributed: {chunks: 7}
YAML

# C: regression on a CSV left on disk, Huber loss, leaky ReLU, RMSprop, batches of 7 in 5 chunks.
/usr/bin/python3 - "$TMP" <<'PY'
import random, sys
rng = random.Random(3)
with open(sys.argv[1] + "/reg.csv", "w") as f:
    f.write("a,b,c,d,y\n")
    for _ in range(101):
        x = [rng.uniform(-2, 2) for _ in range(4)]
        f.write(",".join(f"{v:.4f}" for v in x) + f",{x[0] * x[1] - x[2] + 0.3 * x[3]:.4f}\n")
PY
cat >"$TMP/c.yaml" <<YAML
seed: 3
data: {format: csv, train: $TMP/reg.csv, target: y, task: regression, in_memory: false, normalize: zscore}
model:
  input_shape: [4]
  layers:
    - {type: dense, units: 24, activation: leaky_relu}
    - {type: dense, units: 1}
loss: huber
optimizer: {type: rmsprop, lr: 0.01}
training: {batch_size: 7, epochs: 4}
distributed: {chunks: 5}
YAML

# D: CSV rows fed to [1, 4, 4] images, average pooling, a linear activation, a sigmoid output
# with binary cross-entropy, Adagrad, batches of 9 in 3 chunks.
/usr/bin/python3 - "$TMP" <<'PY'
import random, sys
rng = random.Random(5)
with open(sys.argv[1] + "/binary.csv", "w") as f:
    for _ in range(77):
        x = [rng.uniform(0, 1) for _ in range(16)]
        f.write(",".join(f"{v:.3f}" for v in x) + f",{int(sum(x[:8]) > sum(x[8:]))}\n")
PY
cat >"$TMP/d.yaml" <<YAML
seed: 4
data: {format: csv, train: $TMP/binary.csv, header: false, target: 16, validation_split: 0.25}
model:
  input_shape: [1, 4, 4]
  layers:
    - {type: avgpool2d, size: 2}
    - {type: flatten}
    - {type: dense, units: 8, activation: linear}
    - {type: dropout, rate: 0.2}
    - {type: dense, units: 1, activation: sigmoid}
loss: binary_crossentropy
optimizer: {type: adagrad, lr: 0.05}
training: {batch_size: 9, epochs: 3}
distributed: {chunks: 3}
YAML

for net in a b c d; do
  run_expect 0 train "$TMP/$net.yaml" --out "$TMP/$net-plain" --quiet
done
for n in 1 2 3 4; do
  mpi -np "$n" "$NETTRAIN" train "$TMP/a.yaml" --out "$TMP/a-$n" --threads 1 --quiet || fail "a on $n processes"
  same_bits "$TMP/a-plain" "$TMP/a-$n"
done
[ "$(json_field "$TMP/a-3/summary.json" processes)" = 3 ] || fail "summary.json lacks processes: 3"
[ "$(json_field "$TMP/a-3/summary.json" threads)" = 1 ] || fail "summary.json lacks threads: 1"
for n in 2 3; do
  mpi -np "$n" "$NETTRAIN" train "$TMP/b.yaml" --out "$TMP/b-$n" --threads 1 --quiet || fail "b on $n processes"
  same_bits "$TMP/b-plain" "$TMP/b-$n"
  mpi -np "$n" "$NETTRAIN" train "$TMP/c.yaml" --out "$TMP/c-$n" --threads 1 --quiet || fail "c on $n processes"
  same_bits "$TMP/c-plain" "$TMP/c-$n"
  mpi -np "$n" "$NETTRAIN" train "$TMP/d.yaml" --out "$TMP/d-$n" --threads 1 --quiet || fail "d on $n processes"
  same_bits "$TMP/d-plain" "$TMP/d-$n"
done
# Two threads in each of two processes.
mpi -np 2 "$NETTRAIN" train "$TMP/a.yaml" --out "$TMP/a-2x2" --threads 2 --quiet || fail "a on 2 processes x 2 threads"
same_bits "$TMP/a-plain" "$TMP/a-2x2"

# Between machines MPI talks TCP: forced here.
mpi --mca btl tcp,self -np 2 "$NETTRAIN" train "$TMP/a.yaml" --out "$TMP/a-tcp" --threads 1 --quiet ||
  fail "a over TCP"
same_bits "$TMP/a-plain" "$TMP/a-tcp"

# A checkpoint of a 2-process run resumes on 3 processes, and on one, to the uninterrupted bits.
mpi -np 3 "$NETTRAIN" train "$TMP/a.yaml" --out "$TMP/a-resumed3" --threads 1 --quiet \
  --resume "$TMP/a-2/checkpoints/epoch-0001.bin" || fail "resume on 3 processes"
same_bits "$TMP/a-plain" "$TMP/a-resumed3"
run_expect 0 train "$TMP/a.yaml" --out "$TMP/a-resumed1" --quiet --resume "$TMP/a-3/checkpoints/epoch-0002.bin"
same_bits "$TMP/a-plain" "$TMP/a-resumed1"

# Without distributed.chunks, N processes take N chunks and say so; the resolved config records it.
sed '/^distributed:/d' "$TMP/a.yaml" >"$TMP/a-nochunks.yaml"
mpi -np 2 "$NETTRAIN" train "$TMP/a-nochunks.yaml" --out "$TMP/a-auto" --threads 1 --quiet 2>"$TMP/err" ||
  fail "a without chunks"
expect_err "distributed.chunks is not set: each batch is cut into 2 chunks"
grep -q "chunks: 2" "$TMP/a-auto/config.yaml" || fail "the resolved config lacks chunks: 2"

# SIGUSR1 to mpirun (which forwards it) stops every process after the same batch: a checkpoint,
# exit 130, and a resume (here on 3 processes) ends with the uninterrupted bits.
sed 's/epochs: 3,/epochs: 300,/' "$TMP/a.yaml" >"$TMP/long.yaml"
sed 's/epochs: 3,/epochs: 40,/' "$TMP/a.yaml" >"$TMP/forty.yaml"
run_expect 0 train "$TMP/forty.yaml" --out "$TMP/forty-plain" --quiet
got=0
mpi -np 2 "$NETTRAIN" train "$TMP/forty.yaml" --out "$TMP/stopped" --threads 1 --quiet 2>"$TMP/err" &
job=$!
for _ in $(seq 1 200); do [ -e "$TMP/stopped/checkpoints/epoch-0001.bin" ] && break; sleep 0.05; done
pkill -USR1 -f "^mpirun --oversubscribe -np 2 $NETTRAIN train $TMP/forty.yaml" || true
wait "$job" || got=$?
[ "$got" -eq 130 ] || fail "mpirun after SIGUSR1 exited $got, expected 130; stderr: $(cat "$TMP/err")"
expect_err "mpirun -np 2 nettrain train"
mpi -np 3 "$NETTRAIN" train "$TMP/forty.yaml" --out "$TMP/stopped" --threads 1 --quiet \
  --resume "$TMP/stopped/checkpoints/interrupted.bin" || fail "resume after SIGUSR1"
same_bits "$TMP/forty-plain" "$TMP/stopped"

# Ctrl-C on mpirun is Open MPI's: SIGTERM to every process a second later, SIGKILL a second after
# that, exit 1. nettrain saves what it can in that time; the job ends and the checkpoints load.
mpi -np 2 "$NETTRAIN" train "$TMP/long.yaml" --out "$TMP/ctrl-c" --threads 1 --quiet >"$TMP/out" 2>"$TMP/err" &
job=$!
for _ in $(seq 1 200); do [ -e "$TMP/ctrl-c/checkpoints/epoch-0002.bin" ] && break; sleep 0.05; done
start=$(date +%s)
pkill -INT -f "^mpirun --oversubscribe -np 2 $NETTRAIN train $TMP/long.yaml --out $TMP/ctrl-c" || true
got=0
wait "$job" || got=$?
[ "$got" -ne 0 ] || fail "mpirun finished normally after Ctrl-C"
[ $(($(date +%s) - start)) -le 30 ] || fail "the job took more than 30 s to end after Ctrl-C"
for checkpoint in "$TMP"/ctrl-c/checkpoints/*.bin; do
  run_expect 0 inspect "$checkpoint"
done

# A process killed outright ends the whole job quickly, naming it; the checkpoints stay whole.
mpi -np 2 "$NETTRAIN" train "$TMP/long.yaml" --out "$TMP/killed" --threads 1 --quiet >"$TMP/out" 2>"$TMP/err" &
job=$!
for _ in $(seq 1 200); do [ -e "$TMP/killed/checkpoints/epoch-0002.bin" ] && break; sleep 0.05; done
start=$(date +%s)
victim=$(pgrep -f "^$NETTRAIN train $TMP/long.yaml --out $TMP/killed" | tail -1)
[ -n "$victim" ] || fail "no process of the long run to kill"
kill -9 "$victim"
got=0
wait "$job" || got=$?
[ "$got" -ne 0 ] || fail "the job went on after a process was killed"
[ $(($(date +%s) - start)) -le 30 ] || fail "the job took more than 30 s to end after a process was killed"
grep -q "exited on signal 9" "$TMP/err" || fail "mpirun does not name the killed process: $(cat "$TMP/err")"
for checkpoint in "$TMP"/killed/checkpoints/epoch-*.bin; do
  run_expect 0 inspect "$checkpoint"
done

# Processes started with different configs, or one whose data cannot be read, stop the job: exit 2.
sed 's/^seed: 7/seed: 8/' "$TMP/a.yaml" >"$TMP/a-other.yaml"
got=0
mpi -np 1 "$NETTRAIN" train "$TMP/a.yaml" --out "$TMP/mixed" --quiet : \
  -np 1 "$NETTRAIN" train "$TMP/a-other.yaml" --out "$TMP/mixed" --quiet 2>"$TMP/err" || got=$?
[ "$got" -eq 2 ] || fail "different configs: mpirun exited $got, expected 2"
expect_err "process 1 of 2 runs another experiment than process 0"
sed 's|t10k-labels-idx1-ubyte.gz|missing-labels.gz|' "$TMP/a.yaml" >"$TMP/a-missing.yaml"
got=0
mpi -np 1 "$NETTRAIN" train "$TMP/a.yaml" --out "$TMP/mixed2" --quiet : \
  -np 1 "$NETTRAIN" train "$TMP/a-missing.yaml" --out "$TMP/mixed2" --quiet 2>"$TMP/err" || got=$?
[ "$got" -eq 2 ] || fail "data missing on one process: mpirun exited $got, expected 2"
expect_err "error: process 1 of 2:"
expect_err "missing-labels.gz"
[ ! -e "$TMP/mixed2/model.bin" ] || fail "a failed job left a model.bin"
echo "mpi: all checks passed"
