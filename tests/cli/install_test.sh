# Installing (issue #22): `cmake --install` into a temporary prefix gives the program, the
# experiment scripts as nettrain-crossval/-search/-plot that run the installed binary, the manual
# page generated from the help text, bash completion, docs and configs; and the C++ API: the
# example under examples/classify builds against the installed package with find_package, in a
# CMake project of its own, and answers as `nettrain infer` does; the MPI plugin is found by the
# installed binary.
source "$(dirname "$0")/lib.sh"
BUILD=$(dirname "$NETTRAIN")
PREFIX=$TMP/prefix
cmake --install "$BUILD" --prefix "$PREFIX" >"$TMP/install.log" 2>&1 || fail "cmake --install: $(cat "$TMP/install.log")"
for f in bin/nettrain bin/nettrain-crossval bin/nettrain-search bin/nettrain-plot bin/nettrain-compare share/man/man1/nettrain.1 \
  share/bash-completion/completions/nettrain include/nettrain/nettrain.hpp share/nettrain/configs/quickstart.yaml \
  share/nettrain/scripts/experiment_lib.sh share/nettrain/samples/0008-sandal.png share/doc/nettrain/export.md \
  share/doc/nettrain/README.md; do
  [ -e "$PREFIX/$f" ] || fail "the install lacks $f"
done
config_file=$(find "$PREFIX" -name nettrainConfig.cmake)
[ -n "$config_file" ] || fail "no nettrainConfig.cmake installed"
[ -n "$(find "$PREFIX" -name 'libnettrain.so*')" ] || fail "no libnettrain.so installed"

# The public header includes standard headers alone: no Eigen, yaml-cpp, fmt or spdlog type.
grep '^#include' "$PREFIX/include/nettrain/nettrain.hpp" | grep -v '#include <[a-z_]*>$' &&
  fail "nettrain.hpp includes more than the standard library"
# The shared library exports the API and nothing of its insides.
leaked=$(nm -D --defined-only "$(find "$PREFIX" -name 'libnettrain.so.*.*' | head -1)" | c++filt |
  grep -v ' nettrain::api::' | grep -E ' [TWB] ' | grep -vE ' (_init|_fini)$' | grep -E 'Eigen|YAML|fmt|nettrain::' || true)
[ -z "$leaked" ] || fail "libnettrain.so exports internal symbols: $(echo "$leaked" | head -5)"

# The installed program runs with nothing of the build tree.
"$PREFIX/bin/nettrain" --version >"$TMP/out" || fail "installed nettrain does not run"
grep -q "^nettrain " "$TMP/out" || fail "installed nettrain --version: $(cat "$TMP/out")"
# The installed nettrain finds its installed MPI plugin (not the build tree's) under mpirun.
allow_open_mpi_leaks
[ -n "$(find "$PREFIX" -name libnettrain_mpi.so)" ] || fail "no MPI plugin installed"
OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 timeout 120 mpirun --oversubscribe -np 2 \
  "$PREFIX/bin/nettrain" train configs/xor.yaml --out "$TMP/xor-mpi" --quiet --set training.epochs=2 \
  >"$TMP/mpi.log" 2>&1 || fail "the installed nettrain under mpirun: $(cat "$TMP/mpi.log")"
[ "$(json_field "$TMP/xor-mpi/summary.json" processes)" = 2 ] || fail "the installed nettrain ran without its processes"

# The scripts run the nettrain installed beside them (NETTRAIN unset), from any directory.
(cd "$TMP" && env -u NETTRAIN "$PREFIX/bin/nettrain-crossval" "$OLDPWD/configs/iris.yaml" 2 --out "$TMP/cv" \
  -- --set "data.train=$OLDPWD/data/iris.csv" --set training.epochs=2 --quiet >"$TMP/cv.log" 2>&1) ||
  fail "nettrain-crossval: $(cat "$TMP/cv.log")"
[ -s "$TMP/cv/cv.json" ] || fail "nettrain-crossval wrote no cv.json"
env -u NETTRAIN "$PREFIX/bin/nettrain-search" --help >/dev/null || fail "nettrain-search --help"
env -u NETTRAIN "$PREFIX/bin/nettrain-plot" --help >/dev/null || fail "nettrain-plot --help"
env -u NETTRAIN "$PREFIX/bin/nettrain-compare" --help >/dev/null || fail "nettrain-compare --help"

# The manual page holds every subcommand's help text, as the program prints it.
page=$PREFIX/share/man/man1/nettrain.1
for sub in train eval gradcheck summary infer search inspect export activations; do
  line=$("$NETTRAIN" "$sub" --help | head -1)
  grep -qF -- "$line" "$page" || fail "nettrain.1 lacks the help of $sub ('$line')"
done
if command -v man >/dev/null; then
  MANWIDTH=100 man -l "$page" >"$TMP/man.txt" 2>"$TMP/man.err" || fail "man -l nettrain.1: $(cat "$TMP/man.err")"
  grep -q "nettrain export" "$TMP/man.txt" || fail "the rendered page lacks 'nettrain export'"
fi

# Completion: subcommands, flags, an option's choices, --set keys, config files.
complete_words() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _nettrain; echo "${COMPREPLY[*]}"' \
    _ "$PREFIX/share/bash-completion/completions/nettrain" "$@"
}
[ "$(complete_words nettrain exp)" = export ] || fail "completion of 'exp': $(complete_words nettrain exp)"
[ "$(complete_words nettrain infer --fo)" = --format ] || fail "completion of 'infer --fo'"
[ "$(complete_words nettrain infer --format '')" = "text json csv" ] || fail "completion of --format's choices"
[ "$(complete_words nettrain train --set training.ep)" = training.epochs= ] || fail "completion of --set keys"
(cd configs && [[ " $(complete_words nettrain train qu) " == *" quickstart.yaml "* ]]) || fail "completion of configs"
# Every --set key the completion offers is one nettrain knows.
keys=$(bash -c 'source "$1"; COMP_WORDS=(nettrain train --set ""); COMP_CWORD=3; _nettrain; echo "${COMPREPLY[*]}"' \
  _ "$PREFIX/share/bash-completion/completions/nettrain")
[ -n "$keys" ] || fail "completion offers no --set keys"
# An optimizer's or schedule's options are known to the types that have them: the key must be
# known to one of the types nettrain lists.
types_of() {
  "$NETTRAIN" gradcheck configs/iris.yaml --set "$1.type=none-such" 2>&1 | sed -n 's/.*must be one of \(.*\), got.*/\1/p' | tr -d ','
}
for key in $keys; do
  section=${key%%.*}
  types=(keep)
  [ "$section" = optimizer ] || [ "$section" = lr_schedule ] && [[ $key == *.*.* || $key == "$section".?* ]] &&
    read -r -a types <<<"$(types_of "$section")"
  known=no
  for type in "${types[@]}"; do
    sets=(--set "${key}[x]")
    [ "$type" = keep ] || sets=(--set "$section.type=$type" "${sets[@]}")
    "$NETTRAIN" gradcheck configs/iris.yaml "${sets[@]}" >/dev/null 2>"$TMP/err" || true
    grep -q "unknown key" "$TMP/err" || { known=yes; break; }
  done
  [ $known = yes ] || fail "completion offers --set ${key%=}, which nettrain does not know: $(cat "$TMP/err")"
done

# The example consumer, built against the installed package in a project of its own.
cmake -S examples/classify -B "$TMP/classify" -DCMAKE_PREFIX_PATH="$PREFIX" >"$TMP/cmake.log" 2>&1 ||
  fail "configuring examples/classify: $(cat "$TMP/cmake.log")"
cmake --build "$TMP/classify" >"$TMP/cmake.log" 2>&1 || fail "building examples/classify: $(cat "$TMP/cmake.log")"
CLASSIFY=$TMP/classify/classify
# classify_matches MODEL INPUT: classify prints infer's top class and its probability (4 decimals).
classify_matches() {
  local got want
  got=$("$CLASSIFY" "$1" "$2") || fail "classify $1 $2 failed"
  run_expect 0 infer "$1" "$2" --format json --top 1
  want=$(/usr/bin/python3 -c 'import json, sys
for line in open(sys.argv[1]):
    top = json.loads(line)["top"][0]
    print("%s %.4f" % (top["class"], top["probability"]))' "$TMP/out")
  [ "$got" = "$want" ] || fail "classify $1 $2 says '$got', infer '$want'"
}
classify_matches tests/fixtures/old_models/bars_cnn/model.bin tests/fixtures/old_models/data/vertical_bar.pgm
run_expect 0 train configs/iris.yaml --out "$TMP/iris" --set training.epochs=5 --quiet
head -2 data/iris.csv >"$TMP/one_flower.csv"
classify_matches "$TMP/iris/model.bin" "$TMP/one_flower.csv"
# Errors are exceptions with the command line's message.
"$CLASSIFY" "$TMP/none.bin" data/samples/0008-sandal.png 2>"$TMP/classify.err" && fail "classify on a missing model succeeded"
run_expect 2 infer "$TMP/none.bin" data/samples/0008-sandal.png
cmp -s "$TMP/classify.err" "$TMP/err" || fail "classify's error '$(cat "$TMP/classify.err")' is not infer's '$(cat "$TMP/err")'"
echo "install: ok"
