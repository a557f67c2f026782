// Runs a layer's shape rule and turns the catalogue's ShapeProblem into a diagnostic with its code,
// located at the blamed argument when the rule names one, with the insert-`flatten` fix when apt.

import type { Args, LayerSpec, Shape, ShapeProblem } from '../catalogue/types.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { Messages, formatShape } from '../diagnostics/messages.js';
import type { Step } from '../syntax/ast.js';
import type { Span } from '../syntax/source.js';
import { sizeOf } from './graph.js';

export function applyShapeRule(
  spec: LayerSpec,
  inputs: readonly Shape[],
  args: Args,
  step: Step,
  argSpans: Record<string, Span>,
  bag: DiagnosticBag,
): Shape | undefined {
  const result = spec.outputShape(inputs, args);
  if ('shape' in result) return result.shape;
  reportShapeProblem(spec.name, result.problem, step, argSpans, bag);
  return undefined;
}

function reportShapeProblem(
  layer: string,
  problem: ShapeProblem,
  step: Step,
  argSpans: Record<string, Span>,
  bag: DiagnosticBag,
): void {
  const at = ('arg' in problem && problem.arg && argSpans[problem.arg]) || step.callee.span;
  switch (problem.kind) {
    case 'rank': {
      const help =
        problem.help ?? (problem.suggestFlatten ? 'insert `flatten` before it' : undefined);
      bag.report(
        Messages.InputRankMismatch,
        step.callee.span,
        {
          layer,
          expected: problem.expected,
          found: formatShape(problem.found),
          ...(help ? { help } : {}),
        },
        problem.suggestFlatten
          ? {
              fixes: [
                {
                  title: `Insert \`flatten\` before \`${layer}\``,
                  edits: [
                    {
                      span: { start: step.span.start, end: step.span.start },
                      newText: 'flatten -> ',
                    },
                  ],
                },
              ],
            }
          : {},
      );
      return;
    }
    case 'merge':
      bag.report(Messages.MergeShapeMismatch, step.callee.span, {
        layer,
        shapes: problem.shapes.map(formatShape).join(' and '),
      });
      return;
    case 'concat':
      bag.report(Messages.ConcatMismatch, step.callee.span, { detail: problem.detail });
      return;
    case 'reshape':
      bag.report(Messages.ReshapeCount, at, {
        from: formatShape(problem.from),
        fromCount: sizeOf(problem.from),
        to: formatShape(problem.to),
        toCount: sizeOf(problem.to.filter((d) => d > 0)),
      });
      return;
    case 'window':
      bag.report(Messages.KernelTooLarge, at, { layer, detail: problem.detail });
      return;
    case 'other':
      bag.report(Messages.LayerShapeError, at, {
        layer,
        detail: problem.detail,
        ...(problem.help ? { help: problem.help } : {}),
      });
      return;
  }
}
