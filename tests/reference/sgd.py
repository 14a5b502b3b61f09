#!/usr/bin/python3
"""torch.optim.SGD (PyTorch 1.13, float32) on the fixture of optimizer_steps.py: plain,
momentum and nesterov. tests/unit/optim/sgd_test.cpp holds the printed weights; rerun with
/usr/bin/python3 tests/reference/sgd.py to see where they come from."""
import torch

from optimizer_steps import print_steps

print_steps("plain", torch.optim.SGD, lr=0.1)
print_steps("momentum", torch.optim.SGD, lr=0.1, momentum=0.9)
print_steps("nesterov", torch.optim.SGD, lr=0.1, momentum=0.9, nesterov=True)
