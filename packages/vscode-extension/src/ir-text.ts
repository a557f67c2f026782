// The text of the "Show Compiler IR" view for a `nnet/ir` answer: a header saying which model and
// target and the command that prints the same, the IR, then what the target cannot express (each
// NN4009 as `nnc` renders it), all as `#` comments so the IR reads as it does in a terminal.

/** The `nnet/ir` answer (packages/lsp/src/features/ir-view.ts). */
export interface IrAnswer {
  model: string;
  target: string;
  text: string;
  problems: string[];
}

/** The targets the view offers, as the quick pick lists them. */
export const irTargets = [
  {
    target: 'js',
    label: 'JavaScript',
    detail: 'the training and inference graphs nnc compile emits',
  },
  { target: 'onnx', label: 'ONNX', detail: 'the graph nnc compile --target onnx exports' },
  { target: 'pytorch', label: 'PyTorch', detail: 'the graph nnc compile --target pytorch writes' },
] as const;

const comment = (text: string) =>
  text
    .split('\n')
    .map((line) => (line ? `# ${line}` : '#'))
    .join('\n');

export function irText(answer: IrAnswer): string {
  const title = irTargets.find((t) => t.target === answer.target)?.label ?? answer.target;
  const header = comment(
    `${answer.model} compiled for ${title}: the IR its emitter reads,\n` +
      "lowered, then the target's passes. In a terminal:\n" +
      `nnc compile FILE -m ${answer.model} --dump ir --target ${answer.target}`,
  );
  const problems = answer.problems.length
    ? `\n\n${comment(`${title} cannot express this model:\n\n${answer.problems.join('\n\n')}`)}`
    : '';
  return `${header}\n\n${answer.text}${problems}\n`;
}
