"""Reads a TensorBoard event file the way TensorBoard does, with nothing of nettrain's code:
TFRecord framing with both masked CRC-32Cs checked (CRC computed here from its definition), and
the events parsed by python3-protobuf from lib/nettrain/tensorboard/tensorboard_event.proto
compiled by protoc. Prints the events as JSON lines; exits 1 on any damaged record.

usage: read_tfevents.py EVENT_FILE PROTO_DIR SCRATCH_DIR"""
import importlib
import json
import struct
import subprocess
import sys


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


def masked(data):
    c = crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def records(blob):
    at = 0
    while at < len(blob):
        header = blob[at:at + 8]
        (length,) = struct.unpack("<Q", header)
        (header_crc,) = struct.unpack("<I", blob[at + 8:at + 12])
        assert header_crc == masked(header), f"length CRC wrong at byte {at}"
        data = blob[at + 12:at + 12 + length]
        assert len(data) == length, f"record at byte {at} is cut short"
        (data_crc,) = struct.unpack("<I", blob[at + 12 + length:at + 16 + length])
        assert data_crc == masked(data), f"data CRC wrong at byte {at}"
        yield data
        at += 16 + length


def main():
    path, proto_dir, scratch = sys.argv[1:4]
    subprocess.run(["protoc", f"--proto_path={proto_dir}", f"--python_out={scratch}",
                    f"{proto_dir}/nettrain/tensorboard/tensorboard_event.proto"], check=True)
    sys.path.insert(0, scratch)
    pb = importlib.import_module("nettrain.tensorboard.tensorboard_event_pb2")
    for data in records(open(path, "rb").read()):
        event = pb.Event()
        event.ParseFromString(data)
        out = {"wall_time": event.wall_time, "step": event.step}
        if event.HasField("file_version"):
            out["file_version"] = event.file_version
        for value in event.summary.value:
            if value.HasField("simple_value"):
                out["scalar"] = [value.tag, value.simple_value]
            else:
                h = value.histo
                out["histogram"] = [value.tag, {"min": h.min, "max": h.max, "num": h.num, "sum": h.sum,
                                                "sum_squares": h.sum_squares, "bucket_limit": list(h.bucket_limit),
                                                "bucket": list(h.bucket)}]
        print(json.dumps(out))


main()
