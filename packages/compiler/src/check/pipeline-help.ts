// Help for a merge written alone on a line (`add(x)` after a line with an output): the student
// meant to continue the previous line, `-> add(x)`; the fix inserts the `->`.

import type { LayerSpec } from '../catalogue/types.js';
import type { ReportOptions } from '../diagnostics/diagnostic.js';
import type { Step } from '../syntax/ast.js';

/**
 * `add(x)` alone on a line, one input short, after a line with an output: it means `-> add(x)`
 * (a line starting with `->` continues the one before, which is then the first input).
 */
export function continuePipelineHelp(
  spec: LayerSpec,
  step: Step,
  count: number,
  afterValue: boolean,
): ReportOptions {
  if (!afterValue || count + 1 < spec.inputs.min || count + 1 > spec.inputs.max) return {};
  const written = (step.args ?? [])
    .map((arg) => (arg.value.kind === 'Name' && !arg.name ? arg.value.name.name : '…'))
    .join(', ');
  const at = { start: step.callee.span.start, end: step.callee.span.start };
  return {
    help: `a line that starts with \`${spec.name}\` takes only the values named in it; to take the previous line's output too, continue that line: \`-> ${spec.name}(${written})\``,
    fixes: [
      {
        title: `Continue the previous line: \`-> ${spec.name}(…)\``,
        edits: [{ span: at, newText: '-> ' }],
      },
    ],
  };
}
