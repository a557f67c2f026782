// The PyTorch target (the exported graph → a Python package: model.py, train.py, helpers). Its
// implementation still lives in codegen/compile-pytorch.ts and pytorch/; moving it is mechanical.

export {
  pytorchTarget,
  type PytorchCompileOptions,
  type PytorchOutput,
} from '../../codegen/compile-pytorch.js';
