// The PyTorch export of an ensemble: `nnc compile --target pytorch` of an ensemble's run writes
// ensemble.py; loaded from the checkpoint `nnc train` wrote, its vote and H(x) equal `nnc eval`'s
// (Debian's torch; skipped with a note when it is missing).

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnc } from '../run-nnc.js';
import { PYTHON, repoRoot, tempDir, torchAvailable } from './helpers.js';

describe.skipIf(!torchAvailable)('ensemble.py', () => {
  const cases = [
    {
      example: 'examples/adaboost-xor.nnet',
      run: 'BoostedXor',
      folder: 'xor_line',
      learner: 'XorLine',
    },
    // A learner with model arguments: its own class, Boosted_Mlp, with 2 tanh units.
    {
      example: 'tests/cases/valid/ensemble-learner-arguments.nnet',
      run: 'Boosted',
      folder: 'boosted_mlp',
      learner: 'Boosted_Mlp',
    },
  ];
  it.each(cases)(
    '$example: holds the learners and their α, and votes as nnc eval does',
    async (c) => {
      const { example } = c;
      const out = tempDir('nnet-ensemble-torch-');
      const trained = await runNnc(
        repoRoot,
        'train',
        example,
        '-q',
        '--run',
        c.run,
        '-o',
        path.join(out, 'run'),
      );
      expect(trained.code).toBe(0);
      const compiled = await runNnc(
        repoRoot,
        'compile',
        example,
        '--run',
        c.run,
        '--target',
        'pytorch',
        '-o',
        out,
      );
      expect(compiled.stderr).toBe('');
      expect(fs.existsSync(path.join(out, c.folder, 'ensemble.py'))).toBe(true);
      const points = [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
        [0.4, 0.6],
      ];
      const checkpoint = path.join(out, 'run', 'ensemble.safetensors');
      const evaluated = await runNnc(
        repoRoot,
        'eval',
        example,
        '--run',
        c.run,
        '--input',
        JSON.stringify(points),
        '--weights',
        checkpoint,
        '--format',
        'json',
      );
      expect(evaluated.stderr).toBe('');
      const expected = JSON.parse(evaluated.stdout) as { H: number; vote: number[] }[];
      const script = [
        'import json, sys, torch',
        `from ${c.folder}.ensemble import ${c.run}`,
        `model = ${c.run}.from_checkpoint(sys.argv[1])`,
        'x = torch.tensor(json.loads(sys.argv[2]), dtype=torch.float32)',
        'print(json.dumps({"H": model.predict(x).tolist(), "vote": model(x).tolist(), "rounds": len(model.learners), "learner": type(model.learners[0]).__name__, "params": sum(p.numel() for p in model.learners[0].parameters())}))',
      ].join('\n');
      const result = JSON.parse(
        execFileSync(PYTHON, ['-c', script, checkpoint, JSON.stringify(points)], {
          cwd: out,
          encoding: 'utf8',
        }),
      ) as { H: number[]; vote: number[][]; rounds: number; learner: string; params: number };
      expect(result.learner).toBe(c.learner);
      expect(result.params).toBe(c.learner === 'XorLine' ? 3 : 9);
      expect(result.H).toEqual(expected.map((r) => r.H));
      result.vote.forEach((row, i) =>
        row.forEach((v, k) => expect(v).toBeCloseTo(expected[i].vote[k], 5)),
      );
      expect(result.rounds).toBeGreaterThan(1);
      fs.rmSync(out, { recursive: true, force: true });
    },
  );
});
