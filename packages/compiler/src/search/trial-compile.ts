// Checks and compiles one trial in a search's worker thread: takes the loaded program (parsed once
// per worker), the run's name and the trial's overrides, produces the generated module's code and
// the trial's checked run, or the first error rendered as `nnc check` would show it.

import { builtinCatalogue } from '../compile.js';
import { checkProgram } from '../check/index.js';
import type { TrainRun } from '../check/train.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render.js';
import type { Program } from '../program.js';
import { compileModelToJs } from '../targets/js/index.js';
import type { Override } from './overrides.js';
import { variantProgram } from './trials.js';

export function compileTrial(
  program: Program,
  runName: string,
  overrides: readonly Override[],
  runtimeImport: string,
  display: (file: string) => string,
): { js: string; run: TrainRun } | { error: string } {
  const catalogue = builtinCatalogue();
  const variant = variantProgram(program, runName, overrides, catalogue);
  if (!variant) return { error: 'the overrides could not be applied' };
  const checked = checkProgram(variant.program, catalogue);
  const sources = new Map([...variant.program.files].map(([f, p]) => [f, p.source]));
  const render = (diagnostics: readonly Diagnostic[]) =>
    renderDiagnostics(diagnostics.filter((d) => d.severity === 'error').slice(0, 1), sources, {
      displayPath: display,
    });
  if (hasErrors(checked.diagnostics)) return { error: render(checked.diagnostics) };
  const run = checked.runs.find((r) => r.name === runName && r.file === program.entry);
  const graph = run && checked.models.find((m) => m.name === run.model);
  if (!run || !graph) return { error: `the run ${runName} is missing` };
  const compiled = compileModelToJs(graph, run, checked, sources, catalogue, { runtimeImport });
  if (!compiled.value) return { error: render(compiled.diagnostics) };
  return { js: compiled.value.js, run };
}
