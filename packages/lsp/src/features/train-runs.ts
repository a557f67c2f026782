// `nnet/trainRuns`: the `train` runs a document declares — the name `nnc train --run` takes (`as
// name`, or the model's), its model and where it is — from the server's parse of the unsaved text
// (so a file with syntax errors still lists what the parser recovered), the one under the cursor first.

import type { ServerContext } from '../context.js';

export interface TrainRunInfo {
  name: string;
  model: string;
  /** 0-based line of the `train` keyword. */
  line: number;
  start: number;
  end: number;
}

export function trainRunsAt(
  ctx: ServerContext,
  params: { uri: string; offset?: number },
): { runs: TrainRunInfo[] } | null {
  const doc = ctx.document(params.uri);
  if (!doc) return null;
  const runs = doc.ast.declarations.flatMap((d): TrainRunInfo[] =>
    d.kind === 'Train'
      ? [
          {
            name: d.runName?.name ?? d.model.name,
            model: d.model.name,
            line: doc.source.position(d.span.start).line - 1,
            start: d.span.start,
            end: d.span.end,
          },
        ]
      : [],
  );
  const offset = params.offset ?? -1;
  const here = runs.find((run) => run.start <= offset && offset <= run.end);
  return { runs: here ? [here, ...runs.filter((run) => run !== here)] : runs };
}
