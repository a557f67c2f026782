// `nnc` from the caller's folder: relative paths resolve against the folder the command was typed
// in (also under `corepack pnpm nnc`, through INIT_CWD), the built bin answers from a folder outside
// the repository, and `nnc train FILE` trains the file's first train run, not its first model.
// The bin tests run the build (`corepack pnpm build`, which `corepack pnpm test` runs first).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callerFolder } from '../packages/compiler/src/cli/main.js';
import { runNnc } from '../packages/compiler/test/run-nnc.js';
import { repoRoot } from './golden.js';
import { pnpmCommand } from './pnpm.js';

const bin = path.join(repoRoot, 'packages/compiler/bin/nnc.js');
const temporary = () => fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-anywhere-'));

/** The environment of a child `nnc`, without what an outer package script would leave behind. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
  };
  for (const name of Object.keys(env)) {
    if (name === 'INIT_CWD' || name.startsWith('npm_') || name === 'NODE_OPTIONS') delete env[name];
  }
  return env;
}

describe('the folder relative paths resolve against', () => {
  it('is the process folder for a plain `nnc`', () => {
    expect(callerFolder({}, '/work/project')).toBe('/work/project');
    expect(
      callerFolder({ INIT_CWD: '/home/student', npm_lifecycle_event: 'test' }, '/work/project'),
    ).toBe('/work/project');
  });

  it('is INIT_CWD under the `nnc` package script (pnpm runs scripts from the root)', () => {
    expect(
      callerFolder({ INIT_CWD: '/home/student', npm_lifecycle_event: 'nnc' }, '/work/repo'),
    ).toBe('/home/student');
    expect(callerFolder({ INIT_CWD: 'relative', npm_lifecycle_event: 'nnc' }, '/work/repo')).toBe(
      '/work/repo',
    );
  });
});

describe('the built nnc', () => {
  it('checks a file given by a relative path from a folder outside the repository', () => {
    const folder = temporary();
    fs.mkdirSync(path.join(folder, 'models'));
    fs.copyFileSync(
      path.join(repoRoot, 'examples/mnist-mlp.nnet'),
      path.join(folder, 'models/mine.nnet'),
    );
    fs.writeFileSync(
      path.join(folder, 'models/broken.nnet'),
      'model B {\n  input x: [4, 4]\n  dense(3)\n}\n',
    );
    const result = spawnSync(
      process.execPath,
      [bin, 'check', 'models/mine.nnet', 'models/broken.nnet'],
      {
        cwd: folder,
        env: cleanEnvironment(),
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toContain('models/mine.nnet: 0 errors, 0 warnings');
    expect(result.stderr).toContain('models/broken.nnet:3:3 error NN3002');
    expect(result.status).toBe(1);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('prints its version without the compiler, the same as the package says', () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(repoRoot, 'packages/compiler/package.json'), 'utf8'),
    ) as { version: string };
    const short = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    const full = spawnSync(process.execPath, [bin, 'check', '--version'], { encoding: 'utf8' });
    expect(short.stdout).toBe(`${manifest.version}\n`);
    expect(full.stdout).toBe(`${manifest.version}\n`);
  });

  it('resolves paths against the folder `corepack pnpm nnc` was typed in', () => {
    const [pnpm, ...pnpmArgs] = pnpmCommand();
    const result = spawnSync(pnpm, [...pnpmArgs, '--silent', 'nnc', 'check', 'mnist-mlp.nnet'], {
      cwd: path.join(repoRoot, 'examples'),
      env: cleanEnvironment(),
      encoding: 'utf8',
    });
    expect(result.stderr).toContain('mnist-mlp.nnet: 0 errors, 0 warnings');
    expect(result.stderr).not.toContain('cannot read');
    expect(result.status).toBe(0);
  });
});

describe('nnc train FILE', () => {
  it('trains the first train run, not the first model', async () => {
    const folder = temporary();
    const file = path.join(folder, 'two.nnet');
    fs.writeFileSync(
      file,
      [
        '/// Hand-set: no train run.',
        'model ByHand {',
        '  input x: [2]',
        '  dense(1) with { weights = [[1], [1]], bias = [0] }',
        '}',
        '',
        'model Learned {',
        '  input x: [2]',
        '  dense(4, tanh)',
        '  dense(1, sigmoid)',
        '}',
        '',
        'train Learned {',
        '  data = xor',
        '  loss = binary_cross_entropy',
        '  optimizer = sgd(lr = 0.5)',
        '  batch = 4',
        '  epochs = 2',
        '  split = [1, 0]',
        '}',
        '',
      ].join('\n'),
    );
    const result = await runNnc(folder, 'train', 'two.nnet', '--quiet', '--out', 'out');
    expect(result.stderr).not.toContain('no train run');
    expect(result.code).toBe(0);
    expect(fs.existsSync(path.join(folder, 'out/checkpoint.safetensors'))).toBe(true);
    const checkpoint = fs.readFileSync(path.join(folder, 'out/checkpoint.safetensors'));
    // The Learned model's first layer has 2 × 4 weights; ByHand has no 4-unit layer.
    expect(checkpoint.toString('latin1')).toMatch(/"shape":\[2,4\]/);
    fs.rmSync(folder, { recursive: true, force: true });
  });
});
