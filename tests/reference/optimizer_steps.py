"""Shared fixture of the optimizer reference scripts (sgd.py, ...): one float32 parameter
tensor, a fixed sequence of gradients, and the weights torch.optim leaves after each step.

An optimizer's script calls print_steps once per configuration; the unit test of that optimizer
(tests/unit/optim/<name>_test.cpp) feeds nettrain the same initial weights and gradients and
holds the printed weights as literals.
"""
import torch

INITIAL_WEIGHTS = [0.5, -1.0, 2.0]
# Gradients that change sign and size from step to step, so momentum and accumulators matter.
GRADIENTS = [
    [0.1, -0.2, 0.3],
    [0.4, 0.0, -0.5],
    [-0.3, 0.25, 0.05],
    [0.2, -0.1, -0.2],
]


def literal(values):
    return "{" + ", ".join(f"{v:.9g}" for v in values) + "}"


def print_steps(name, optimizer_class, **options):
    """Runs optimizer_class(**options) over GRADIENTS and prints the weights after each step."""
    weights = torch.tensor(INITIAL_WEIGHTS, dtype=torch.float32, requires_grad=True)
    optimizer = optimizer_class([weights], **options)
    print(f"{name} ({', '.join(f'{k}={v}' for k, v in options.items())}):")
    for step, gradient in enumerate(GRADIENTS, start=1):
        weights.grad = torch.tensor(gradient, dtype=torch.float32)
        optimizer.step()
        print(f"  step {step}: {literal(weights.detach().tolist())}")
