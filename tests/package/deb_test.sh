# The Debian package (issue #22), run by `scripts/test.sh --package` as root on a Debian 12
# machine it may change: builds the .deb (scripts/package.sh), checks its Depends came from
# dpkg-shlibdeps, installs it with apt, checks `man nettrain`, tab completion, the installed
# nettrain and scripts, builds examples/classify against the installed package, then removes the
# package and checks nothing of it is left.
set -euo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "run as root: the test installs the package with apt"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

deb=$(./scripts/package.sh | tail -1)
[ -f "$deb" ] || fail "scripts/package.sh made no .deb"
dpkg-deb --field "$deb" Depends | tee "$TMP/depends"
for lib in libc6 libstdc++6 libgomp1 libyaml-cpp0.7 libprotobuf-lite32; do
  grep -q "$lib" "$TMP/depends" || fail "Depends lacks $lib"
done
dpkg-deb --contents "$deb" | grep -q -- '-march' && fail "package holds build flags?"

apt-get install -y -q "$deb" >"$TMP/apt.log" 2>&1 || fail "apt install: $(tail -20 "$TMP/apt.log")"
[ "$(command -v nettrain)" = /usr/bin/nettrain ] || fail "nettrain is not on PATH after install"
nettrain --version
MANWIDTH=100 man nettrain | grep -q "nettrain export" || fail "man nettrain lacks the export command"
words=$(bash -c 'source /usr/share/bash-completion/completions/nettrain; COMP_WORDS=(nettrain inf); COMP_CWORD=1;
  _nettrain; echo "${COMPREPLY[*]}"')
[ "$words" = infer ] || fail "completion of 'inf' gives '$words'"
nettrain train /usr/share/nettrain/configs/iris.yaml --set data.train=data/iris.csv --set training.epochs=3 \
  --out "$TMP/iris" --quiet
nettrain-crossval --help >/dev/null
cmake -S examples/classify -B "$TMP/classify" >/dev/null && cmake --build "$TMP/classify" >/dev/null ||
  fail "examples/classify does not build against the installed package"
head -2 data/iris.csv >"$TMP/one.csv"
"$TMP/classify/classify" "$TMP/iris/model.bin" "$TMP/one.csv"

apt-get remove -y -q nettrain >"$TMP/apt.log" 2>&1 || fail "apt remove: $(tail -20 "$TMP/apt.log")"
[ ! -e /usr/bin/nettrain ] && [ ! -e /usr/include/nettrain ] || fail "files left after removal"
echo "deb package: ok"
