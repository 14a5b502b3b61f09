#!/usr/bin/python3
"""Reference values of nettrain's image transform (data.augment), from scipy.ndimage.

Keras' ImageDataGenerator hands its affine transform to scipy.ndimage.affine_transform with
order=1 and mode=fill_mode. tests/unit/data/augment_test.cpp holds the printed numbers as
literals; rerun this script (/usr/bin/python3 tests/reference/augment.py) to see where they come
from. nettrain maps an output pixel (column u, row v) to the source point
M (u - cx, v - cy) + (cx, cy) + shift, (cx, cy) the image centre; scipy takes (row, column).
"""
import math

import numpy as np
from scipy import ndimage

height, width = 5, 6
image = np.arange(height * width, dtype=np.float64).reshape(height, width) * 1.5 + 2.0

theta, shear, zoom_x, zoom_y = math.radians(17.0), math.radians(9.0), 1.2, 0.85
shift_x, shift_y = 0.7, -1.3
c, s = math.cos(theta), math.sin(theta)
shear_x, shear_y = -math.sin(shear), math.cos(shear)
M = [[c * zoom_x, (c * shear_x - s * shear_y) * zoom_y],
     [s * zoom_x, (s * shear_x + c * shear_y) * zoom_y]]
cx, cy = (width - 1) / 2, (height - 1) / 2

matrix = np.array([[M[1][1], M[1][0]], [M[0][1], M[0][0]]])
offset = np.array([cy + shift_y - (M[1][1] * cy + M[1][0] * cx), cx + shift_x - (M[0][1] * cy + M[0][0] * cx)])


def literal(values):
    return "{" + ", ".join(repr(float(v)) for v in values) + "}"


print(f"matrix {literal(np.array(M).flatten())}")
print(f"image  {literal(image.flatten())}")
for name, mode in [("nearest", "nearest"), ("reflect", "reflect"), ("wrap", "grid-wrap"), ("constant", "constant")]:
    out = ndimage.affine_transform(image, matrix, offset=offset, order=1, mode=mode, cval=-4.0)
    print(f"{name}: {literal(out.flatten())}")
