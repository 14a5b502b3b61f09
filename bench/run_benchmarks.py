#!/usr/bin/python3
"""Side-by-side benchmarks of nettrain, the PyTorch reference (bench/pytorch_reference.py) and,
when it is built, the dlib reference (bench/dlib_reference.cpp), run interleaved (A B C A B C) in
one invocation so that all see the same machine. Writes docs/benchmarks.md and
bench/results/latest.json. Called by scripts/bench.sh, which builds nettrain and dlib_reference
and installs the references' packages first.

  /usr/bin/python3 bench/run_benchmarks.py [--quick] [--reps N] [--nettrain build/nettrain] [--dlib build/dlib_reference]
"""
import argparse
import datetime
import gzip
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = "/usr/share/datasets/fashion-mnist"
PYTHON = "/usr/bin/python3"
SAMPLE_PNG = os.path.join(ROOT, "data/samples/0000-ankle-boot.png")

# PyTorch at its best on this machine (PERF-NOTES.md): OpenBLAS's own kernel choice, one BLAS
# thread under ATen's two, and glibc keeping freed memory instead of returning it to the kernel.
TORCH_ENV = dict(os.environ, OPENBLAS_NUM_THREADS="1",
                 GLIBC_TUNABLES="glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=1073741824")
TORCH_ENV.pop("OPENBLAS_CORETYPE", None)
# dlib gets the same OpenBLAS and allocator settings; dlib_reference --threads sets OpenBLAS's
# thread count itself (2, as PyTorch's ATen threads): dlib's products are where its threads work.
DLIB_ENV = TORCH_ENV
NETTRAIN_ENV = dict(os.environ)

# --isa avx2 measures this machine as one of its kind without AVX-512 (issue #15: "we must win
# on both"): nettrain built with -mno-avx512f (scripts/bench.sh --avx2), PyTorch's own kernels
# held to AVX2 and every program's OpenBLAS to its Haswell (AVX2) kernels.
AVX2_ENV = {"ATEN_CPU_CAPABILITY": "avx2", "OPENBLAS_CORETYPE": "Haswell"}


def run(command, env=None, capture=True):
    """Runs command under /usr/bin/time; returns (stdout, peak RSS in MiB, wall seconds)."""
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "PEAK_RSS_KB %M"] + command, cwd=ROOT, env=env,
                            stdout=subprocess.PIPE if capture else subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"benchmark command failed ({result.returncode}): {' '.join(command)}\n{result.stderr[-2000:]}")
    rss = int(re.findall(r"PEAK_RSS_KB (\d+)", result.stderr)[-1]) / 1024.0
    return result.stdout or "", rss, seconds


def write_subset(directory, count, test_count=None):
    """The first `count` training samples of Fashion-MNIST as IDX files, plus the first
    `test_count` test samples (default: the full test set, linked)."""
    os.makedirs(directory, exist_ok=True)
    for split, n in (("train", count), ("t10k", test_count)):
        for kind, header in (("images-idx3", 16), ("labels-idx1", 8)):
            target = f"{directory}/{split}-{kind}-ubyte.gz"
            if n is None:
                if not os.path.exists(target):
                    os.symlink(f"{DATA}/{split}-{kind}-ubyte.gz", target)
                continue
            with gzip.open(f"{DATA}/{split}-{kind}-ubyte.gz", "rb") as f:
                data = f.read()
            item = 784 if kind.startswith("images") else 1
            head = bytearray(data[:header])
            head[4:8] = n.to_bytes(4, "big")
            with gzip.open(target, "wb", compresslevel=1) as f:
                f.write(bytes(head) + data[header:header + n * item])
    return directory


def write_csv(path, copies=1):
    """Fashion-MNIST's 60,000 training samples as a CSV (784 pixel columns, then the label),
    `copies` times over: the data of the streaming workload."""
    with gzip.open(f"{DATA}/train-images-idx3-ubyte.gz", "rb") as f:
        pixels = f.read()[16:]
    with gzip.open(f"{DATA}/train-labels-idx1-ubyte.gz", "rb") as f:
        labels = f.read()[8:]
    rows = [",".join(map(str, pixels[i * 784:(i + 1) * 784])) + f",{labels[i]}\n" for i in range(len(labels))]
    with open(path, "w") as f:
        f.write(",".join([f"p{i}" for i in range(784)] + ["label"]) + "\n")
        for _ in range(copies):
            f.writelines(rows)
    return path


def nettrain_sets(data_dir):
    return ["--set", f"data.train={data_dir}/train-images-idx3-ubyte.gz",
            "--set", f"data.train_labels={data_dir}/train-labels-idx1-ubyte.gz",
            "--set", f"data.test={data_dir}/t10k-images-idx3-ubyte.gz",
            "--set", f"data.test_labels={data_dir}/t10k-labels-idx1-ubyte.gz"]


def nettrain_train(args, config, data_dir, epochs, extra=(), threads=2):
    out = tempfile.mkdtemp(prefix="bench-nettrain-")
    command = [args.nettrain, "train", config, "--out", out, "--quiet", "--threads", str(threads),
               "--set", f"training.epochs={epochs}"] + nettrain_sets(data_dir) + list(extra)
    _, rss, _ = run(command, env=NETTRAIN_ENV)
    with open(f"{out}/metrics.csv") as f:
        rows = list(csv_rows(f.read()))
    with open(f"{out}/summary.json") as f:
        summary = json.load(f)
    return {"epoch_seconds": [float(r["seconds"]) for r in rows], "test_accuracy": summary["test_accuracy"],
            "samples_per_second": summary["samples_per_second"], "peak_rss_mib": rss, "model": f"{out}/model.bin",
            "command": " ".join(command)}


def reference_train(command, env):
    """Runs a reference (PyTorch's or dlib's: one JSON line per epoch, then a final one)."""
    stdout, rss, _ = run(command, env=env)
    lines = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    final = lines[-1]
    return {"epoch_seconds": [line["seconds"] for line in lines[:-1]], "test_accuracy": final["test_accuracy"],
            # Over all epochs, the first included, as nettrain's summary.json counts it (bench/curves.py).
            "samples_per_second": sum(line["seconds"] * line["samples_per_second"] for line in lines[:-1]) /
                                  sum(line["seconds"] for line in lines[:-1]),
            "final": final, "peak_rss_mib": rss, "command": " ".join(command)}


def torch_train(model, data_dir, epochs, extra=(), threads=2, save=None):
    command = [PYTHON, "bench/pytorch_reference.py", "--model", model, "--epochs", str(epochs), "--data", data_dir,
               "--threads", str(threads)] + list(extra) + (["--save", save] if save else [])
    return reference_train(command, TORCH_ENV)


def dlib_train(args, model, data_dir, epochs, extra=(), threads=2):
    command = [args.dlib, "--model", model, "--epochs", str(epochs), "--data", data_dir,
               "--threads", str(threads)] + list(extra)
    return reference_train(command, DLIB_ENV)


def have_dlib(args):
    if os.access(args.dlib, os.X_OK):
        return True
    print(f"note: {args.dlib} not built (libdlib-dev missing?); dlib left out", file=sys.stderr)
    return False


def csv_rows(text):
    lines = text.strip().splitlines()
    header = lines[0].split(",")
    for line in lines[1:]:
        yield dict(zip(header, line.split(",")))


def steady(epoch_seconds):
    """Median epoch time, leaving out the first epoch (warm-up) when there are more."""
    return statistics.median(epoch_seconds[1:] if len(epoch_seconds) > 1 else epoch_seconds)


def pair_speedups(ours, theirs):
    """nettrain's speed-up in each A B pair of throughput runs: the spread a drifting machine leaves."""
    return [steady(b["epoch_seconds"]) / steady(a["epoch_seconds"]) for a, b in zip(ours, theirs)]


def interleaved(reps, *programs):
    """Runs each program once in turn, reps times (A B C A B C); one list of results per program."""
    results = [[] for _ in programs]
    for _ in range(reps):
        for program, runs in zip(programs, results):
            runs.append(program())
    return results


def throughput(n, epochs, ours, theirs, dlib=None):
    """A training-throughput workload: n samples an epoch, nettrain's, PyTorch's and dlib's runs."""
    rate = lambda runs: statistics.median(n / steady(r["epoch_seconds"]) for r in runs)
    entry = {"unit": "samples/s", "epochs": epochs, "nettrain": rate(ours), "pytorch": rate(theirs),
             "pair_speedups": pair_speedups(ours, theirs),
             "nettrain_rss_mib": max(r["peak_rss_mib"] for r in ours),
             "pytorch_rss_mib": max(r["peak_rss_mib"] for r in theirs),
             # After `epochs` epochs, each program starting from its own default init.
             "test_accuracy": {"nettrain": ours[0]["test_accuracy"], "pytorch": theirs[0]["test_accuracy"]},
             "commands": [ours[0]["command"], theirs[0]["command"]]}
    if dlib:
        entry.update(dlib=rate(dlib), dlib_pair_speedups=pair_speedups(ours, dlib),
                     dlib_rss_mib=max(r["peak_rss_mib"] for r in dlib))
        entry["test_accuracy"]["dlib"] = dlib[0]["test_accuracy"]
        entry["commands"].append(dlib[0]["command"])
    return entry


# The augmentation whose cost is measured: every transform at once, the dearest case.
AUGMENT = ("data.augment={rotation_range: 15, width_shift_range: 0.1, height_shift_range: 0.1, zoom_range: 0.1, "
           "shear_range: 5, horizontal_flip: true, brightness_range: [0.8, 1.2]}")

# configs/fashion_mlp.yaml's widths.
MLP_WIDTHS = [784, 500, 500, 10]


def mlp_flops_per_sample(widths):
    """Multiply-adds x 2 of one training sample: the forward products, the weight gradients, and
    the input gradients of every layer but the first (nothing needs the input's)."""
    products = [a * b for a, b in zip(widths, widths[1:])]
    return 2 * (3 * sum(products) - products[0])


def product_rate(args):
    """The best single-precision product rate of this run: OpenBLAS (through PyTorch) at 1 and 2
    threads, and Eigen's own threaded product (build/micro_benchmarks), whichever is faster."""
    runs = [json.loads(run([PYTHON, "bench/product_rate.py", "--threads", str(t)], env=TORCH_ENV)[0]) for t in (1, 2)]
    candidates = [{"gflops": r["best_gflops"], "shape": r["best"], "threads": r["threads"], "library": "OpenBLAS through PyTorch"}
                  for r in runs]
    micro = os.path.join(os.path.dirname(args.nettrain), "micro_benchmarks")
    if os.access(micro, os.X_OK):
        out = json.loads(run([micro, "--benchmark_filter=BM_EigenGemmSquare", "--benchmark_format=json",
                              "--benchmark_repetitions=3", "--benchmark_report_aggregates_only=true"], env=NETTRAIN_ENV)[0])
        for b in out["benchmarks"]:
            if b.get("aggregate_name") == "median":
                threads = int(b["run_name"].split("/")[1])
                candidates.append({"gflops": b["GFLOP/s"], "shape": "2000x2000x2000", "threads": threads,
                                   "library": "Eigen (build/micro_benchmarks)"})
    best = max(candidates, key=lambda c: c["gflops"])
    return dict(best, candidates=candidates, runs=runs)


# The textbook 2-2-2 network on its one sample, one step per epoch (docs/runs.md#metricscsv-as-the-run-goes).
TINY_CONFIG = """seed: 1
data: {{format: csv, train: {data}, target: [y1, y2], task: regression}}
model:
  input_shape: [2]
  layers:
    - {{type: dense, units: 2, activation: sigmoid}}
    - {{type: dense, units: 2, activation: sigmoid}}
loss: mse
optimizer: {{type: sgd, lr: 0.5}}
training: {{batch_size: 1, epochs: 1}}
"""


def tiny_epochs(args, work, reps, epochs):
    """Whole nettrain processes of `epochs` and 2 x `epochs` tiny epochs (progress log on, as a
    user sees it), beside PyTorch's loop of the same steps with its import left out."""
    os.makedirs(f"{work}/tiny", exist_ok=True)
    with open(f"{work}/tiny/one.csv", "w") as f:
        f.write("x1,x2,y1,y2\n0.05,0.10,0.01,0.99\n")
    with open(f"{work}/tiny/t222.yaml", "w") as f:
        f.write(TINY_CONFIG.format(data=f"{work}/tiny/one.csv"))
    ours = lambda n: run([args.nettrain, "train", f"{work}/tiny/t222.yaml", "--out", f"{work}/tiny/run", "--set",
                          f"training.epochs={n}"])[2]
    theirs = lambda: json.loads(run([PYTHON, "bench/pytorch_tiny_epochs.py", "--steps", str(epochs)],
                                    env=TORCH_ENV)[0])["seconds"]
    single, double, torch_loop = [], [], []
    for _ in range(reps):  # interleaved
        single.append(ours(epochs))
        double.append(ours(2 * epochs))
        torch_loop.append(theirs())
    return {"unit": "s", "lower_is_better": True, "nettrain": statistics.median(single),
            "pytorch": statistics.median(torch_loop), "nettrain_double_epochs": statistics.median(double),
            "growth": statistics.median(double) / statistics.median(single),
            "pair_speedups": [t / a for a, t in zip(single, torch_loop)],
            "commands": [f"{args.nettrain} train t222.yaml --set training.epochs={epochs}",
                         f"{PYTHON} bench/pytorch_tiny_epochs.py --steps {epochs}"]}


def machine():
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    flags = next((line.split(":", 1)[1].split() for line in open("/proc/cpuinfo") if line.startswith("flags")), [])
    simd = "AVX-512" if "avx512f" in flags else "AVX2 + FMA" if "avx2" in flags else "SSE"
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    torch_version = subprocess.run([PYTHON, "-c", "import torch; print(torch.__version__)"], capture_output=True,
                                   text=True).stdout.strip()
    return {"cpu": model, "cores": os.cpu_count(), "simd": simd,
            "isa": " ".join(f for f in ("avx2", "avx512f") if f in flags), "memory_gib": memory,
            "kernel": platform.release(), "torch": torch_version}


def dlib_setup(run):
    """What a dlib run reported about itself: its version, the BLAS it loaded and that BLAS's threads."""
    return {key: run["final"][key] for key in ("dlib", "blas", "blas_config", "blas_threads")}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few hundred steps of each workload")
    parser.add_argument("--reps", type=int, default=3, help="interleaved repetitions of each throughput run")
    parser.add_argument("--nettrain", default=os.path.join(ROOT, "build/nettrain"))
    parser.add_argument("--dlib", default=os.path.join(ROOT, "build/dlib_reference"),
                        help="the dlib reference; left out when it is not built")
    parser.add_argument("--no-docs", action="store_true", help="print the results, leave docs/benchmarks.md alone")
    parser.add_argument("--isa", choices=("native", "avx2"), default="native",
                        help="avx2: the throughput workloads as on a machine without AVX-512 (results/latest-avx2.json)")
    parser.add_argument("--docs-only", action="store_true",
                        help="rewrite docs/benchmarks.md from bench/results/latest.json and bench/analysis.md, measure nothing")
    args = parser.parse_args()
    if args.docs_only:
        with open(f"{ROOT}/bench/results/latest.json") as f:
            report = markdown(json.load(f))
        with open(f"{ROOT}/docs/benchmarks.md", "w") as f:
            f.write(report)
        return
    if args.isa == "avx2":
        for env in (TORCH_ENV, NETTRAIN_ENV):
            env.update(AVX2_ENV)
    work = tempfile.mkdtemp(prefix="nettrain-bench-")
    quick = args.quick
    results = {"machine": machine(), "quick": quick, "date": datetime.date.today().isoformat(), "workloads": {},
               "isa": args.isa}
    if args.isa == "avx2":
        results["machine"]["simd"] = "AVX2 only (AVX-512 left unused, see --isa)"
    full = not quick and args.isa == "native"  # the accuracy runs, inference and tiny epochs
    w = results["workloads"]
    dlib = have_dlib(args)

    # 1. The MLP, steady-state epochs (and its accuracy after 20 epochs in a full run).
    mlp_data = write_subset(f"{work}/mlp", 30000 if quick else 60000)
    mlp_epochs = 2 if quick else 3
    ours, theirs, *peer = interleaved(
        args.reps, lambda: nettrain_train(args, "configs/fashion_mlp.yaml", mlp_data, mlp_epochs),
        lambda: torch_train("mlp", mlp_data, mlp_epochs, save=f"{work}/mlp.pt"),
        *([lambda: dlib_train(args, "mlp", mlp_data, mlp_epochs)] if dlib else []))
    w["mlp"] = throughput(30000 if quick else 60000, mlp_epochs, ours, theirs, *peer)
    if dlib:
        results["machine"]["dlib"] = dlib_setup(peer[0][0])
    # The MLP step's product rate against the machine's best, measured in the same run.
    w["mlp"]["step_gflops"] = w["mlp"]["nettrain"] * mlp_flops_per_sample(MLP_WIDTHS) / 1e9
    results["product_rate"] = product_rate(args)
    if full:
        # The same recipe on both sides (Keras' start: Glorot-uniform weights, zero biases, Adam eps
        # 1e-7), and for reference PyTorch with its own defaults.
        ours20 = nettrain_train(args, "configs/fashion_mlp.yaml", mlp_data, 20)
        theirs20 = torch_train("mlp", mlp_data, 20, ["--init", "keras"])
        theirs20_default = torch_train("mlp", mlp_data, 20)
        w["mlp_accuracy_20_epochs"] = {"unit": "test accuracy", "nettrain": ours20["test_accuracy"],
                                       "pytorch": theirs20["test_accuracy"],
                                       "commands": [ours20["command"], theirs20["command"]]}
        w["mlp_accuracy_20_epochs_torch_init"] = {"unit": "test accuracy", "nettrain": ours20["test_accuracy"],
                                                  "pytorch": theirs20_default["test_accuracy"],
                                                  "commands": [theirs20_default["command"]]}

    # 2. The CNN.
    cnn_n = 10000 if quick else 60000
    cnn_data = write_subset(f"{work}/cnn", cnn_n)
    cnn_epochs = 1 if quick else 2
    ours, theirs, *peer = interleaved(
        args.reps, lambda: nettrain_train(args, "configs/fashion_cnn.yaml", cnn_data, cnn_epochs),
        lambda: torch_train("cnn", cnn_data, cnn_epochs),
        *([lambda: dlib_train(args, "cnn", cnn_data, cnn_epochs)] if dlib else []))
    w["cnn"] = throughput(cnn_n, cnn_epochs, ours, theirs, *peer)
    if full:
        # As for the MLP: the same recipe on both sides, and PyTorch's own start for reference.
        theirs_keras = torch_train("cnn", cnn_data, cnn_epochs, ["--init", "keras"])
        w["cnn_accuracy_2_epochs"] = {"unit": "test accuracy", "nettrain": ours[0]["test_accuracy"],
                                      "pytorch": theirs_keras["test_accuracy"], "commands": [theirs_keras["command"]]}
        w["cnn_accuracy_2_epochs_torch_init"] = {"unit": "test accuracy", "nettrain": ours[0]["test_accuracy"],
                                                 "pytorch": theirs[0]["test_accuracy"]}

    # 2b. What data.augment costs the CNN: the same training with and without it, interleaved.
    aug_n = 10000 if quick else 20000
    aug_data = write_subset(f"{work}/augment", aug_n)
    augmented, plain = interleaved(
        args.reps, lambda: nettrain_train(args, "configs/fashion_cnn.yaml", aug_data, 2, ["--set", AUGMENT]),
        lambda: nettrain_train(args, "configs/fashion_cnn.yaml", aug_data, 2))
    rate = lambda runs: statistics.median(aug_n / steady(r["epoch_seconds"]) for r in runs)
    results["augmentation"] = {"augmented": rate(augmented), "plain": rate(plain),
                               "pairs": [steady(p["epoch_seconds"]) / steady(a["epoch_seconds"])
                                         for a, p in zip(augmented, plain)],
                               "command": augmented[0]["command"]}

    # 2c. Data left on disk (data.in_memory: false) against the same CSV in memory, the file in
    # the page cache; and in a full run the peak RSS of a 1 GB CSV read from disk.
    csv = write_csv(f"{work}/fashion.csv")
    csv_sets = ["--set", f"data.train={csv}", "--set", "data.format=csv", "--set", "data.target=label",
                "--set", "data.train_labels=null", "--set", "data.test=null", "--set", "data.test_labels=null"]
    csv_train = lambda in_memory, path=csv, epochs=3: nettrain_train(
        args, "configs/fashion_mlp.yaml", work, epochs, csv_sets + ["--set", f"data.train={path}",
                                                                   "--set", f"data.in_memory={in_memory}"])
    disk, memory = interleaved(args.reps, lambda: csv_train("false"), lambda: csv_train("true"))
    rate = lambda runs: statistics.median(60000 / steady(r["epoch_seconds"]) for r in runs)
    results["streaming"] = {"disk": rate(disk), "memory": rate(memory),
                            "pairs": [steady(m["epoch_seconds"]) / steady(d["epoch_seconds"]) for d, m in zip(disk, memory)],
                            "disk_rss_mib": max(r["peak_rss_mib"] for r in disk),
                            "memory_rss_mib": max(r["peak_rss_mib"] for r in memory), "command": disk[0]["command"]}
    if full:
        big = write_csv(f"{work}/big.csv", copies=8)
        os.remove(csv)
        big_run = csv_train("false", big, 1)
        results["streaming"].update(big_csv_bytes=os.path.getsize(big), big_csv_rss_mib=big_run["peak_rss_mib"],
                                    big_csv_samples_per_second=480000 / big_run["epoch_seconds"][0])
        os.remove(big)

    # 3. Stochastic gradient descent, one sample per step, each program at its faster thread
    # count: nettrain with both cores (its default), PyTorch at 1 and at 2 threads, the faster
    # counting. Two epochs, the second timed, as the steady state of the other workloads.
    sgd_n = 2000 if quick else 10000
    sgd_data = write_subset(f"{work}/sgd", sgd_n)
    sgd_sets = ["--set", "training.batch_size=1", "--set", "optimizer={type: sgd, lr: 0.01}"]
    torch_sgd = lambda threads: torch_train("mlp", sgd_data, 2, ["--batch-size", "1", "--optimizer", "sgd"], threads=threads)
    per_step = lambda runs: statistics.median(steady(r["epoch_seconds"]) / sgd_n * 1e6 for r in runs)
    ours, torch_1, torch_2 = interleaved(args.reps, lambda: nettrain_train(args, "configs/fashion_mlp.yaml", sgd_data, 2, sgd_sets),
                                         lambda: torch_sgd(1), lambda: torch_sgd(2))
    theirs = min(torch_1, torch_2, key=per_step)
    w["sgd_batch_1"] = {"unit": "µs/step", "lower_is_better": True, "nettrain": per_step(ours),
                        "pytorch": per_step(theirs), "pytorch_1_thread": per_step(torch_1),
                        "pytorch_2_threads": per_step(torch_2),
                        "pair_speedups": [min(per_step([t1]), per_step([t2])) / per_step([a])
                                          for a, t1, t2 in zip(ours, torch_1, torch_2)],
                        "commands": [ours[0]["command"], theirs[0]["command"]]}

    if args.isa == "native":
        # 4. Classify one PNG, whole process, with the MLPs of workload 1.
        infer_reps = 5 if quick else 15
        model_bin = f"{work}/model.bin"
        os.replace(nettrain_train(args, "configs/fashion_mlp.yaml", mlp_data, 1)["model"], model_bin)
        ours, theirs = interleaved(infer_reps, lambda: run([args.nettrain, "infer", model_bin, SAMPLE_PNG])[2],
                                   lambda: run([PYTHON, "bench/pytorch_infer.py", f"{work}/mlp.pt", SAMPLE_PNG], env=TORCH_ENV)[2])
        w["infer_one_png"] = {"unit": "ms", "lower_is_better": True, "nettrain": statistics.median(ours) * 1000,
                              "pytorch": statistics.median(theirs) * 1000,
                              "commands": [f"{args.nettrain} infer MODEL {SAMPLE_PNG}",
                                           f"{PYTHON} bench/pytorch_infer.py MODEL.pt {SAMPLE_PNG}"]}

        # 5. Many tiny epochs: the per-epoch cost of the run itself.
        w["tiny_epochs"] = tiny_epochs(args, work, 3 if quick else 5, 2000 if quick else 10000)

    for r in w.values():
        r["speedup"] = (r["pytorch"] / r["nettrain"]) if r.get("lower_is_better") else (r["nettrain"] / r["pytorch"])
        if "dlib" in r:
            r["dlib_speedup"] = r["nettrain"] / r["dlib"]
    os.makedirs(f"{ROOT}/bench/results", exist_ok=True)
    name = "latest-quick.json" if quick else "latest-avx2.json" if args.isa == "avx2" else "latest.json"
    with open(f"{ROOT}/bench/results/{name}", "w") as f:
        json.dump(results, f, indent=2)
    report = markdown(results)
    print(report)
    if not quick and args.isa == "native" and not args.no_docs:
        with open(f"{ROOT}/docs/benchmarks.md", "w") as f:
            f.write(report)


TARGETS = {"mlp": ("MLP training throughput", 2.0), "cnn": ("CNN training throughput", 1.5),
           "sgd_batch_1": ("SGD, batch 1, per step", 10.0), "infer_one_png": ("classify one PNG, whole process", 20.0),
           "tiny_epochs": ("10000 tiny epochs, whole process vs PyTorch's loop alone", 10.0)}


def figure(value):
    """One decimal for the large figures, three significant digits for seconds of tiny runs."""
    return f"{value:.1f}" if abs(value) >= 10 else f"{value:.3g}"


def ratio_cells(r, value_key, speedup_key, pairs_key):
    """A program's value, nettrain's speed-up over it and the speed-up in each pair; dashes when not run."""
    if value_key not in r:
        return ["—", "—", ""]
    return [figure(r[value_key]), f"{r[speedup_key]:.2f}x", ", ".join(f"{x:.2f}x" for x in r.get(pairs_key, []))]


TABLE_HEADER = ["| workload | nettrain | PyTorch | nettrain speed-up | in each A B pair | dlib | speed-up over dlib | "
                "in each A C pair | target (over PyTorch) |",
                "|---|---|---|---|---|---|---|---|---|"]


def workload_rows(w):
    """One table row per workload measured, with its ratios and target."""
    lines = []
    for key, (title, target) in TARGETS.items():
        if key not in w:  # a workload added after the run
            continue
        r = w[key]
        met = "met" if r["speedup"] >= target else "not met"
        lines.append(f"| {title} ({r['unit']}) | {figure(r['nettrain'])} | "
                     + " | ".join(ratio_cells(r, "pytorch", "speedup", "pair_speedups")) + " | "
                     + " | ".join(ratio_cells(r, "dlib", "dlib_speedup", "dlib_pair_speedups")) + f" | ≥ {target}x: {met} |")
    return lines


def product_rate_lines(results):
    """The MLP step's rate against the best product rate measured in the same run."""
    w = results["workloads"]
    lines = []
    if "product_rate" in results:
        p = results["product_rate"]
        fraction = w["mlp"]["step_gflops"] / p["gflops"]
        lines += ["", f"MLP training step: {w['mlp']['step_gflops']:.1f} GFLOP/s "
                      f"({mlp_flops_per_sample(MLP_WIDTHS) / 1e6:.3f} MFLOP a sample), "
                      f"{100 * fraction:.0f}% of the best single-precision product rate measured in this run, "
                      f"{p['gflops']:.1f} GFLOP/s ({p.get('library', 'OpenBLAS through PyTorch')}, {p['threads']} thread(s), "
                      f"{p['shape']}). Target ≥ 75%: {'met' if fraction >= 0.75 else 'not met'}."]
        if "candidates" in p:
            lines.append("All rates measured (`bench/product_rate.py`, `BM_EigenGemmSquare`): " + "; ".join(
                f"{c['library']}, {c['threads']} thread(s), {c['shape']}: {c['gflops']:.1f} GFLOP/s "
                f"(the step at {100 * w['mlp']['step_gflops'] / c['gflops']:.0f}%)" for c in p["candidates"]) + ".")
    return lines


def avx2_section():
    """The throughput workloads measured as on a machine without AVX-512 (scripts/bench.sh --avx2)."""
    lines = ["## Without AVX-512", ""]
    path = os.path.join(ROOT, "bench/results/latest-avx2.json")
    if not os.path.exists(path):
        return lines + ["Not measured yet: `scripts/bench.sh --avx2`.", ""]
    with open(path) as f:
        results = json.load(f)
    m = results["machine"]
    lines += [f"Measured {results['date']} by `scripts/bench.sh --avx2` on the same kind of machine ({m['cpu']}, "
              f"{m['cores']} cores) with its AVX-512 left unused, as on the AVX2-only machines of this kind: nettrain "
              "built with `-mno-avx512f` (its products then go through OpenBLAS, `cmake/products.cmake`), PyTorch's "
              "own kernels held to AVX2 (`ATEN_CPU_CAPABILITY=avx2`) and every program's OpenBLAS to its Haswell "
              "kernels (`OPENBLAS_CORETYPE=Haswell`); otherwise as above.", ""] + TABLE_HEADER
    lines += workload_rows(results["workloads"]) + product_rate_lines(results) + [""]
    return lines


def markdown(results):
    m = results["machine"]
    w = results["workloads"]
    d = m.get("dlib")
    peers = ("the three programs interleaved (A B C A B C)" if d else "the two programs interleaved (A B A B)")
    dlib_text = (f" dlib {d['dlib']} (Debian's libdlib-dev, `bench/dlib_reference.cpp`: "
                 f"its products through {d['blas']}, {d['blas_config']}, set to {d['blas_threads']} threads, with "
                 "PyTorch's environment)." if d else
                 " dlib was not measured in this run (`build/dlib_reference` not built: install libdlib-dev).")
    lines = ["# Benchmarks: nettrain beside PyTorch and dlib", "",
             f"Measured {results['date']} by `scripts/bench.sh{' --quick' if results['quick'] else ''}` in one run, "
             f"{peers}, on "
             f"{m['cpu']} ({m['cores']} cores, {m['simd']}, {m['memory_gib']} GiB), PyTorch {m['torch']} from Debian "
             "with 2 threads (for batch-1 SGD the faster of 1 and 2 threads: "
             f"{w['sgd_batch_1']['pytorch_1_thread']:.0f} and {w['sgd_batch_1']['pytorch_2_threads']:.0f} µs a step), "
             "OpenBLAS at its own kernel choice, 1 BLAS thread and glibc's "
             "allocator told to keep freed memory (its best configuration here, see PERF-NOTES.md)." + dlib_text +
             " nettrain runs with `--threads 2` and no tuning of the environment. Throughput is the median of "
             "the steady-state epochs (the first epoch left out when there are several).", "",
             ] + TABLE_HEADER
    lines += workload_rows(w)
    for key in ("mlp", "cnn"):
        r = w[key]
        smaller = lambda other: f"{r[other] / r['nettrain_rss_mib']:.2f}x smaller" if other in r else "—"
        target = ("≤ half: " + ("met" if r["nettrain_rss_mib"] * 2 <= r["pytorch_rss_mib"] else "not met")
                  if key == "mlp" else "")
        lines.append(f"| {key.upper()} peak RSS (MiB) | {r['nettrain_rss_mib']:.0f} | {r['pytorch_rss_mib']:.0f} | "
                     f"{smaller('pytorch_rss_mib')} | | {r['dlib_rss_mib']:.0f} | {smaller('dlib_rss_mib')} | | {target} |"
                     if "dlib_rss_mib" in r else
                     f"| {key.upper()} peak RSS (MiB) | {r['nettrain_rss_mib']:.0f} | {r['pytorch_rss_mib']:.0f} | "
                     f"{smaller('pytorch_rss_mib')} | | — | — | | {target} |")
    points = lambda a, b: f"{100 * (a - b):+.2f} points"
    for key, title in (("mlp_accuracy_20_epochs", "MLP test accuracy after 20 epochs, same recipe"),
                       ("mlp_accuracy_20_epochs_torch_init", "MLP test accuracy after 20 epochs, PyTorch with its default init"),
                       ("cnn_accuracy_2_epochs", "CNN test accuracy after 2 epochs, same recipe"),
                       ("cnn_accuracy_2_epochs_torch_init", "CNN test accuracy after 2 epochs, PyTorch with its default init")):
        if key in w:
            r = w[key]
            # The target holds on the same recipe; PyTorch's own start is shown for reference.
            target = ("reference" if key.endswith("_torch_init") else
                      f"no lower (within 0.5 points): {'met' if r['nettrain'] >= r['pytorch'] - 0.005 else 'not met'}")
            lines.append(f"| {title} | {r['nettrain']:.4f} | {r['pytorch']:.4f} | {points(r['nettrain'], r['pytorch'])} | | "
                         f"— | — | | {target} |")
    # dlib has no Keras-style start to match, so its accuracy is compared each with its own init,
    # after the epochs of the throughput runs.
    for key in ("mlp", "cnn"):
        a = w[key].get("test_accuracy", {})
        if "dlib" in a:
            lines.append(f"| {key.upper()} test accuracy after {w[key]['epochs']} epochs, each with its default init | "
                         f"{a['nettrain']:.4f} | {a['pytorch']:.4f} | {points(a['nettrain'], a['pytorch'])} | | "
                         f"{a['dlib']:.4f} | {points(a['nettrain'], a['dlib'])} | | reference |")
    lines += product_rate_lines(results)
    if "tiny_epochs" in w:
        r = w["tiny_epochs"]
        lines += ["", f"Tiny epochs: twice the epochs take {r['growth']:.2f}x the time "
                      f"({r['nettrain']:.3f} s and {r['nettrain_double_epochs']:.3f} s; target ≤ 2.5x: "
                      f"{'met' if r['growth'] <= 2.5 else 'not met'}). The nettrain figure is the whole process "
                      "(start, reading the data, writing the run directory, a progress line per epoch); PyTorch's "
                      "is its training loop alone, import and setup excluded."]
    if "augmentation" in results:
        a = results["augmentation"]
        ratio = a["augmented"] / a["plain"]
        lines += ["", "<a id=\"augmentation\"></a>", f"Augmentation: the CNN trains at {a['augmented']:.0f} samples/s with "
                  "`data.augment` (rotation, shifts, zoom, shear, flips and brightness together) and "
                  f"{a['plain']:.0f} without: {100 * (1 - ratio):.1f}% slower (in each pair: "
                  + ", ".join(f"{100 * (1 - x):.1f}%" for x in a["pairs"])
                  + f"; target ≤ 10%: {'met' if ratio >= 0.9 else 'not met'})."]
    if "streaming" in results:
        r = results["streaming"]
        ratio = r["disk"] / r["memory"]
        lines += ["", "<a id=\"streaming\"></a>", f"Data left on disk (`data.in_memory: false`): the MLP on Fashion-MNIST "
                  f"as a 133 MB CSV trains at {r['disk']:.0f} samples/s from the page cache against {r['memory']:.0f} "
                  f"in memory, {100 * (1 - ratio):.1f}% slower (in each pair: "
                  + ", ".join(f"{100 * (1 - x):.1f}%" for x in r["pairs"])
                  + f"; target ≤ 20%: {'met' if ratio >= 0.8 else 'not met'}); peak RSS {r['disk_rss_mib']:.0f} MiB "
                  f"against {r['memory_rss_mib']:.0f} MiB."]
        if "big_csv_bytes" in r:
            lines[-1] += (f" A {r['big_csv_bytes'] / 1e9:.2f} GB CSV (the same rows 8 times) trains its epoch at "
                          f"{r['big_csv_samples_per_second']:.0f} samples/s with a peak RSS of {r['big_csv_rss_mib']:.0f} MiB "
                          f"(target well under 300 MB: {'met' if r['big_csv_rss_mib'] < 250 else 'not met'}).")
    lines += ["", "## Commands", ""]
    for key, r in w.items():
        for command in r.get("commands", []):
            lines.append(f"- {key}: `{command}`")
    lines.append("")
    # How cost grows with batch size and width (scripts/bench.sh --curves), when it has been measured.
    import curves  # here, not at the top: curves.py imports this module
    lines += curves.markdown_section()
    lines += avx2_section()
    # The hand-written analysis of the last full run: profiles, bounds and what was tried.
    with open(os.path.join(ROOT, "bench/analysis.md")) as f:
        lines.append(f.read())
    return "\n".join(lines)

if __name__ == "__main__":
    main()
