#!/usr/bin/python3
"""The PyTorch side of the tiny-epoch benchmark: the textbook 2-2-2 network (sigmoid layers,
mean squared error, plain SGD at lr 0.5) on its one sample, one step per epoch, as a PyTorch
user writes the loop. The import and setup are left out of the time: only the loop counts.

Prints {"steps": N, "seconds": S, "loss": L}.
  /usr/bin/python3 bench/pytorch_tiny_epochs.py --steps 10000
"""
import argparse
import json
import time

import torch
from torch import nn


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, required=True)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(2, 2), nn.Sigmoid(), nn.Linear(2, 2), nn.Sigmoid())
    x = torch.tensor([[0.05, 0.10]])
    y = torch.tensor([[0.01, 0.99]])
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    loss_fn = nn.MSELoss()
    start = time.perf_counter()
    for _ in range(args.steps):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    seconds = time.perf_counter() - start
    print(json.dumps({"steps": args.steps, "seconds": seconds, "loss": loss.item()}))


if __name__ == "__main__":
    main()
