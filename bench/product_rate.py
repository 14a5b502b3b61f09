#!/usr/bin/python3
"""The best single-precision matrix product rate this machine gives in this run, as the yardstick
for nettrain's MLP step (issue #15: the step at or above 75% of it). Times OpenBLAS through
PyTorch (Debian's build, the best product library on these machines, PERF-NOTES.md) with
--threads OpenBLAS threads on the MLP's own product shapes and on a large square one, and
prints the best rate.

Prints {"best_gflops": G, "best": "...", "rates": {"2000x2000x2000": G, ...}}.
  /usr/bin/python3 bench/product_rate.py --threads 2
"""
import argparse
import json
import os
import time

# OpenBLAS reads its thread count once, when it is loaded with torch.
if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1)
    ARGS = parser.parse_args()
    os.environ["OPENBLAS_NUM_THREADS"] = str(ARGS.threads)

import torch  # noqa: E402

# (rows, inner, cols): the MLP's forward products at batch 100 (784-500-500-10), and a square
# product big enough for the library's best blocking.
SHAPES = [(100, 784, 500), (100, 500, 500), (500, 100, 784), (2000, 2000, 2000)]


def rate(m, k, n, windows=5, seconds=0.15):
    """The median rate over several short windows: one window on a virtual machine now and then
    reads twice the rate the hardware can give (a clock step), and a maximum would keep it. Each
    window is timed by the wall clock and by the process's CPU time (over the threads working);
    where the two disagree the clock stepped, and the lower rate is kept."""
    a, b = torch.rand(m, k), torch.rand(k, n)
    out = torch.empty(m, n)
    for _ in range(3):
        torch.mm(a, b, out=out)
    rates = []
    for _ in range(windows):
        count, start, cpu_start = 0, time.perf_counter(), time.process_time()
        while time.perf_counter() - start < seconds:
            torch.mm(a, b, out=out)
            count += 1
        wall, cpu = time.perf_counter() - start, (time.process_time() - cpu_start) / ARGS.threads
        rates.append(2.0 * m * k * n * count / max(wall, cpu) / 1e9)
    return sorted(rates)[len(rates) // 2]


def main():
    torch.set_num_threads(ARGS.threads)
    rates = {f"{m}x{k}x{n}": rate(m, k, n) for m, k, n in SHAPES}
    best = max(rates, key=rates.get)
    print(json.dumps({"threads": ARGS.threads, "best_gflops": rates[best], "best": best, "rates": rates}))


if __name__ == "__main__":
    main()
