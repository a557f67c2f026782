// The ONNX target (the exported graph → an opset 17 ModelProto). Its implementation still lives
// in codegen/compile-onnx.ts and onnx/export-*.ts; moving it here is mechanical.

export {
  onnxTarget,
  type OnnxCompileOptions,
  type OnnxOutput,
} from '../../codegen/compile-onnx.js';
