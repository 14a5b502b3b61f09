#!/usr/bin/python3
"""Writes data/samples/: the first test image of each Fashion-MNIST class as a 28x28 grayscale
PNG named <index>-<class>.png, for `nettrain infer`. Standard library only.

  /usr/bin/python3 data/make_samples.py [FASHION_MNIST_DIR] [OUT_DIR]
"""
import gzip
import os
import struct
import sys
import zlib

CLASSES = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return shape, data[4 + 4 * dims:]


def png(width, height, pixels):
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + pixels[y * width:(y + 1) * width] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grayscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "samples")
    (count, height, width), images = read_idx(os.path.join(source, "t10k-images-idx3-ubyte.gz"))
    _, labels = read_idx(os.path.join(source, "t10k-labels-idx1-ubyte.gz"))
    os.makedirs(out, exist_ok=True)
    written = set()
    for i in range(count):
        label = labels[i]
        if label in written:
            continue
        written.add(label)
        pixels = images[i * height * width:(i + 1) * height * width]
        with open(os.path.join(out, f"{i:04d}-{CLASSES[label]}.png"), "wb") as f:
            f.write(png(width, height, pixels))
        if len(written) == len(CLASSES):
            break


if __name__ == "__main__":
    main()
