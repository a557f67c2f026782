// The model and run a CLI command works on, from `--model` / `--run` or the file's first model (or
// first train run): refuses, with the names there are, a name that is missing or an ensemble.

import type { CheckResult } from '../compile.js';
import type { ModelGraph } from '../check/graph.js';
import type { TrainRun } from '../check/train.js';
import { findModelGraph } from '../check/ensemble-learner.js';
import type { CliContext } from './main.js';

/**
 * The model and run a command works on: `--model`/`--run`, or the file's first model — or, with
 * `firstRun` (`nnc train`), the file's first train run and the model it trains.
 */
export function pickModel(
  result: CheckResult,
  options: { model?: string; run?: string; firstRun?: boolean },
  cli: CliContext,
): { graph: ModelGraph; run?: TrainRun } | undefined {
  const checked = result.checked!;
  const entry = checked.program.entry;
  const runs = checked.runs.filter((r) => r.file === entry);
  const run = options.run
    ? runs.find((r) => r.name === options.run)
    : options.firstRun && !options.model
      ? runs[0]
      : undefined;
  if (options.run && !run) {
    cli.io.stderr(
      `nnc: no train run named "${options.run}"; the runs are: ${runs.map((r) => r.name).join(', ') || 'none'}\n`,
    );
    cli.setExit(2);
    return undefined;
  }
  const name = options.model ?? run?.model;
  const models = checked.models.filter((m) => m.location.file === entry);
  const graph = name ? findModelGraph(checked, name) : models[0];
  const ensemble = name ? checked.ensembles.find((e) => e.name === name) : undefined;
  if (!graph && ensemble) {
    const run = runs.find((r) => r.ensemble === ensemble.name);
    cli.io.stderr(
      `nnc: ${name} is an ensemble of ${ensemble.learnerText ?? ensemble.learner}: pick its learner with --model ${ensemble.graph?.name ?? ensemble.learner}${run ? `, or its run with --run ${run.name}` : ''}\n`,
    );
    cli.setExit(2);
    return undefined;
  }
  if (!graph) {
    cli.io.stderr(
      name
        ? `nnc: no model named "${name}"; the models are: ${models.map((m) => m.name).join(', ') || 'none'}\n`
        : 'nnc: the file declares no model\n',
    );
    cli.setExit(2);
    return undefined;
  }
  const chosenRun = run ?? runs.find((r) => r.model === graph.name);
  if (!chosenRun && !name) {
    // The first model's run may boost it with arguments (`of Mlp(width = 4)`): take that run and
    // its learner, as a run of `of Mlp` is taken for `Mlp`.
    const variant = checked.ensembles.find((e) => e.learner === graph.name && e.learnerText);
    const boosting = variant && runs.find((r) => r.ensemble === variant.name);
    const learner = boosting && findModelGraph(checked, boosting.model);
    if (boosting && learner) return { graph: learner, run: boosting };
  }
  return { graph, ...(chosenRun ? { run: chosenRun } : {}) };
}
