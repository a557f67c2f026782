// Goldens in the middle of the pipeline: each tests/ir/NAME.nnet → NAME.ast.txt (the parsed tree,
// as `nnc check --dump ast`) and NAME.<target>.ir.txt (the IR each target's emitter reads), so a
// parser, lowering or fusion change shows as a reviewed diff. UPDATE_GOLDEN=1 rewrites them.

import * as path from 'node:path';
import { describe, it } from 'vitest';
import { checkFile, targetIr, type Target } from '@nnet/compiler';
import { targets, type TargetName } from '../packages/compiler/src/targets/index.js';
import { printIr } from '../packages/compiler/src/ir/print.js';
import { dumpStage } from '../packages/compiler/src/cli/dump.js';
import { expectGolden, nnetFiles, repoRoot } from './golden.js';

const targetNames = Object.keys(targets) as TargetName[];

describe('IR of each target pipeline', () => {
  for (const file of nnetFiles(path.join(repoRoot, 'tests/ir'))) {
    it(`${path.basename(file)} → ast`, () => {
      // The tree names its file: relative to the repository, so the golden holds on any machine.
      const ast = dumpStage('ast', checkFile(file)).replaceAll(
        JSON.stringify(file),
        JSON.stringify(path.relative(repoRoot, file).replace(/\\/g, '/')),
      );
      expectGolden(file.replace(/\.nnet$/, '.ast.txt'), `${ast}\n`);
    });
    for (const targetName of targetNames) {
      it(`${path.basename(file)} → ${targetName}`, () => {
        const result = checkFile(file);
        const checked = result.checked!;
        // What `nnc compile --dump ir --target X` prints and the editor's IR view shows.
        const text = checked.models
          .map((graph) => {
            const run = checked.runs.find((r) => r.model === graph.name);
            const target: Target<object, unknown> = targets[targetName];
            return targetIr(graph, run, target, { sources: result.sources, targetOptions: {} })
              .ir.map(printIr)
              .join('\n\n');
          })
          .join('\n\n');
        const relative = path.relative(repoRoot, file).replace(/\\/g, '/');
        expectGolden(file.replace(/\.nnet$/, `.${targetName}.ir.txt`), `# ${relative}\n${text}\n`);
      });
    }
  }
});
