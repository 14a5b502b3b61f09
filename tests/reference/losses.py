#!/usr/bin/python3
"""Reference values of nettrain's losses and their gradients, from PyTorch 1.13 in float64.

tests/unit/loss/loss_test.cpp holds the printed numbers as literals; rerun this script
(/usr/bin/python3 tests/reference/losses.py) to see where they come from. Every loss is the
batch mean PyTorch computes by default (reduction='mean'), and every gradient is d(loss)/d(input)
of that mean, which is what nettrain's Loss::compute writes.
"""
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

# Regression outputs and targets; the errors include 0 (mae's kink) and |e| > 1 (huber's
# linear part).
regression_output = [[0.5, -1.2], [2.0, 0.3], [-0.7, 1.5]]
regression_target = [[0.0, 0.8], [-0.5, 0.3], [0.1, 1.0]]

# Sigmoid probabilities with 0/1 and one soft target.
probabilities = [[0.9, 0.2], [0.35, 0.6], [0.01, 0.999]]
binary_target = [[1.0, 0.0], [0.25, 1.0], [1.0, 1.0]]

# Sigmoid logits, two of them far in the tails: log(1 + exp(40)) must not overflow.
binary_logits = [[2.0, -1.0], [40.0, -40.0], [0.0, 3.5]]
binary_logits_target = [[1.0, 0.0], [0.0, 0.0], [1.0, 0.25]]

# Softmax probabilities and one-hot targets.
class_probabilities = [[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]]
class_probabilities_target = [0, 2]

# Softmax logits, one row with logits of ±1000: exp(1000) overflows, log-sum-exp must not.
class_logits = [[1.0, 2.0, 0.5], [1000.0, 0.0, -1000.0], [-3.0, 0.0, 3.0]]
class_logits_target = [1, 1, 2]


def one_hot(classes, k):
    return F.one_hot(torch.tensor(classes), k).to(torch.float64)


def cases():
    yield "mse", regression_output, torch.tensor(regression_target), F.mse_loss
    yield "mae", regression_output, torch.tensor(regression_target), F.l1_loss
    # delta 1.0 is the default of torch.nn.functional.huber_loss and of keras.losses.Huber.
    yield "huber", regression_output, torch.tensor(regression_target), lambda o, t: F.huber_loss(o, t, delta=1.0)
    yield "binary_crossentropy", probabilities, torch.tensor(binary_target), F.binary_cross_entropy
    yield ("binary_crossentropy_from_logits", binary_logits, torch.tensor(binary_logits_target),
           F.binary_cross_entropy_with_logits)
    yield ("categorical_crossentropy", class_probabilities, one_hot(class_probabilities_target, 3),
           lambda p, t: F.nll_loss(torch.log(p), t.argmax(dim=1)))
    yield ("categorical_crossentropy_from_logits", class_logits, one_hot(class_logits_target, 3),
           lambda z, t: F.cross_entropy(z, t.argmax(dim=1)))


# Class weights (training.class_weight): PyTorch's weighted mean sum_i w_{y_i} loss_i / sum_i w_{y_i}.
class_weights = [0.5, 2.0, 1.25]
binary_class_weights = [3.0, 0.75]
binary_probabilities = [[0.9], [0.35], [0.2], [0.999]]
binary_labels = [[1.0], [0.0], [0.0], [1.0]]


def per_sample_weights(target, weights):
    classes = target.flatten().long() if target.shape[1] == 1 else target.argmax(dim=1)
    return torch.tensor(weights)[classes]


def weighted_cases():
    w = torch.tensor(class_weights)
    yield ("weighted_categorical_crossentropy_from_logits", class_logits, one_hot(class_logits_target, 3),
           lambda z, t: F.cross_entropy(z, t.argmax(dim=1), weight=w))
    yield ("weighted_categorical_crossentropy", class_probabilities, one_hot(class_probabilities_target, 3),
           lambda p, t: F.nll_loss(torch.log(p), t.argmax(dim=1), weight=w))
    # BCELoss(weight=) rescales each sample; over the sum of the weights it is the weighted mean.
    def weighted_bce(p, t):
        wi = per_sample_weights(t, binary_class_weights).reshape(-1, 1)
        return F.binary_cross_entropy(p, t, weight=wi, reduction="sum") / wi.sum()
    yield "weighted_binary_crossentropy", binary_probabilities, torch.tensor(binary_labels), weighted_bce
    def weighted_bce_logits(z, t):
        wi = per_sample_weights(t, binary_class_weights).reshape(-1, 1)
        return F.binary_cross_entropy_with_logits(z, t, weight=wi, reduction="sum") / wi.sum()
    yield "weighted_binary_crossentropy_from_logits", [[2.0], [40.0], [0.0], [-3.0]], torch.tensor(binary_labels), \
        weighted_bce_logits
    # An elementwise loss on one-hot targets: each sample's loss is the mean over its outputs.
    def weighted_mse(o, t):
        wi = per_sample_weights(t, class_weights)
        return (wi * F.mse_loss(o, t, reduction="none").mean(dim=1)).sum() / wi.sum()
    yield "weighted_mse", class_probabilities, one_hot(class_probabilities_target, 3), weighted_mse


def literal(values):
    return "{" + ", ".join(repr(v) for v in values) + "}"


for name, output, target, loss_function in list(cases()) + list(weighted_cases()):
    x = torch.tensor(output, requires_grad=True)
    loss = loss_function(x, target)
    loss.backward()
    print(f"{name}:")
    print(f"  output {literal(x.detach().flatten().tolist())}")
    print(f"  target {literal(target.flatten().tolist())}")
    print(f"  loss   {loss.item()!r}")
    print(f"  grad   {literal(x.grad.flatten().tolist())}")
