// A module written by `nnc compile` runs under plain `node` in a project outside the repository,
// with the runtime installed from its packed tarball (`pnpm pack`, then `npm install --offline`,
// without the host-only optional dependencies): predict and a train step give exactly what the
// same model gives in this process. Needs the build (`corepack pnpm build`, run first by
// `corepack pnpm test`), corepack and npm; takes about 10–20 s.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileAndLoad } from '../packages/compiler/src/targets/js/load.js';
import { repoRoot } from './golden.js';
import { pnpmCommand } from './pnpm.js';

/** Children run without an outer package script's or vitest's loader settings. */
function plainEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
    NO_COLOR: '1',
  };
  for (const name of Object.keys(env)) {
    if (name === 'INIT_CWD' || name.startsWith('npm_') || name === 'NODE_OPTIONS') delete env[name];
  }
  return env;
}

const inputs = [0, 0, 0, 1, 1, 0, 1, 1];
const targets = [0, 1, 1, 0];

/** What the script in the outside project prints, computed here in-process. */
async function inProcess(text: string) {
  const model = await compileAndLoad(text, { seed: 7 });
  const x = Float32Array.from(inputs);
  const y = Float32Array.from(targets);
  const before = Array.from(model.predict(x, 4));
  const loss = model.trainStep(x, y, 4);
  const after = Array.from(model.predict(x, 4));
  return { before, loss, after };
}

const script = `import { create } from './model/XorTrain.js';
const model = create({ seed: 7 });
const x = Float32Array.from(${JSON.stringify(inputs)});
const y = Float32Array.from(${JSON.stringify(targets)});
const before = Array.from(model.predict(x, 4));
const loss = model.trainStep(x, y, 4);
const after = Array.from(model.predict(x, 4));
console.log(JSON.stringify({ before, loss, after }));
`;

describe('a generated module under plain node', () => {
  it('runs outside the repository with the runtime from its packed tarball', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-plain-node-'));
    const env = plainEnvironment();
    const [pnpm, ...pnpmArgs] = pnpmCommand();
    execFileSync(pnpm, [...pnpmArgs, 'pack', '--pack-destination', folder], {
      cwd: path.join(repoRoot, 'packages/runtime'),
      env,
      stdio: 'pipe',
    });
    const tarball = fs.readdirSync(folder).find((f) => f.endsWith('.tgz'));
    expect(tarball).toMatch(/^nnet-runtime-.*\.tgz$/);

    const project = path.join(folder, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'student', private: true, type: 'module' }),
    );
    execFileSync(
      'npm',
      ['install', '--offline', '--omit=optional', '--no-audit', '--no-fund', `../${tarball}`],
      { cwd: project, env, stdio: 'pipe' },
    );
    expect(fs.readdirSync(path.join(project, 'node_modules/@nnet'))).toEqual(['runtime']);

    const example = path.join(repoRoot, 'examples/xor-train.nnet');
    execFileSync(
      process.execPath,
      [path.join(repoRoot, 'packages/compiler/bin/nnc.js'), 'compile', example, '-o', 'model'],
      { cwd: project, env, stdio: 'pipe' },
    );
    expect(fs.readFileSync(path.join(project, 'model/XorTrain.js'), 'utf8')).toContain(
      'from "@nnet/runtime"',
    );
    fs.writeFileSync(path.join(project, 'run.mjs'), script);
    const printed = execFileSync(process.execPath, ['run.mjs'], {
      cwd: project,
      env,
      encoding: 'utf8',
    });
    const outside = JSON.parse(printed) as Awaited<ReturnType<typeof inProcess>>;

    const expected = await inProcess(fs.readFileSync(example, 'utf8'));
    expect(outside.before).toHaveLength(4);
    expect(outside.loss).toBeGreaterThan(0);
    expect(outside.after).not.toEqual(outside.before);
    expect(outside).toEqual(expected);
    fs.rmSync(folder, { recursive: true, force: true });
  });
});
