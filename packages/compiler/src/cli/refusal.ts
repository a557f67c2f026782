// What every command does when a target refuses a model (NN4009 and the like): the diagnostics on
// stderr, rendered as `nnc check` renders them, and exit code 1. One place, so all commands agree.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render.js';
import type { SourceText } from '../syntax/source.js';
import type { CliContext } from './main.js';

export function reportRefusal(
  cli: CliContext,
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, SourceText>,
): void {
  cli.io.stderr(
    renderDiagnostics(diagnostics, sources, { color: cli.io.color, displayPath: cli.display }) +
      '\n',
  );
  cli.setExit(1);
}
