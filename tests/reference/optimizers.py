#!/usr/bin/python3
"""Reference trajectories for tests/unit/optim/*_test.cpp, from torch.optim (PyTorch 1.13).

Run: /usr/bin/python3 tests/reference/optimizers.py
One float32 parameter of 4 elements, three steps with fixed gradients that change sign, so
momentum matters; prints the parameter after each step as C++ literals. Another optimizer is
one more entry in CASES. Epsilons are large on purpose, so that where epsilon enters
the formula (inside or outside the square root, before or after bias correction) changes the
result well beyond float rounding.
"""
import torch

INITIAL = [0.5, -1.0, 2.0, 0.0]
GRADIENTS = [[0.1, -0.2, 0.3, 0.0], [-0.4, 0.5, 0.05, 0.2], [0.3, 0.3, -0.6, -0.1]]

CASES = {
    "sgd": lambda p: torch.optim.SGD(p, lr=0.1),
    "sgd_momentum": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
    "sgd_nesterov": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True),
    "rmsprop": lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=0.1),
    "rmsprop_momentum": lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.8, eps=0.01, momentum=0.5),
    "adam": lambda p: torch.optim.Adam(p, lr=0.1, betas=(0.8, 0.9), eps=0.01),
    "adamw": lambda p: torch.optim.AdamW(p, lr=0.1, betas=(0.8, 0.9), eps=0.01, weight_decay=0.5),
    "adagrad": lambda p: torch.optim.Adagrad(p, lr=0.1, eps=0.1, initial_accumulator_value=0.25),
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
    # "0f" is not a C++ literal; whole numbers get ".0f".
    text = f"{v:.9g}"
    return text + ("f" if "." in text or "e" in text else ".0f")


for name, make in CASES.items():
    print(f"// {name}")
    for step in trajectory(make):
        print("{" + ", ".join(float_literal(v) for v in step) + "},")
