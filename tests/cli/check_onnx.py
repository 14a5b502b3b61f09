"""Checks an ONNX file nettrain exported with runtimes nettrain has no part in: the onnx
library's full checker (python3-onnx), OpenCV's DNN module (python3-opencv) and, when the npm
package onnxruntime-node is installed (NODE_PATH, see scripts/test.sh), onnxruntime. Each must
give nettrain's outputs within 1e-5 relative (to the largest magnitude of the sample's outputs,
so that a probability near 0 is held to the same absolute bound as its row), at batch 1 and at
the batch of every input.

usage: check_onnx.py MODEL.onnx INPUTS.npy EXPECTED.jsonl
  INPUTS.npy      raw inputs, float32 [N, ...input_shape], as infer read them
  EXPECTED.jsonl  `nettrain infer --format json --top ALL` of the same inputs, one line each
Prints the runtimes used; exits 1 on any difference."""
import json
import os
import subprocess
import sys
import tempfile

import cv2
import numpy as np
import onnx

TOLERANCE = 1e-5


def expected_outputs(path):
    rows = []
    for line in open(path):
        d = json.loads(line)
        if "values" in d:
            rows.append(d["values"])
        else:
            row = [0.0] * len(d["top"])
            for c in d["top"]:
                row[c["index"]] = c["probability"]
            rows.append(row)
    return np.array(rows, dtype=np.float64)


def compare(name, got, want):
    got = np.asarray(got, dtype=np.float64).reshape(len(want), -1)
    if got.shape[1] == 1 and want.shape[1] == 2:
        want = want[:, 1:]  # one sigmoid unit: the probability of class 1, where infer lists both classes
    scale = np.maximum(np.abs(want).max(axis=1, keepdims=True), 1e-30)
    worst = float((np.abs(got - want) / scale).max())
    if not worst <= TOLERANCE:
        sys.exit(f"{name}: outputs differ from nettrain infer by {worst:.3g} relative (allowed {TOLERANCE})")
    return worst


def run_opencv(path, x):
    net = cv2.dnn.readNetFromONNX(path)
    net.setInput(x)
    return net.forward()


def run_onnxruntime(path, x):
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "onnxruntime_run.js")
    with tempfile.TemporaryDirectory() as scratch:
        np.ascontiguousarray(x, dtype="<f4").tofile(f"{scratch}/input.bin")
        # onnxruntime 1.30 leaves an empty mat-debug-PID.log in $TMPDIR: the scratch directory.
        out = subprocess.run(["node", script, path, f"{scratch}/input.bin", json.dumps(list(x.shape))],
                             check=True, capture_output=True, text=True, env={**os.environ, "TMPDIR": scratch}).stdout
    return np.array(json.loads(out))


def onnxruntime_available():
    try:
        subprocess.run(["node", "-e", "require('onnxruntime-node')"], check=True, capture_output=True)
        return True
    except (OSError, subprocess.CalledProcessError):
        return False


def main():
    path, inputs, expected = sys.argv[1:4]
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    dims = [d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim[1:]]
    x = np.load(inputs).astype(np.float32)
    x = x.reshape([len(x)] + dims)
    want = expected_outputs(expected)
    runtimes = [("opencv", run_opencv)]
    if onnxruntime_available():
        runtimes.append(("onnxruntime", run_onnxruntime))
    report = []
    for name, run in runtimes:
        worst = max(compare(f"{name} at batch 1", run(path, x[:1]), want[:1]),
                    compare(f"{name} at batch {len(x)}", run(path, x), want))
        report.append(f"{name} (worst {worst:.1e})")
    if len(runtimes) == 1:
        report.append("onnxruntime skipped (onnxruntime-node not installed)")
    print(f"{os.path.basename(path)}: checker, " + ", ".join(report))


main()
