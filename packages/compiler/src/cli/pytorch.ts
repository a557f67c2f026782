// `nnc compile FILE --target pytorch -o DIR`: checks, picks the model and its run, compiles, and
// writes the package to DIR/<model_snake>/ (each file through a temporary file and a rename);
// prints the diagnostics and exits 1 when the model cannot be exported.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinCatalogue } from '../compile.js';
import { compileModelToPytorch } from '../targets/pytorch/index.js';
import { generateEnsembleModule } from '../targets/pytorch/ensemble.js';
import { className } from '../targets/pytorch/python-text.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { pickModel } from './pick-model.js';
import type { CliContext } from './main.js';
import { reportRefusal } from './refusal.js';

export function compilePytorchFromCli(
  file: string,
  options: { out: string; model?: string; run?: string },
  cli: CliContext,
  version: string,
): void {
  const result = cli.check(file, true);
  if (!result?.checked || hasErrors(result.diagnostics)) return;
  const picked = pickModel(result, options, cli);
  if (!picked) return;
  const compiled = compileModelToPytorch(
    picked.graph,
    picked.run,
    result.sources,
    builtinCatalogue(),
    { compilerVersion: version },
  );
  if (!compiled.value) {
    reportRefusal(cli, compiled.diagnostics, result.sources);
    return;
  }
  // A run of an ensemble: ensemble.py holds the learners and their α (from nnc train's checkpoint).
  const ensemble = picked.run?.ensemble
    ? result.checked.ensembles.find((e) => e.name === picked.run!.ensemble)
    : undefined;
  if (ensemble) {
    // The learner's class is named as package.ts names the model's.
    const learnerClass = className(picked.graph.name);
    compiled.value.files['ensemble.py'] = generateEnsembleModule(ensemble, learnerClass, {
      compilerVersion: version,
      source: path.basename(file),
    });
  }
  const folder = path.join(cli.resolve(options.out), compiled.value.packageName);
  fs.mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(compiled.value.files)) {
    const target = path.join(folder, name);
    const temporary = `${target}.tmp-${process.pid}`;
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, target);
  }
  const shown = cli.display(folder);
  const names = Object.keys(compiled.value.files).sort();
  cli.io.stdout(
    `wrote ${shown}/ (${names.join(', ')}): ` +
      (ensemble
        ? `${className(ensemble.name)}.from_checkpoint(…) in ensemble.py loads the ensemble checkpoint of \`nnc train\` (train.py trains one learner, unweighted); `
        : '') +
      (compiled.value.run
        ? `run \`python ${path.join(shown, 'train.py')}\` or \`torchrun --nproc_per_node=N ${path.join(shown, 'train.py')}\` (train run ${compiled.value.run})\n`
        : 'no train run, so no train.py: import the model from model.py\n'),
  );
}
