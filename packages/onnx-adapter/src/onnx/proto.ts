// The one place that touches onnx-proto (a CommonJS protobufjs module).
import onnxProto from 'onnx-proto';

export const onnx = onnxProto.onnx;

/** ONNX TensorProto.DataType codes used here. */
export const DataType = {
  float: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  double: 11,
  uint64: 13,
} as const;

export type ElemType = keyof typeof DataType;
