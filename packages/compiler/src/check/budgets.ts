// The checker's budgets as diagnostics (docs/limits.md): expansion (which bounds the layers), block
// nesting, the elements of one value, the parameters of one model and the memory of one training
// step. Each is checked before the work it bounds, with the figure and the env var that raises it.

import type { Shape, WeightSpec } from '../catalogue/types.js';
import { Messages, formatShape } from '../diagnostics/messages.js';
import { formatBytes, formatCount, limitVariables } from '../limits.js';
import type { Span } from '../syntax/source.js';
import type { CheckContext } from './context.js';
import { weightsFor, type ModelGraph } from './graph.js';

const BYTES_PER_FLOAT = 4;

/** Elements of a shape; Infinity (never NaN) when a dimension is not a finite number. */
export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isFinite(d)) return Infinity;
    n *= d;
  }
  return Number.isFinite(n) ? n : Infinity;
}

/** Reports an expansion over budget (once per program). `size` is the count made before expanding. */
export function reportExpansion(
  ctx: CheckContext,
  file: string,
  span: Span,
  what: string,
  size?: number,
): void {
  if (ctx.limitsReported.has('expansion')) return;
  ctx.limitsReported.add('expansion');
  ctx.bag(file).report(Messages.ExpansionTooLarge, span, {
    what,
    size: size === undefined ? '' : formatCount(size),
    limit: formatCount(ctx.limits.maxExpansion),
    variable: limitVariables.maxExpansion,
  });
}

/** Reports that checking stopped at the editor's time budget (once per program). */
export function reportTimeBudget(ctx: CheckContext, file: string, span: Span): void {
  if (ctx.limitsReported.has('time')) return;
  ctx.limitsReported.add('time');
  ctx.bag(file).report(Messages.CheckTimeBudget, span, {
    seconds: String(Number((ctx.timeBudgetMs / 1000).toPrecision(3))),
  });
}

/** Reports a chain of block calls deeper than the nesting budget (once per program). */
export function reportNesting(
  ctx: CheckContext,
  file: string,
  span: Span,
  chain: readonly string[],
): void {
  if (ctx.limitsReported.has('nesting')) return;
  ctx.limitsReported.add('nesting');
  const shown =
    chain.length > 6
      ? [...chain.slice(0, 3), '…', ...chain.slice(-2)].join(' → ')
      : chain.join(' → ');
  ctx.bag(file).report(Messages.NestingTooDeep, span, {
    chain: shown,
    limit: formatCount(ctx.limits.maxNesting),
    variable: limitVariables.maxNesting,
  });
}

/** False (and reported) when one value of `shape` has more elements than the budget allows. */
export function checkValueSize(
  ctx: CheckContext,
  file: string,
  span: Span,
  layer: string,
  shape: Shape,
): boolean {
  const elements = elementCount(shape);
  if (elements <= ctx.limits.maxElements) return true;
  ctx.bag(file).report(Messages.TensorTooLarge, span, {
    layer,
    shape: formatShape(shape.map((d) => (Number.isFinite(d) ? d : Number.MAX_VALUE))),
    elements: formatCount(elements),
    bytes: formatBytes(elements * BYTES_PER_FLOAT),
    limit: formatCount(ctx.limits.maxElements),
    variable: limitVariables.maxElements,
  });
  return false;
}

/**
 * The model's parameter count with `weights` added, or undefined (reported at `span`, once per
 * model) when it passes the budget: checked before any code allocates the weights.
 */
export function checkParameters(
  ctx: CheckContext,
  file: string,
  span: Span,
  model: { model: string; layer: string; before: number; weights: readonly WeightSpec[] },
): number | undefined {
  let total = model.before;
  for (const w of model.weights) {
    // Counted once, under the Keras convention; the other convention's extras are small.
    if (w.conventions && !w.conventions.includes('keras')) continue;
    total += elementCount(w.shape);
  }
  if (total <= ctx.limits.maxParameters) return total;
  const key = `parameters:${file}:${model.model}`;
  if (!ctx.limitsReported.has(key)) {
    ctx.limitsReported.add(key);
    ctx.bag(file).report(Messages.TooManyParameters, span, {
      what: `the model \`${model.model}\` up to this \`${model.layer}\``,
      params: formatCount(total),
      bytes: formatBytes(total * BYTES_PER_FLOAT),
      limit: formatCount(ctx.limits.maxParameters),
      variable: limitVariables.maxParameters,
    });
  }
  return undefined;
}

/**
 * What one training step of `graph` holds at least, in float32 values: each weight and its
 * gradient, and each value (inputs and layer outputs) and its gradient for every sample of a batch.
 * Optimizer state and kernel workspaces come on top, so this is a lower bound.
 */
export function trainingFootprint(graph: ModelGraph): { parameters: number; perSample: number } {
  let parameters = 0;
  for (const node of graph.nodes)
    for (const weight of weightsFor(node, 'keras')) parameters += elementCount(weight.shape);
  let perSample = 0;
  for (const value of graph.values) if (value.shape) perSample += elementCount(value.shape);
  return { parameters, perSample };
}

/** Reports (at `span`) a run whose training step cannot fit the memory budget, before any allocation. */
export function checkTrainingMemory(
  ctx: CheckContext,
  file: string,
  span: Span,
  run: { name: string; batch: number; graph: ModelGraph },
): void {
  const { parameters, perSample } = trainingFootprint(run.graph);
  const parameterBytes = 2 * parameters * BYTES_PER_FLOAT;
  const valueBytes = 2 * perSample * run.batch * BYTES_PER_FLOAT;
  if (parameterBytes + valueBytes <= ctx.limits.maxTrainingBytes) return;
  ctx.bag(file).report(Messages.TrainingTooLarge, span, {
    run: run.name,
    batch: formatCount(run.batch),
    bytes: formatBytes(parameterBytes + valueBytes),
    parameters: formatBytes(parameterBytes),
    values: formatBytes(valueBytes),
    count: formatCount(run.graph.values.length),
    limit: formatBytes(ctx.limits.maxTrainingBytes),
    variable: limitVariables.maxTrainingBytes,
  });
}
