#!/usr/bin/python3
"""Classify one image with a saved PyTorch model, as a user's script would: the PyTorch side of
the one-image inference benchmark (nettrain infer MODEL IMAGE).

  /usr/bin/python3 bench/pytorch_infer.py MODEL.pt IMAGE.png
"""
import sys

import numpy as np
import torch
from PIL import Image

CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def main():
    model = torch.load(sys.argv[1])
    model.eval()
    image = Image.open(sys.argv[2]).convert("L").resize((28, 28))
    x = torch.from_numpy(np.asarray(image, dtype=np.float32) / 255.0).reshape(1, 1, 28, 28)
    with torch.no_grad():
        p = torch.softmax(model(x), dim=1)[0]
    top = int(p.argmax())
    print(f"{sys.argv[2]}: {CLASSES[top]} (p={float(p[top]):.3f})")


if __name__ == "__main__":
    main()
