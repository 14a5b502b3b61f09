# summary CONFIG --set KEY=VALUE (issue #21): overrides as for train; --set KEY=null removes a
# key; a model file refuses --set.
source "$(dirname "$0")/lib.sh"
run_expect 0 summary configs/iris.yaml --set model.layers.0.units=8
expect_out "dense_1 (dense)                 (None, 8)                     40"
expect_out "Total params: 67"
run_expect 0 summary configs/iris.yaml --set training.batch_size=64
expect_out "to train at batch 64"
run_expect 0 summary configs/lenet.yaml --set training.early_stopping=null
run_expect 2 summary configs/iris.yaml --set model.layers.0.units=-1
expect_err "--set model.layers.0.units=-1"
run_expect 2 summary configs/iris.yaml --set model.layers.0.unts=3
expect_err "did you mean 'units'"
run_expect 0 train configs/iris.yaml --out "$TMP/iris" --set training.epochs=1 --quiet
run_expect 2 summary "$TMP/iris/model.bin" --set model.layers.0.units=8
expect_err "is a model file; --set applies to configs"
echo "summary overrides: ok"
