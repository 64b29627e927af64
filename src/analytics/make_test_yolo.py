#!/usr/bin/python3
"""Builds a tiny ONNX "YOLO" whose output encodes known boxes, for dnn_detector_test.

    make_test_yolo.py OUT.onnx v5|v8 BOXES

BOXES is a JSON list of [cx, cy, w, h, objectness, class, class_score] in model-input pixels
(640x640). The graph is GlobalAveragePool -> Flatten -> Gemm with zero weights and the
boxes as its bias -> Reshape: the output is the boxes whatever the picture, but the picture
still flows through the graph, so OpenCV's loader, our letterbox and our decoding all run.
Needs Debian's python3-onnx (run with /usr/bin/python3).
"""
import json
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

CANDIDATES = 100  # rows; real models have thousands, and the decoder tells layouts by shape
CLASSES = 80      # COCO


def main():
    out, layout, boxes = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    attrs = (4 if layout == "v8" else 5) + CLASSES
    table = np.zeros((CANDIDATES, attrs), dtype=np.float32)
    for i, (cx, cy, w, h, obj, cls, score) in enumerate(boxes):
        table[i, 0:4] = [cx, cy, w, h]
        if layout == "v8":
            table[i, 4 + cls] = obj * score
        else:
            table[i, 4] = obj
            table[i, 5 + cls] = score
    if layout == "v8":
        table = table.T.copy()  # [4 + C, N]
    shape = [1] + list(table.shape)
    inits = [
        numpy_helper.from_array(np.zeros((table.size, 3), dtype=np.float32), "weights"),
        numpy_helper.from_array(table.reshape(-1), "bias"),
        numpy_helper.from_array(np.array(shape, dtype=np.int64), "shape"),
    ]
    nodes = [
        helper.make_node("GlobalAveragePool", ["images"], ["pooled"]),
        helper.make_node("Flatten", ["pooled"], ["flat"], axis=1),
        helper.make_node("Gemm", ["flat", "weights", "bias"], ["gemm"], transB=1),
        helper.make_node("Reshape", ["gemm", "shape"], ["output0"]),
    ]
    graph = helper.make_graph(
        nodes, "test_yolo",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, 640, 640])],
        [helper.make_tensor_value_info("output0", TensorProto.FLOAT, shape)], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 11)])
    model.ir_version = 6
    onnx.checker.check_model(model)
    onnx.save(model, out)


if __name__ == "__main__":
    main()
