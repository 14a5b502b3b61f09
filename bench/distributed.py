#!/usr/bin/env python3
"""Data-parallel training on this machine, measured, and projected to clusters (docs/distributed.md).

Runs the Fashion-MNIST MLP and CNN of configs/ in turn (interleaved repetitions) as
  one process x 2 threads, distributed.chunks 1 (the plain default) and 2 (the bits of 2 processes),
  mpirun -np 2 x 1 thread over shared memory, and over TCP (--mca btl tcp,self),
reads each run's summary.json (training throughput, seconds spent combining gradients, bytes sent
per step), and writes the table and an alpha-beta projection for 8, 32 and 128 processes on 10 and
100 Gbit/s networks between the markers of docs/distributed.md, and bench/results/distributed.json.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_benchmarks import ROOT, machine  # noqa: E402

DOC = os.path.join(ROOT, "docs/distributed.md")
BEGIN, END = "<!-- measured:begin -->", "<!-- measured:end -->"

WORKLOADS = {
    "MLP 784-500-500-10": ("configs/fashion_mlp.yaml", ["data.validation_split=0"]),
    "CNN 2 conv + dense 1024": ("configs/fashion_cnn.yaml", ["data.limit=6000"]),
}
SETUPS = [
    ("1 process x 2 threads, chunks 1", 1, 2, 1, []),
    ("1 process x 2 threads, chunks 2", 1, 2, 2, []),
    ("2 processes x 1 thread, shared memory", 2, 1, 2, []),
    ("2 processes x 1 thread, TCP", 2, 1, 2, ["--mca", "btl", "tcp,self"]),
]
# Networks of the projection: latency alpha (s) and bandwidth beta (bytes/s) of one link, as
# MPI over TCP on 10 Gbit/s Ethernet and over RDMA on 100 Gbit/s commonly reach.
NETWORKS = {"10 Gbit/s": (30e-6, 1.1e9), "100 Gbit/s": (3e-6, 11e9)}
PROCESSES = (8, 32, 128)


def run(nettrain, config, sets, processes, threads, chunks, mpi_args, epochs):
    with tempfile.TemporaryDirectory() as out:
        command = [nettrain, "train", config, "--quiet", "--out", out, "--threads", str(threads),
                   "--set", f"training.epochs={epochs}", "--set", f"distributed.chunks={chunks}"]
        for s in sets + ["data.test=null", "data.test_labels=null"]:
            command += ["--set", s]
        if processes > 1:
            command = ["mpirun", "--oversubscribe", *mpi_args, "-np", str(processes)] + command
        env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
        subprocess.run(command, check=True, cwd=ROOT, env=env, timeout=1800)
        with open(os.path.join(out, "summary.json")) as f:
            summary = json.load(f)
        with open(os.path.join(out, "metrics.csv")) as f:
            rows = list(f)
    train_seconds = sum(float(r.split(",")[header_index(rows[0], "seconds")]) for r in rows[1:])
    return {"samples_per_second": summary["samples_per_second"], "parameters": summary["parameters"],
            "communication_seconds": summary.get("communication_seconds", 0.0),
            "bytes_sent_per_step": summary.get("bytes_sent_per_step", 0.0), "train_seconds": train_seconds}


def header_index(header, name):
    return header.strip().split(",").index(name)


def projection(step_compute, gradient_bytes):
    """Weak scaling: each process keeps its share of a batch (one chunk), the batch grows with N.
    One step costs the compute of a share plus the fixed-order reduction: an all-to-all and an
    all-gather, each (N - 1) latencies and (N - 1) / N of the gradient per process."""
    rows = []
    for name, (alpha, beta) in NETWORKS.items():
        for n in PROCESSES:
            reduction = 2 * (n - 1) * alpha + 2 * (n - 1) / n * gradient_bytes / beta
            rows.append({"network": name, "processes": n, "reduction_s": reduction,
                         "speedup": n * step_compute / (step_compute + reduction),
                         "efficiency": step_compute / (step_compute + reduction)})
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one short repetition; docs left alone")
    parser.add_argument("--nettrain", default=os.path.join(ROOT, "build/nettrain"))
    args = parser.parse_args()
    reps, epochs = (1, 1) if args.quick else (args.reps, 1)

    results = {}
    for workload, (config, sets) in WORKLOADS.items():
        runs = {setup[0]: [] for setup in SETUPS}
        for _ in range(reps):
            for name, processes, threads, chunks, mpi_args in SETUPS:
                runs[name].append(run(args.nettrain, config, sets, processes, threads, chunks, mpi_args, epochs))
        summary = {}
        for name, processes, threads, chunks, mpi_args in SETUPS:
            r = runs[name]
            summary[name] = {key: statistics.median(x[key] for x in r) for key in r[0]}
            summary[name]["each"] = [x["samples_per_second"] for x in r]
        base = summary[SETUPS[0][0]]["samples_per_second"]
        for name in summary:
            summary[name]["of_one_process"] = summary[name]["samples_per_second"] / base
        results[workload] = summary
        print(workload, json.dumps(summary, indent=1))

    report = {"machine": machine(), "reps": reps, "results": results}
    if args.quick:
        return
    os.makedirs(os.path.join(ROOT, "bench/results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench/results/distributed.json"), "w") as f:
        json.dump(report, f, indent=1)
    write_docs(report)


def write_docs(report):
    m = report["machine"]
    lines = [f"Measured by `scripts/bench.sh --distributed` on {m['cpu']}, {m['cores']} cores, {m['simd']}; "
             f"one epoch per run, median of {report['reps']} interleaved repetitions; Open MPI 4.1.", ""]
    for workload, summary in report["results"].items():
        lines += [f"**{workload}**", "",
                  "| setup | samples/s | of 1 process x 2 threads (chunks 1) | combining, ms/step | sent per step |",
                  "|---|---|---|---|---|"]
        for name, s in summary.items():
            steps = s["samples_per_second"] * s["train_seconds"] / 100 if s["train_seconds"] else 0
            per_step = 1000 * s["communication_seconds"] / steps if steps else 0
            sent = f"{s['bytes_sent_per_step'] / 1e6:.2f} MB" if s["bytes_sent_per_step"] else "-"
            lines.append(f"| {name} | {s['samples_per_second']:.0f} | {100 * s['of_one_process']:.0f}% | "
                         f"{per_step:.2f} | {sent} |")
        lines.append("")
    lines += ["**Projection** (weak scaling, one chunk of 50 samples per process; the compute per step is the "
              "measured 2-process step less its combining time; gradient of float32 parameters):", "",
              "| workload | network | processes | reduction per step | speed-up | efficiency |", "|---|---|---|---|---|---|"]
    for workload, summary in report["results"].items():
        s = summary["2 processes x 1 thread, shared memory"]
        steps = s["samples_per_second"] * s["train_seconds"] / 100
        step_compute = (s["train_seconds"] - s["communication_seconds"]) / steps
        for row in projection(step_compute, 4 * s["parameters"]):
            lines.append(f"| {workload} | {row['network']} | {row['processes']} | {1000 * row['reduction_s']:.1f} ms | "
                         f"{row['speedup']:.1f}x | {100 * row['efficiency']:.0f}% |")
        lines.append(f"| {workload} | (compute per step: {1000 * step_compute:.1f} ms) | | | | |")
    text = open(DOC).read()
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    with open(DOC, "w") as f:
        f.write(text[:start] + "\n" + "\n".join(lines) + "\n" + text[end:])


if __name__ == "__main__":
    main()
