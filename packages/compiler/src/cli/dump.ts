// `--dump STAGE`: prints what one compiler stage produced, for debugging the compiler itself.
// `ast` is the parsed tree of the entry file; `graph` the checked model graphs with shapes; `ir`
// each model's IR after the training and the inference passes.

import { formatShape } from '../diagnostics/messages.js';
import { builtinCatalogue, type CheckResult } from '../compile.js';
import { lowerModel } from '../ir/lower.js';
import { optimizeForInference, optimizeForTraining } from '../ir/pipeline.js';
import { printIr } from '../ir/print.js';
import { weightsFor } from '../check/graph.js';

export const stages = ['ast', 'graph', 'ir'] as const;

export function dumpStage(stage: (typeof stages)[number], result: CheckResult): string {
  const checked = result.checked!;
  if (stage === 'ast') {
    const entry = checked.program.files.get(checked.program.entry)!;
    return JSON.stringify(
      entry.ast,
      (key, value) => (key === 'span' ? `${value.start}..${value.end}` : value),
      2,
    );
  }
  if (stage === 'ir') {
    const catalogue = builtinCatalogue();
    return checked.models
      .filter((model) => model.complete)
      .map((model) => {
        const run = checked.runs.find((r) => r.model === model.name);
        const lowered = lowerModel(model, {
          catalogue,
          sources: result.sources,
          ...(run ? { run } : {}),
        });
        return `${printIr(optimizeForTraining(lowered, catalogue))}\n\n${printIr(optimizeForInference(lowered, catalogue))}`;
      })
      .join('\n\n');
  }
  const lines: string[] = [];
  for (const model of checked.models) {
    lines.push(`model ${model.name}${model.complete ? '' : ' (incomplete: see the errors)'}`);
    for (const input of model.inputs)
      lines.push(
        `  %${input.valueId} = input ${input.name}: ${input.dtype}${input.shape ? formatShape(input.shape) : '?'}`,
      );
    for (const node of model.nodes) {
      const args = Object.entries(node.args)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(', ');
      const weights = weightsFor(node, 'keras')
        .map((w) => `${w.name}${formatShape(w.shape)}`)
        .join(' ');
      lines.push(
        `  %${node.output} = ${node.kind}(${node.inputs.map((i) => `%${i}`).join(', ')}${args ? `; ${args}` : ''}) ` +
          `-> ${node.outputShape ? formatShape(node.outputShape) : '?'}  # ${node.name}${weights ? `  weights: ${weights}` : ''}`,
      );
    }
    lines.push(`  outputs: ${model.outputs.map((o) => `%${o}`).join(', ')}`);
  }
  return lines.join('\n');
}
