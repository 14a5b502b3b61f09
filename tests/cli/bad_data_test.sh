# Bad CSV data and bad model files: file and line named, exit code 2, no crash.
source "$(dirname "$0")/lib.sh"

config() {
  cat <<YAML
data: {train: $1, target: y}
model:
  input_shape: [2]
  layers: [{type: dense, units: 2, activation: softmax}]
loss: categorical_crossentropy
training: {epochs: 1}
YAML
}

# expect_data_error CSV-CONTENT TEXT...
expect_data_error() {
  local content=$1
  shift
  printf '%b' "$content" >"$TMP/data.csv"
  config "$TMP/data.csv" >"$TMP/c.yaml"
  run_expect 2 train "$TMP/c.yaml" --out "$TMP/run"
  for text in "$@"; do expect_err "$text"; done
}

expect_data_error 'a,b,y\n1,2,0\n3,4\n' "$TMP/data.csv:3" "row has 2 fields, expected 3"
expect_data_error 'a,b,y\n1,2,0\n3,x,1\n' "$TMP/data.csv:3:2" "is not a number"
expect_data_error 'a,b,y\n' "$TMP/data.csv" "no data rows"
expect_data_error '' "$TMP/data.csv"
expect_data_error 'a,b,y\n1,2,0\n"3,4,1\n' "$TMP/data.csv:3" "quote"
expect_data_error 'a,b,y\n1,2,0\n3,4,7\n' "$TMP/data.csv" "class index 7"
expect_data_error 'a,b,c,y\n1,2,3,0\n' "$TMP/data.csv" "3 features" "2"
# Values that are not finite float32 numbers never reach training as NaN or inf.
expect_data_error 'a,b,y\n1,2,0\n3,nan,1\n' "$TMP/data.csv:3:2" "(\"nan\") is not a finite number"
expect_data_error 'a,b,y\n-inf,2,0\n' "$TMP/data.csv:2:1" "is not a finite number"
expect_data_error 'a,b,y\n1,2,0\n1,1e999,1\n' "$TMP/data.csv:3:2" "is out of range for a 32-bit float"
expect_data_error 'a,b,y\n1,2,0\n1e39,2,1\n' "$TMP/data.csv:3:1" "is out of range for a 32-bit float"

# A model file truncated, or altered in one byte, is refused.
run_expect 0 train configs/xor.yaml --out "$TMP/xor" --quiet --set training.epochs=2
model="$TMP/xor/model.bin"
size=$(stat -c %s "$model")
head -c $((size - 10)) "$model" >"$TMP/truncated.bin"
run_expect 2 eval "$TMP/truncated.bin" --config configs/xor.yaml --split train
expect_err "$TMP/truncated.bin"
cp "$model" "$TMP/altered.bin"
printf '\x55' | dd of="$TMP/altered.bin" bs=1 seek=$((size / 2)) conv=notrunc status=none
run_expect 2 eval "$TMP/altered.bin" --config configs/xor.yaml --split train
expect_err "checksum"
run_expect 2 summary "$TMP/altered.bin"
printf 'NETTRAIN' >"$TMP/tiny.bin"
run_expect 2 summary "$TMP/tiny.bin"
run_expect 2 eval configs/xor.yaml --config configs/xor.yaml
expect_err "configs/xor.yaml"
echo "bad data: ok"
