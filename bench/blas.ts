// The BLAS under each PyTorch side: gets Debian's build with scripts/setup-openblas.sh, makes the
// environment that loads it (LD_LIBRARY_PATH), and proves it with bench/torch_blas_check.py run
// under LD_DEBUG=bindings: where torch's sgemm_ was bound, OpenBLAS's core, a correct matmul.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Blas } from './contenders.js';

export const PYTHON = '/usr/bin/python3';
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const setupScript = path.join(benchDir, '..', 'scripts', 'setup-openblas.sh');

/**
 * Variables that pin OpenBLAS to an older kernel on processors where old OpenBLAS builds failed.
 * The OpenBLAS side drops them (what a PyTorch user here gets), if its matmul check still passes.
 */
export const OPENBLAS_PINNING = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'] as const;

/** Largest relative error of torch.mm against float64 sums that counts as correct. */
const MATMUL_TOLERANCE = 1e-5;

interface CheckOutput {
  torch: string;
  blasInfo: string;
  mapped: string[];
  openblas: { config: string; core: string; threads: number } | null;
  matmulRelativeError: number;
  matmulGflops: number;
}

export interface BlasSetup {
  blas: Blas;
  /** The environment of this BLAS's PyTorch processes, before the thread counts are added. */
  environment: NodeJS.ProcessEnv;
  /** One line for the report: library, version, where sgemm_ was bound, check results. */
  description: string;
  torchVersion: string;
}

/** True when /usr/bin/python3 can import torch (Debian's python3-torch). */
export function torchAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
}

function libraryPath(blas: Blas): string {
  const variant = blas === 'openblas' ? 'pthread' : 'reference';
  const result = spawnSync('sh', [setupScript, variant], { encoding: 'utf8' });
  const lines = result.stdout.trim().split('\n');
  if (result.status !== 0 || !lines[lines.length - 1]) {
    throw new Error(`${setupScript} ${variant} failed: ${result.stderr.trim().split('\n').pop()}`);
  }
  return lines[lines.length - 1];
}

/** Runs the check script with this environment; returns its answer and the library sgemm_ came from. */
function runCheck(environment: NodeJS.ProcessEnv): CheckOutput & { sgemmFrom: string } {
  const debugDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-bench-ld-'));
  try {
    const result = spawnSync(PYTHON, [path.join(benchDir, 'torch_blas_check.py')], {
      encoding: 'utf8',
      env: {
        ...environment,
        OPENBLAS_NUM_THREADS: '1',
        OMP_NUM_THREADS: '1',
        LD_DEBUG: 'bindings',
        LD_DEBUG_OUTPUT: path.join(debugDir, 'ld'),
      },
    });
    if (result.status !== 0) {
      const why = result.signal ?? result.stderr.trim().split('\n').pop();
      throw new Error(`torch_blas_check.py failed: ${why}`);
    }
    const output = JSON.parse(result.stdout.trim().split('\n').pop()!) as CheckOutput;
    const binding =
      /binding file \S*libtorch_cpu\S* \[\d+\] to (\S+) \[\d+\]: normal symbol `sgemm_'/;
    let sgemmFrom = 'not seen';
    for (const file of fs.readdirSync(debugDir)) {
      const match = binding.exec(fs.readFileSync(path.join(debugDir, file), 'utf8'));
      if (match) sgemmFrom = match[1];
    }
    return { ...output, sgemmFrom };
  } finally {
    fs.rmSync(debugDir, { recursive: true, force: true });
  }
}

/** What is wrong with this check for this BLAS, or undefined when it is what we asked for. */
function problem(blas: Blas, check: CheckOutput & { sgemmFrom: string }): string | undefined {
  if (!(check.matmulRelativeError <= MATMUL_TOLERANCE)) {
    return `torch.mm is off by ${check.matmulRelativeError.toExponential(1)} (relative) against float64 sums`;
  }
  if (blas === 'openblas') {
    if (!check.openblas || !check.sgemmFrom.includes('/openblas-')) {
      return `asked for OpenBLAS but torch's sgemm_ came from ${check.sgemmFrom}`;
    }
  } else if (check.openblas || !check.sgemmFrom.includes('/blas/libblas.so.3')) {
    return `asked for the reference BLAS but torch's sgemm_ came from ${check.sgemmFrom}`;
  }
  return undefined;
}

function describe(blas: Blas, check: CheckOutput & { sgemmFrom: string }, dropped: string): string {
  const repoRoot = path.join(benchDir, '..');
  const library = check.sgemmFrom.startsWith(repoRoot + path.sep)
    ? path.relative(repoRoot, check.sgemmFrom)
    : check.sgemmFrom;
  const proof =
    `torch's sgemm_ bound to ${library}; torch.mm (3 layouts, 64×784·784×128) ` +
    `within ${check.matmulRelativeError.toExponential(1)} of float64 sums; ` +
    `${check.matmulGflops.toFixed(1)} GFLOP/s per CPU-second on a 256³ mm, 1 thread`;
  if (blas === 'reference') {
    const version = check.mapped
      .map((p) => /libblas\.so\.(\d+\.\d+\.\d+)/.exec(p)?.[1])
      .find(Boolean);
    return `reference BLAS: netlib ${version ?? ''} (Debian libblas3 + liblapack3); ${proof}`;
  }
  const config = check.openblas!.config;
  return (
    `OpenBLAS: ${config.split(' ').slice(0, 2).join(' ')} (Debian libopenblas0-pthread, ` +
    `${config.includes('DYNAMIC_ARCH') ? 'DYNAMIC_ARCH' : 'fixed core'}, running core ` +
    `${check.openblas!.core}${dropped}); ${proof}`
  );
}

/** Gets, loads and checks one BLAS for PyTorch; throws with the reason when it cannot. */
export function prepareBlas(blas: Blas): BlasSetup {
  const directories = libraryPath(blas);
  const inherited = process.env.LD_LIBRARY_PATH;
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    LD_LIBRARY_PATH: inherited ? `${directories}:${inherited}` : directories,
  };
  if (blas === 'reference') {
    const check = runCheck(base);
    const why = problem(blas, check);
    if (why) throw new Error(why);
    return {
      blas,
      environment: base,
      description: describe(blas, check, ''),
      torchVersion: check.torch,
    };
  }
  const pinned = OPENBLAS_PINNING.filter((name) => process.env[name] !== undefined);
  const unpinned = { ...base };
  for (const name of pinned) delete unpinned[name];
  const check = runCheck(unpinned);
  const why = problem(blas, check);
  if (!why) {
    const dropped = pinned.length > 0 ? `; ${pinned.join(' and ')} dropped for this side` : '';
    return {
      blas,
      environment: unpinned,
      description: describe(blas, check, dropped),
      torchVersion: check.torch,
    };
  }
  if (pinned.length === 0) throw new Error(why);
  // Without the pinning OpenBLAS went wrong here: keep the machine's setting, and say so.
  const pinnedCheck = runCheck(base);
  const pinnedWhy = problem(blas, pinnedCheck);
  if (pinnedWhy) throw new Error(pinnedWhy);
  const kept = `; ${pinned.join(' and ')} kept: without them ${why}`;
  return {
    blas,
    environment: base,
    description: describe(blas, pinnedCheck, kept),
    torchVersion: pinnedCheck.torch,
  };
}

/**
 * How PyTorch's OpenMP threads wait for work, unless OMP_WAIT_POLICY is set: PASSIVE (sleep). On
 * this shared, overloaded machine the default spinning made 2 threads ~10× slower than 1 (a
 * spinning thread holds the core its partner needs); sleeping is PyTorch's better setting here,
 * and nnet's workers sleep too (Atomics.wait).
 */
export const DEFAULT_OMP_WAIT_POLICY = 'PASSIVE';

/** The environment of one PyTorch side: its BLAS, and its thread count for OpenBLAS and OpenMP. */
export function torchEnvironment(setup: BlasSetup, threads: number): NodeJS.ProcessEnv {
  return {
    ...setup.environment,
    OPENBLAS_NUM_THREADS: String(threads),
    OMP_NUM_THREADS: String(threads),
    OMP_WAIT_POLICY: setup.environment.OMP_WAIT_POLICY ?? DEFAULT_OMP_WAIT_POLICY,
  };
}

/** The OpenBLAS pinning variables as this process found them, for the report. */
export function pinningNote(): string {
  const values = OPENBLAS_PINNING.map((name) => `${name}=${process.env[name] ?? '(unset)'}`);
  return values.join(', ');
}

/** How the PyTorch sides' OpenMP threads wait, and whether the bench chose it. */
export function waitPolicyNote(): string {
  const inherited = process.env.OMP_WAIT_POLICY;
  return inherited
    ? `OMP_WAIT_POLICY=${inherited} (from the environment)`
    : `OMP_WAIT_POLICY=${DEFAULT_OMP_WAIT_POLICY} (the bench's default: threads sleep while they wait; ` +
        'set OMP_WAIT_POLICY=ACTIVE to measure spinning, which can win on an idle machine)';
}
