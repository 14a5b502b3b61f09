#!/usr/bin/python3
"""Reference trajectories for tests/unit/optim/sgd_test.cpp, from torch.optim.SGD (PyTorch 1.13).

Run: /usr/bin/python3 tests/reference/sgd.py
The fixture of tests/reference/optimizers.py (the other optimizers' script): one float32
parameter of 4 elements, three steps with fixed gradients that change sign, so momentum
matters; prints the parameter after each step as C++ literals. Another optimizer is one more
entry in CASES.
"""
import torch

INITIAL = [0.5, -1.0, 2.0, 0.0]
GRADIENTS = [[0.1, -0.2, 0.3, 0.0], [-0.4, 0.5, 0.05, 0.2], [0.3, 0.3, -0.6, -0.1]]

CASES = {
    "sgd": lambda p: torch.optim.SGD(p, lr=0.1),
    "sgd_momentum": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
    "sgd_nesterov": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True),
}


def trajectory(make_optimizer):
    w = torch.tensor(INITIAL, dtype=torch.float32, requires_grad=True)
    optimizer = make_optimizer([w])
    steps = []
    for g in GRADIENTS:
        w.grad = torch.tensor(g, dtype=torch.float32)
        optimizer.step()
        steps.append(w.detach().tolist())
    return steps


def float_literal(v):
    text = f"{v:.9g}"
    return text + ("f" if "." in text or "e" in text else ".0f")


for name, make in CASES.items():
    print(f"// {name}")
    for step in trajectory(make):
        print("{" + ", ".join(float_literal(v) for v in step) + "},")
