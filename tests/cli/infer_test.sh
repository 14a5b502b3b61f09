# nettrain infer on the shipped sample PNGs and on CSV rows, in every output format, and its
# bad inputs. Trains one epoch of the quickstart MLP on Fashion-MNIST first.
source "$(dirname "$0")/lib.sh"

run_expect 0 train configs/quickstart.yaml --out "$TMP/q" --quiet --set training.epochs=1
check "$(json_field "$TMP/q/summary.json" test_accuracy)" '>=' 0.8
model="$TMP/q/model.bin"

# Text: one line per image, top 2 classes with probabilities; most samples are recognized
# (each file is named after its true class).
run_expect 0 infer "$model" data/samples/*.png --top 2
[ "$(wc -l <"$TMP/out")" -eq 10 ] || fail "expected 10 lines: $(cat "$TMP/out")"
grep -q '^data/samples/0002-trouser.png: Trouser (p=0\.[0-9]*), .* (p=0\.[0-9]*)$' "$TMP/out" ||
  fail "unexpected text output: $(cat "$TMP/out")"
correct=0
while IFS= read -r line; do
  file=${line%%:*}
  truth=$(basename "$file" .png | cut -d- -f2- | tr -d '-')
  predicted=$(echo "${line#*: }" | sed 's/ (p=.*//' | tr 'A-Z' 'a-z' | tr -d ' /-')
  case "$predicted" in "$truth"*) correct=$((correct + 1)) ;; esac
done <"$TMP/out"
check "$correct" '>=' 7

run_expect 0 infer "$model" data/samples/0000-ankle-boot.png --format json --top 3
grep -q '^{"input": "data/samples/0000-ankle-boot.png", "top": \[{"class": "[^"]*", "index": [0-9], "probability": [0-9.e-]*}, {.*}, {.*}\]}$' "$TMP/out" ||
  fail "unexpected json: $(cat "$TMP/out")"

run_expect 0 infer "$model" data/samples/0000-ankle-boot.png data/samples/0001-pullover.png --format csv --top 1
[ "$(head -1 "$TMP/out")" = "input,row,class_1,probability_1" ] || fail "csv header: $(cat "$TMP/out")"
[ "$(wc -l <"$TMP/out")" -eq 3 ] || fail "csv rows: $(cat "$TMP/out")"

# --invert turns a light-on-dark sample into dark-on-light; the answer changes but it runs.
run_expect 0 infer "$model" data/samples/0002-trouser.png --invert
expect_out "data/samples/0002-trouser.png: "

# CSV inputs: one prediction per row, named FILE:ROW, a header row skipped.
run_expect 0 train configs/iris.yaml --out "$TMP/iris" --quiet
printf 'sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n' >"$TMP/flowers.csv"
run_expect 0 infer "$TMP/iris/model.bin" "$TMP/flowers.csv" --top 1
expect_out "$TMP/flowers.csv:1: setosa (p="
expect_out "$TMP/flowers.csv:2: virginica (p="
run_expect 0 infer "$TMP/iris/model.bin" "$TMP/flowers.csv" --format json --top 1
expect_out "{\"input\": \"$TMP/flowers.csv\", \"row\": 2, \"top\": [{\"class\": \"virginica\""

# Bad inputs: exit 2, the file named.
printf 'not a png' >"$TMP/fake.png"
run_expect 2 infer "$model" "$TMP/fake.png"
expect_err "$TMP/fake.png"
run_expect 2 infer "$model" "$TMP/missing.png"
expect_err "$TMP/missing.png"
run_expect 2 infer "$TMP/iris/model.bin" data/samples/0000-ankle-boot.png
expect_err "is an image, but the model takes 4 features"
printf '1,2,3\n' >"$TMP/short.csv"
run_expect 2 infer "$TMP/iris/model.bin" "$TMP/short.csv"
expect_err "$TMP/short.csv:1: row has 3 fields; the model takes 4 features"
printf '1,2,x,4\n' >"$TMP/text.csv"
run_expect 2 infer "$TMP/iris/model.bin" "$TMP/text.csv"
expect_err "$TMP/text.csv:1"
run_expect 2 infer configs/iris.yaml data/samples/0000-ankle-boot.png
expect_err "configs/iris.yaml"
run_expect 2 infer "$model" data/samples/0000-ankle-boot.png --top 0
run_expect 2 infer "$model" data/samples/0000-ankle-boot.png --format xml
echo "infer: ok"
