#!/usr/bin/python3
"""The PyTorch reference for nettrain's benchmarks: the same networks and recipes as
configs/fashion_mlp.yaml and configs/fashion_cnn.yaml, written as a PyTorch user would
(eager mode, nn.Sequential, torch.optim.Adam, manual index batching, default init).
With --init keras it starts as nettrain and Keras do instead (Glorot-uniform weights, zero
biases, Adam epsilon 1e-7), so accuracies compare the same recipe rather than two defaults.

Prints one JSON object per epoch and a final summary on stdout, e.g.
  {"epoch": 1, "seconds": 2.1, "samples_per_second": 28500.0, "train_loss": 0.52}
  {"final": true, "test_accuracy": 0.891, "test_loss": 0.31, "peak_rss_mib": 510.2, ...}

Run it with /usr/bin/python3 (Debian's python3-torch). For the tuned figures of
PERF-NOTES.md, run it through scripts/bench.sh, which sets the environment.
"""
import argparse
import gzip
import json
import resource
import sys
import time

import numpy as np
import torch
from torch import nn

DATA = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(split, data_dir):
    prefix = "train" if split == "train" else "t10k"
    images = read_idx(f"{data_dir}/{prefix}-images-idx3-ubyte.gz")
    labels = read_idx(f"{data_dir}/{prefix}-labels-idx1-ubyte.gz")
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    return x, torch.from_numpy(labels.astype(np.int64))


def mlp(hidden=500):
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, hidden), nn.Sigmoid(),
        nn.Linear(hidden, hidden), nn.Sigmoid(),
        nn.Linear(hidden, 10))


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 64, 3, padding=1), nn.MaxPool2d(2), nn.ReLU(),
        nn.Conv2d(64, 64, 3, padding=1), nn.MaxPool2d(2), nn.Sigmoid(),
        nn.Flatten(),
        nn.Linear(64 * 7 * 7, 1024), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(1024, 10))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=["mlp", "cnn"], default="mlp")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--optimizer", choices=["adam", "sgd"], default="adam")
    parser.add_argument("--lr", type=float, default=None, help="default: 1e-3 for adam, 1e-2 for sgd")
    parser.add_argument("--train-samples", type=int, default=0, help="train on the first N samples only")
    parser.add_argument("--hidden", type=int, default=500, help="width of the MLP's two hidden layers (scripts/bench.sh --curves)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--init", choices=["torch", "keras"], default="torch",
                        help="torch: PyTorch's defaults; keras: Glorot-uniform weights, zero biases, Adam eps 1e-7")
    parser.add_argument("--steps", type=int, default=0, help="stop each epoch after this many batches (quick runs)")
    parser.add_argument("--data", default=DATA)
    parser.add_argument("--save", help="save the trained model (torch.save of the whole module) here")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    x_train, y_train = load("train", args.data)
    x_test, y_test = load("test", args.data)
    model = mlp(args.hidden) if args.model == "mlp" else cnn()
    if args.init == "keras":
        for layer in model:
            if isinstance(layer, (nn.Linear, nn.Conv2d)):
                nn.init.xavier_uniform_(layer.weight)
                nn.init.zeros_(layer.bias)
    if args.train_samples:
        x_train, y_train = x_train[:args.train_samples], y_train[:args.train_samples]
    if args.optimizer == "adam":
        optimizer = torch.optim.Adam(model.parameters(), lr=args.lr or 1e-3, eps=1e-7 if args.init == "keras" else 1e-8)
    else:
        optimizer = torch.optim.SGD(model.parameters(), lr=args.lr or 1e-2)
    loss_fn = nn.CrossEntropyLoss()
    n = x_train.shape[0]
    run_start = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = torch.randperm(n)
        start = time.perf_counter()
        total, seen = 0.0, 0
        for b, i in enumerate(range(0, n, args.batch_size)):
            if args.steps and b >= args.steps:
                break
            idx = order[i:i + args.batch_size]
            optimizer.zero_grad()
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            optimizer.step()
            total += loss.detach() * len(idx)
            seen += len(idx)
        seconds = time.perf_counter() - start
        print(json.dumps({"epoch": epoch, "seconds": seconds, "samples_per_second": seen / seconds,
                          "train_loss": float(total) / seen}), flush=True)
    model.eval()
    with torch.no_grad():
        correct, loss_sum = 0, 0.0
        for i in range(0, x_test.shape[0], 1000):
            out = model(x_test[i:i + 1000])
            loss_sum += float(nn.functional.cross_entropy(out, y_test[i:i + 1000], reduction="sum"))
            correct += int((out.argmax(1) == y_test[i:i + 1000]).sum())
    if args.save:
        torch.save(model, args.save)
    print(json.dumps({"final": True, "model": args.model, "epochs": args.epochs,
                      "test_accuracy": correct / x_test.shape[0], "test_loss": loss_sum / x_test.shape[0],
                      "seconds": time.perf_counter() - run_start,
                      "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
                      "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
