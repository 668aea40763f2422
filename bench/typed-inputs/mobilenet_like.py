#!/usr/bin/python3
"""Writes a MobileNetV1-shaped 224x224 classifier (random weights, fixed seed; ~570 MFLOPs like MobileNetV1 1.0):
stem conv 3->32 stride 2, 13 depthwise-separable blocks, global average pool, 1000-way Gemm. Usage: OUT.onnx"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(0)
nodes, inits = [], []


def weight(name, shape):
    inits.append(numpy_helper.from_array((rng.standard_normal(shape) * 0.05).astype(np.float32), name))
    return name


def conv(x, cin, cout, stride, group, k, name):
    w = weight(name + "_w", (cout, cin // group, k, k))
    b = weight(name + "_b", (cout,))
    nodes.append(helper.make_node("Conv", [x, w, b], [name], strides=[stride, stride], group=group,
                                  pads=[k // 2] * 4, kernel_shape=[k, k]))
    nodes.append(helper.make_node("Relu", [name], [name + "_r"]))
    return name + "_r"


x = conv("image", 3, 32, 2, 1, 3, "stem")
blocks = [(32, 64, 1), (64, 128, 2), (128, 128, 1), (128, 256, 2), (256, 256, 1), (256, 512, 2)] + \
         [(512, 512, 1)] * 5 + [(512, 1024, 2), (1024, 1024, 1)]
for i, (cin, cout, s) in enumerate(blocks):
    x = conv(x, cin, cin, s, cin, 3, f"dw{i}")
    x = conv(x, cin, cout, 1, 1, 1, f"pw{i}")
nodes.append(helper.make_node("GlobalAveragePool", [x], ["pool"]))
nodes.append(helper.make_node("Flatten", ["pool"], ["flat"]))
nodes.append(helper.make_node("Gemm", ["flat", weight("fc_w", (1000, 1024)), weight("fc_b", (1000,))], ["scores"],
                              transB=1))
graph = helper.make_graph(nodes, "mobilenet_like",
                          [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["n", 3, 224, 224])],
                          [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["n", 1000])], inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
onnx.checker.check_model(model)
onnx.save(model, sys.argv[1])
