#!/usr/bin/python3
"""How training cost grows: the training throughput (samples/s) of nettrain, the PyTorch
reference and the dlib reference (when built) against batch size (1 to 1000, the MLP of
configs/fashion_mlp.yaml) and against hidden width (128 to 4096 in both hidden layers, batch
100), on Fashion-MNIST subsets, the programs interleaved as in run_benchmarks.py. Writes
bench/results/curves.json, docs/images/curve_batch.png and curve_width.png (gnuplot) and
docs/benchmarks.md with its curves section. Called by scripts/bench.sh --curves.

  /usr/bin/python3 bench/curves.py [--quick] [--reps N] [--nettrain build/nettrain] [--dlib build/dlib_reference]
  /usr/bin/python3 bench/curves.py --plot CURVES_JSON --images DIR   # only draw, and print the section

--quick trains a fifth of the samples of each point, once, and writes curves-quick.json and its
plots into bench/results/ only: a smoke run, not figures for the docs.
"""
import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile

import run_benchmarks as rb

RESULTS = os.path.join(rb.ROOT, "bench/results/curves.json")
IMAGES = os.path.join(rb.ROOT, "docs/images")
EPOCHS = 2  # the quantity is samples over training seconds of all epochs, as summary.json counts it
BATCHES = (1, 10, 100, 1000)
WIDTHS = (128, 256, 512, 1024, 2048, 4096)
MLP_WIDTH = 500


def step_flops(width):
    """FLOP of one sample's training step in the 784-width-width-10 MLP (about 3 times forward)."""
    return 6 * (784 * width + width * width + width * 10)


def samples(batch, width, quick):
    """Training samples an epoch for one point: a few seconds of the slowest program each. Batch 1
    is bound by per-step overhead, not FLOP, so it gets few samples; wide layers get fewer."""
    n = {1: 2000, 10: 6000}.get(batch) or min(30000, max(2000, int(round(150e9 / step_flops(width), -3))))
    return max(1000, n // 5) if quick else n


def measure(args):
    work = tempfile.mkdtemp(prefix="nettrain-curves-")
    dlib = rb.have_dlib(args)
    points = [("batch", b, MLP_WIDTH) for b in BATCHES] + [("width", 100, w) for w in WIDTHS]
    reps = 1 if args.quick else args.reps
    curves = {"machine": rb.machine(), "date": datetime.date.today().isoformat(), "quick": args.quick,
              "reps": reps, "epochs": EPOCHS, "batch": [], "width": []}
    for kind, batch, width in points:
        n = samples(batch, width, args.quick)
        # A thousand test samples: the test pass after training is not measured, so keep it short.
        data = rb.write_subset(f"{work}/n{n}", n, test_count=1000)
        sets = ["--set", f"training.batch_size={batch}", "--set", f"model.layers.0.units={width}",
                "--set", f"model.layers.1.units={width}"]
        flags = ["--batch-size", str(batch), "--hidden", str(width)]
        runs = rb.interleaved(reps, lambda: rb.nettrain_train(args, "configs/fashion_mlp.yaml", data, EPOCHS, sets),
                              lambda: rb.torch_train("mlp", data, EPOCHS, flags),
                              *([lambda: rb.dlib_train(args, "mlp", data, EPOCHS, flags)] if dlib else []))
        point = {"batch": batch, "width": width, "samples": n}
        for name, program_runs in zip(("nettrain", "pytorch", "dlib"), runs):
            point[name] = statistics.median(r["samples_per_second"] for r in program_runs)
        if dlib:
            curves["machine"]["dlib"] = rb.dlib_setup(runs[2][0])
        print(json.dumps({kind: point}), flush=True)
        curves[kind].append(point)
    return curves


# The two plots: (key in curves.json, x column, x label, file name).
PLOTS = (("batch", "batch", f"batch size (MLP 784-{MLP_WIDTH}-{MLP_WIDTH}-10)", "curve_batch.png"),
         ("width", "width", "hidden width (784-w-w-10, batch 100)", "curve_width.png"))
PROGRAMS = (("nettrain", "nettrain"), ("pytorch", "PyTorch"), ("dlib", "dlib"))


def machine_text(m):
    return f"{m['cpu']}, {m['cores']} cores, {m.get('isa') or m['simd']}"


def plot(curves, images):
    """Draws both curves as PNG into images (log-log: the figures span decades)."""
    os.makedirs(images, exist_ok=True)
    written = []
    for key, column, label, name in PLOTS:
        rows = curves[key]
        programs = [(p, title) for p, title in PROGRAMS if any(p in row for row in rows)]
        with tempfile.NamedTemporaryFile("w", suffix=".dat", delete=False) as data:
            for row in rows:
                data.write(" ".join([str(row[column])] + [str(row.get(p, "NaN")) for p, _ in programs]) + "\n")
        out = os.path.join(images, name)
        tmp = out + ".tmp"  # drawn beside it, so a failed plot never leaves a truncated image
        script = [f"set terminal pngcairo size 800,500 font ',10'", f"set output '{tmp}'",
                  f"set title 'training throughput, {machine_text(curves['machine'])}, {curves['date']}'",
                  "set logscale xy", "set grid", "set key outside right top",
                  f"set xlabel '{label}'", "set ylabel 'samples/s'", "set format y '%.0s%c'",
                  "set xtics (" + ", ".join(str(row[column]) for row in rows) + ")",
                  "plot " + ", ".join(f"'{data.name}' using 1:{i + 2} with linespoints lw 2 pt 7 title '{title}'"
                                      for i, (_, title) in enumerate(programs))]
        result = subprocess.run(["gnuplot"], input="\n".join(script) + "\n", text=True, capture_output=True)
        os.unlink(data.name)
        if result.returncode != 0:
            sys.exit(f"gnuplot failed: {result.stderr}")
        os.replace(tmp, out)
        written.append(out)
    return written


def markdown_section(path=RESULTS):
    """The docs/benchmarks.md section of the last full --curves run, or how to produce one."""
    lines = ["## How cost grows with batch size and width", ""]
    if not os.path.exists(path):
        return lines + ["Not measured yet: `scripts/bench.sh --curves` (about 10 minutes on 2 cores) measures "
                        "training throughput against batch size and hidden width, writes "
                        "`bench/results/curves.json` and draws `docs/images/curve_batch.png` and "
                        "`curve_width.png` here (`--curves --quick` is a smoke run that leaves docs/ alone).", ""]
    with open(path) as f:
        curves = json.load(f)
    m = curves["machine"]
    d = m.get("dlib")
    lines += [f"Measured {curves['date']} by `scripts/bench.sh --curves` on {machine_text(m)} (instruction sets "
              f"as /proc/cpuinfo names them). Training samples a second over {curves['epochs']} epochs of a Fashion-MNIST "
              "subset (the first epoch included, as `summary.json`'s `samples_per_second` counts it), median of "
              f"{curves['reps']} interleaved run(s); each program with 2 threads as in the table above"
              + (f", dlib {d['dlib']} with {d['blas_config']} at {d['blas_threads']} threads" if d else "") +
              ". nettrain trains configs/fashion_mlp.yaml with `--set` for the batch size and widths; "
              "PyTorch and dlib run their references with `--batch-size` and `--hidden`.", "",
              "![throughput against batch size](images/curve_batch.png)",
              "![throughput against hidden width](images/curve_width.png)", ""]
    for key, column, label, _ in PLOTS:
        lines += [f"| {label} | samples an epoch | nettrain | PyTorch | dlib | nettrain / PyTorch | nettrain / dlib |",
                  "|---|---|---|---|---|---|---|"]
        for row in curves[key]:
            dlib = f"{row['dlib']:.0f}" if "dlib" in row else "—"
            over_dlib = f"{row['nettrain'] / row['dlib']:.2f}x" if "dlib" in row else "—"
            lines.append(f"| {row[column]} | {row['samples']} | {row['nettrain']:.0f} | {row['pytorch']:.0f} | {dlib} | "
                         f"{row['nettrain'] / row['pytorch']:.2f}x | {over_dlib} |")
        lines.append("")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a fifth of the samples, once; nothing in docs/")
    parser.add_argument("--reps", type=int, default=1, help="interleaved repetitions of each point")
    parser.add_argument("--nettrain", default=os.path.join(rb.ROOT, "build/nettrain"))
    parser.add_argument("--dlib", default=os.path.join(rb.ROOT, "build/dlib_reference"))
    parser.add_argument("--no-docs", action="store_true", help="leave docs/ alone (results and plots in bench/results/)")
    parser.add_argument("--plot", metavar="CURVES_JSON", help="only draw CURVES_JSON and print its section")
    parser.add_argument("--images", help="where the PNGs go (default docs/images, bench/results for --quick)")
    args = parser.parse_args()
    if args.plot:
        print("\n".join(plot(json.load(open(args.plot)), args.images or IMAGES)))
        print("\n".join(markdown_section(args.plot)))
        return
    curves = measure(args)
    smoke = args.quick or args.no_docs
    path = RESULTS.replace(".json", "-quick.json") if args.quick else RESULTS
    with open(path, "w") as f:
        json.dump(curves, f, indent=2)
    print("\n".join(plot(curves, args.images or (os.path.dirname(RESULTS) if smoke else IMAGES))))
    print("\n".join(markdown_section(path)))
    latest = os.path.join(rb.ROOT, "bench/results/latest.json")
    if not smoke and os.path.exists(latest):
        # docs/benchmarks.md is generated as a whole: the last full run's tables with these curves.
        with open(latest) as f:
            report = rb.markdown(json.load(f))
        with open(os.path.join(rb.ROOT, "docs/benchmarks.md"), "w") as f:
            f.write(report)


if __name__ == "__main__":
    main()
