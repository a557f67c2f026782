// Prints an IrModel as text for `--dump ir`: one line per tensor-producing op with shapes,
// parameters and attributes, then the loss and optimizer.

import { formatShape } from '../diagnostics/messages.js';
import type { IrModel } from './ir.js';

export function printIr(model: IrModel): string {
  const t = (id: number) => `%${id}`;
  const lines = [`ir ${model.name}  # passes: ${model.passes.join(', ')}`];
  for (const id of model.inputs) {
    const tensor = model.tensors[id];
    lines.push(`  ${t(id)}: ${tensor.dtype}${formatShape(tensor.shape)} = input ${tensor.name}`);
  }
  for (const param of model.params) {
    const how = param.values
      ? 'hand-set'
      : param.load
        ? `load(${JSON.stringify(param.load.file)})`
        : param.initOptions
          ? `${param.init}(${Object.entries(param.initOptions)
              .map(([k, v]) => `${k}: ${v}`)
              .join(', ')})`
          : param.init;
    lines.push(
      `  param ${param.name}${formatShape(param.shape)} ${param.role}${param.regularized ? ' regularized' : ''} ${how}${param.trainable ? '' : ' (frozen)'}${param.isState ? ' (state)' : ''}`,
    );
  }
  for (const op of model.ops) {
    const out = model.tensors[op.output];
    const attrs = Object.entries(op.attrs)
      .filter(([, v]) => v !== undefined)
      .map(
        ([k, v]) =>
          `${k}=${typeof v === 'object' && v && 'activation' in v ? (v as { activation: string }).activation : JSON.stringify(v)}`,
      );
    const params = op.params.length
      ? ` [${op.params.map((id) => model.params[id].name).join(', ')}]`
      : '';
    lines.push(
      `  ${t(op.output)}: ${out.dtype}${formatShape(out.shape)} = ${op.kind}(${op.inputs.map(t).join(', ')})${params}` +
        `${attrs.length ? ` {${attrs.join(', ')}}` : ''}${op.inferenceOnly ? '  # predict only' : ''}  # line ${op.source.line}`,
    );
  }
  lines.push(`  outputs ${model.outputs.map(t).join(', ')}`);
  if (model.evaluationInput !== undefined)
    lines.push(`  evaluation reads the loss from ${t(model.evaluationInput)}`);
  if (model.training) {
    const { loss, optimizer, l1, l2 } = model.training;
    lines.push(
      `  loss ${loss.name}(${t(loss.input)})${loss.fusedActivation ? ` fused with ${loss.fusedActivation}` : ''}`,
    );
    lines.push(
      `  optimizer ${optimizer.name} ${JSON.stringify(optimizer.args)}${l1 ? ` l1=${l1}` : ''}${l2 ? ` l2=${l2}` : ''}`,
    );
  }
  return lines.join('\n');
}
