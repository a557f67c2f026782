// Every target by name, for `--target` and `--dump ir --target`: each has the same Target shape.

import { jsTarget } from './js/index.js';
import { onnxTarget } from './onnx/index.js';
import { pytorchTarget } from './pytorch/index.js';

export const targets = { js: jsTarget, onnx: onnxTarget, pytorch: pytorchTarget } as const;

export type TargetName = keyof typeof targets;

export type { Target, TargetInput, TargetProblem } from './target.js';
export { jsTarget, onnxTarget, pytorchTarget };
