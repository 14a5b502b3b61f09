# bench/curves.py --plot (scripts/bench.sh --curves draws with it): both PNGs and the
# docs/benchmarks.md section from a small fixture, a point without dlib shown as a dash. The
# measuring itself takes minutes and needs PyTorch, so it is left to scripts/bench.sh.
source "$(dirname "$0")/lib.sh"

script_expect 0 /usr/bin/python3 bench/curves.py --plot tests/fixtures/bench/curves.json --images "$TMP/images"
for name in curve_batch curve_width; do
  png=$TMP/images/$name.png
  [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$png is not a PNG"
  [ "$(wc -c <"$png")" -gt 10000 ] || fail "$png is too small to show curves"
  expect_out "$png"
done
expect_out "Test CPU, 2 cores, avx2"
expect_out "| 1 | 2000 | 15000 | 900 | 3000 | 16.67x | 5.00x |"
expect_out "| 128 | 30000 | 200000 | 70000 | — | 2.86x | — |"
expect_out "![throughput against batch size](images/curve_batch.png)"
[ -z "$(find "$TMP/images" -name '*.tmp')" ] || fail "temporary files left: $(ls "$TMP/images")"
echo "bench curves: plots and table drawn from the fixture"
