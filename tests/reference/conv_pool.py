#!/usr/bin/python3
"""Reference values for the conv2d, maxpool2d and avgpool2d layer tests, from PyTorch.

Writes tests/unit/layers/conv_pool_reference.hpp: for each case the layer's YAML (weights
included), a small random input, the gradient fed to backward, and PyTorch's output, input
gradient and parameter gradients, all in float64.

TensorFlow's 'same' padding (extra row/column at the bottom/right) is applied with an
explicit F.pad, as TensorFlow itself does. Max pooling pads with -inf and average pooling
divides by the number of real (unpadded) elements under each window, as Keras does.

Run with the Debian python3 that has torch (1.13 was used):
    /usr/bin/python3 tests/reference/conv_pool.py
"""
import math
import pathlib

import torch
import torch.nn.functional as F

OUT = pathlib.Path(__file__).resolve().parents[1] / "unit" / "layers" / "conv_pool_reference.hpp"


def pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def same_padding(size, kernel, stride, dilation):
    """(before, after) padding of one axis, as TensorFlow computes it for 'same'."""
    span = (kernel - 1) * dilation + 1
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + span - size, 0)
    return total // 2, total - total // 2


def tf_pad(x, kernel, stride, dilation, padding, value=0.0):
    if padding == "valid":
        return x
    top, bottom = same_padding(x.shape[2], kernel[0], stride[0], dilation[0])
    left, right = same_padding(x.shape[3], kernel[1], stride[1], dilation[1])
    return F.pad(x, (left, right, top, bottom), value=value)


def yaml_value(v):
    if isinstance(v, list):
        return "[" + ", ".join(yaml_value(e) for e in v) + "]"
    return repr(float(v))


def cpp_list(t):
    return "{" + ", ".join(repr(float(v)) for v in t.detach().flatten().tolist()) + "}"


def cpp_shape(shape):
    return "{" + ", ".join(str(d) for d in shape) + "}"


def yaml_option(v):
    return str(v) if isinstance(v, int) else "[" + ", ".join(str(e) for e in v) + "]"


def case(name, layer_yaml, x, y, dy, grads):
    y.backward(dy)
    return {
        "name": name,
        "layer": layer_yaml,
        "input_shape": cpp_shape(x.shape),
        "input": cpp_list(x),
        "output_grad": cpp_list(dy),
        "output_shape": cpp_shape(y.shape),
        "output": cpp_list(y),
        "input_grad": cpp_list(x.grad),
        "weights_grad": cpp_list(grads[0].grad) if grads else "{}",
        "bias_grad": cpp_list(grads[1].grad) if len(grads) > 1 else "{}",
    }


def conv_case(name, batch, channels, size, filters, kernel, stride=1, padding="valid", dilation=1, bias=True):
    k, s, d = pair(kernel), pair(stride), pair(dilation)
    x = torch.randn(batch, channels, *size, dtype=torch.float64, requires_grad=True)
    w = torch.randn(filters, channels, *k, dtype=torch.float64, requires_grad=True)
    b = torch.randn(filters, dtype=torch.float64, requires_grad=True) if bias else None
    y = F.conv2d(tf_pad(x, k, s, d, padding), w, b, stride=s, dilation=d)
    dy = torch.randn_like(y)
    layer = (f"{{type: conv2d, filters: {filters}, kernel: {yaml_option(kernel)}, stride: {yaml_option(stride)}, "
             f"padding: {padding}, dilation: {yaml_option(dilation)}, use_bias: {str(bias).lower()}, "
             f"weights: {{init: values, values: {yaml_value(w.tolist())}}}")
    layer += f", bias: {{init: values, values: {yaml_value(b.tolist())}}}}}" if bias else "}"
    return case(name, layer, x, y, dy, [w, b] if bias else [w])


def pool_case(kind, name, batch, channels, size, window, stride=None, padding="valid"):
    k = pair(window)
    s = pair(stride) if stride is not None else k
    x = torch.randn(batch, channels, *size, dtype=torch.float64, requires_grad=True)
    if kind == "maxpool2d":
        y = F.max_pool2d(tf_pad(x, k, s, (1, 1), padding, value=-math.inf), k, s)
    else:
        ones = torch.ones_like(x)
        counts = F.avg_pool2d(tf_pad(ones, k, s, (1, 1), padding), k, s)
        y = F.avg_pool2d(tf_pad(x, k, s, (1, 1), padding), k, s) / counts
    dy = torch.randn_like(y)
    layer = f"{{type: {kind}, size: {yaml_option(window)}, padding: {padding}"
    layer += f", stride: {yaml_option(stride)}}}" if stride is not None else "}"
    return case(name, layer, x, y, dy, [])


def emit(function, cases):
    lines = [f"inline const std::vector<LayerReference>& {function}() {{",
             "  static const std::vector<LayerReference> cases{"]
    for c in cases:
        lines.append("      {" + ",\n       ".join([
            f'"{c["name"]}"', f'"{c["layer"]}"', c["input_shape"], c["input"], c["output_grad"],
            c["output_shape"], c["output"], c["input_grad"], c["weights_grad"], c["bias_grad"]]) + "},")
    lines += ["  };", "  return cases;", "}", ""]
    return "\n".join(lines)


def main():
    torch.manual_seed(20261124)
    conv = [
        conv_case("same_3x3_stride1", 2, 2, (5, 5), 3, 3, padding="same"),
        conv_case("valid_rect_kernel_stride2_odd_input", 2, 3, (7, 6), 2, [2, 3], stride=2),
        conv_case("same_stride2_asymmetric_pad", 1, 2, (6, 5), 2, 3, stride=2, padding="same"),
        conv_case("same_dilation2", 2, 2, (7, 7), 2, 3, padding="same", dilation=2),
        conv_case("valid_rect_stride_and_dilation", 1, 3, (9, 8), 4, [3, 2], stride=[2, 1], dilation=[1, 2]),
        conv_case("same_even_kernel_no_bias", 2, 1, (5, 4), 2, 2, padding="same", bias=False),
    ]
    maxpool = [
        pool_case("maxpool2d", "valid_2x2", 2, 3, (6, 6), 2),
        pool_case("maxpool2d", "valid_odd_input_drops_the_edge", 1, 2, (7, 5), 2),
        pool_case("maxpool2d", "same_3x3_stride2", 2, 2, (5, 7), 3, stride=2, padding="same"),
        pool_case("maxpool2d", "valid_rect_overlapping", 1, 2, (6, 7), [2, 3], stride=[1, 2]),
        pool_case("maxpool2d", "same_3x3_stride2_pads_bottom_right", 2, 2, (6, 6), 3, stride=2, padding="same"),
    ]
    avgpool = [
        pool_case("avgpool2d", "valid_2x2", 2, 3, (6, 6), 2),
        pool_case("avgpool2d", "same_3x3_stride2_counts_real_elements", 2, 2, (5, 6), 3, stride=2, padding="same"),
        pool_case("avgpool2d", "same_2x2_odd_input", 1, 2, (5, 5), 2, padding="same"),
        pool_case("avgpool2d", "valid_rect_overlapping", 1, 2, (6, 7), [3, 2], stride=[2, 1]),
    ]
    # 3x3, stride 1 and at least 16 channels: nettrain computes these with Winograd's F(2x2, 3x3).
    # Drawn last, so the cases above keep their values.
    conv += [
        conv_case("winograd_same_odd_input", 2, 16, (7, 5), 4, 3, padding="same"),
        conv_case("winograd_valid_no_bias", 1, 17, (6, 9), 3, 3, bias=False),
    ]
    header = [
        "// Generated by tests/reference/conv_pool.py from PyTorch " + torch.__version__.split("+")[0]
        + "; do not edit, rerun the script.",
        "#pragma once",
        "#include <vector>",
        "",
        '#include "nettrain/tensor/shape.hpp"',
        "",
        "namespace nettrain::testing {",
        "",
        "// One layer on one batch: what PyTorch computes forward, and backward from `output_grad`.",
        "struct LayerReference {",
        "  const char* name;",
        "  const char* layer;  // the layer's YAML, weights included",
        "  Shape input_shape;",
        "  std::vector<double> input;",
        "  std::vector<double> output_grad;",
        "  Shape output_shape;",
        "  std::vector<double> output;",
        "  std::vector<double> input_grad;",
        "  std::vector<double> weights_grad;  // empty for pooling",
        "  std::vector<double> bias_grad;     // empty for pooling and use_bias: false",
        "};",
        "",
        emit("conv2d_references", conv),
        emit("maxpool2d_references", maxpool),
        emit("avgpool2d_references", avgpool),
        "}  // namespace nettrain::testing",
        "",
    ]
    OUT.write_text("\n".join(header))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
