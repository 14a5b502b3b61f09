#!/usr/bin/env python3
"""Writes data/linear_regression.csv: y = 3x + 1 plus Gaussian noise (sd 0.1), x uniform in [-1, 1].

Run once to regenerate the shipped file; nettrain itself never needs Python.
"""
import random

random.seed(7)
with open("data/linear_regression.csv", "w") as f:
    f.write("x,y\n")
    for _ in range(200):
        x = random.uniform(-1.0, 1.0)
        f.write(f"{x:.6f},{3.0 * x + 1.0 + random.gauss(0.0, 0.1):.6f}\n")
