#!/usr/bin/python3
"""Reference values for tests/unit/layers/batchnorm_test.cpp, from PyTorch 1.13.

Run: /usr/bin/python3 tests/reference/batchnorm.py
Keras' momentum 0.9 is PyTorch's momentum 0.1 (running = 0.9 running + 0.1 batch). One training
step (batch statistics, running statistics updated with the unbiased variance), then the same
input in eval mode (running statistics).
"""
import torch

torch.set_printoptions(precision=10)


def fmt(t):
    return ", ".join(f"{v:.10g}" for v in t.detach().double().flatten().tolist())


def run(name, module, x, gamma, beta):
    module = module.double()
    with torch.no_grad():
        module.weight.copy_(torch.tensor(gamma, dtype=torch.double))
        module.bias.copy_(torch.tensor(beta, dtype=torch.double))
    module.train()
    y_train = module(x)
    print(f"// {name}")
    print(f"training output: {fmt(y_train)}")
    print(f"running_mean:    {fmt(module.running_mean)}")
    print(f"running_var:     {fmt(module.running_var)}")
    module.eval()
    print(f"inference output: {fmt(module(x))}")


flat = torch.tensor([[1.0, -2.0, 0.5], [3.0, 0.0, 0.25], [-1.0, 4.0, 1.0], [0.5, 1.0, -0.75]], dtype=torch.double)
run("flat [4, 3], momentum 0.9, epsilon 1e-3", torch.nn.BatchNorm1d(3, eps=1e-3, momentum=0.1), flat,
    [1.5, 0.5, -1.0], [0.1, -0.2, 0.3])

conv = torch.tensor([float(v) for v in [0.5, -1, 2, 3, 0, 1, -2, 1.5, 0.25, -0.5, 4, 2,
                                        1, 1, -3, 0.75, 2, -1, 0, 0.5, 1.25, -2, 3, -0.25]],
                    dtype=torch.double).reshape(2, 2, 2, 3)
run("conv [2, 2, 2, 3], momentum 0.9, epsilon 1e-3", torch.nn.BatchNorm2d(2, eps=1e-3, momentum=0.1), conv,
    [2.0, 0.5], [-1.0, 0.25])
