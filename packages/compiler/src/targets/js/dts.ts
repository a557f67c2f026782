// The .d.ts next to a generated module: the model's constants with literal types and create()
// returning @nnet/runtime's CompiledModel.

import type { IrModel } from '../../ir/ir.js';
import { sanitizeComment } from './context.js';

export function generateDts(model: IrModel): string {
  const json = (value: unknown) => JSON.stringify(value);
  const input = model.tensors[model.inputs[0]];
  const output = model.tensors[model.outputs[0]];
  const tuple = (shape: readonly number[]) => `readonly [${shape.join(', ')}]`;
  return [
    `// Types of the module nnc generated for model ${sanitizeComment(model.name)}.`,
    "import type { CompiledModel, CreateOptions, ParamInfo } from '@nnet/runtime';",
    '',
    `export declare const modelName: ${json(model.name)};`,
    'export declare const source: string;',
    `export declare const inputShape: ${tuple(input.shape)};`,
    `export declare const outputShape: ${tuple(output.shape)};`,
    'export declare const paramInfo: readonly ParamInfo[];',
    '/** A new instance with its own weights, initialized from `seed` (default 0). */',
    'export declare function create(options?: CreateOptions): CompiledModel;',
    '',
  ].join('\n');
}
