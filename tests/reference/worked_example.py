#!/usr/bin/env python3
"""Independent numpy computation of configs/worked_example.yaml's first SGD step.

Prints the MSE loss before and after one update (lr 0.5, biases frozen) and the updated
weights. tests/cli/worked_example_test.sh checks nettrain against these figures; rerun this
script (it needs python3-numpy) to see where they come from.
"""
import numpy as np

x = np.array([0.05, 0.10])
t = np.array([0.01, 0.99])
w_hidden = np.array([[0.15, 0.20], [0.25, 0.30]])  # [units][inputs]
b_hidden = 0.35
w_out = np.array([[0.40, 0.45], [0.50, 0.55]])
b_out = 0.60
lr = 0.5


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def forward(w_hidden, w_out):
    h = sigmoid(w_hidden @ x + b_hidden)
    o = sigmoid(w_out @ h + b_out)
    return h, o


def mse(o):
    return np.mean((o - t) ** 2)


h, o = forward(w_hidden, w_out)
loss_before = mse(o)
# dL/do for the mean over the 2 outputs is 2 (o - t) / 2 = o - t.
delta_out = (o - t) * o * (1 - o)
grad_w_out = np.outer(delta_out, h)
delta_hidden = (w_out.T @ delta_out) * h * (1 - h)
grad_w_hidden = np.outer(delta_hidden, x)
w_out_new = w_out - lr * grad_w_out
w_hidden_new = w_hidden - lr * grad_w_hidden
_, o_new = forward(w_hidden_new, w_out_new)

print(f"loss_before {loss_before:.12f}")
print(f"loss_after {mse(o_new):.12f}")
print("w_hidden_new", " ".join(f"{v:.9f}" for v in w_hidden_new.ravel()))
print("w_out_new", " ".join(f"{v:.9f}" for v in w_out_new.ravel()))
