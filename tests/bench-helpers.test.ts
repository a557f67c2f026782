// The benchmark's pure helpers (bench/stats.ts, bench/report.ts, bench/workloads.ts): spreads,
// the rotating side order, the ratios and tables made from known measurements, and that every
// workload's .nnet text passes the checker. Times nothing: the benchmark itself runs by hand.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allSides, findSide } from '../bench/contenders.js';
import { rates, renderReport, type BenchReport } from '../bench/report.js';
import { median, roundOrder, spread, strongest } from '../bench/stats.js';
import type { Measurement } from '../bench/timing.js';
import { inputSize, nnetSource, outputSize, workloads } from '../bench/workloads.js';
import { checkFile } from '../packages/compiler/src/compile.js';

describe('bench statistics', () => {
  it('takes the median of odd and even counts, and the min and max', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(spread([7, 2, 9, 4])).toEqual({ median: 5.5, min: 2, max: 9 });
    expect(() => median([])).toThrow(/no values/);
  });

  it('rotates the side order so each side goes first once in as many rounds', () => {
    const sides = ['a', 'b', 'c'];
    expect(roundOrder(sides, 0)).toEqual(['a', 'b', 'c']);
    expect(roundOrder(sides, 1)).toEqual(['b', 'c', 'a']);
    expect(roundOrder(sides, 2)).toEqual(['c', 'a', 'b']);
    expect(roundOrder(sides, 3)).toEqual(['a', 'b', 'c']);
    const firsts = [0, 1, 2].map((round) => roundOrder(sides, round)[0]);
    expect([...firsts].sort()).toEqual(sides);
    expect(roundOrder([], 4)).toEqual([]);
  });

  it('picks the strongest side that ran', () => {
    const values: Record<string, number | undefined> = { x: 3, y: undefined, z: 5 };
    expect(strongest(['x', 'y', 'z'], (id) => values[id])).toEqual({ id: 'z', value: 5 });
    expect(strongest(['y'], (id) => values[id])).toBeUndefined();
  });
});

/** Three runs with the same samples and times scaled by `slower`: the median is the middle one. */
function runs(samplesPerCpuSecond: number, wallFactor: number): Measurement[] {
  return [0.9, 1, 1.2].map((scale) => ({
    samples: samplesPerCpuSecond * scale,
    cpuSeconds: 1,
    wallSeconds: wallFactor,
  }));
}

describe('bench report', () => {
  const report: BenchReport = {
    startedAt: '2026-12-06T11:00:00.000Z',
    facts: ['Machine: test'],
    settings: { rounds: 3, seconds: 1, warmupSeconds: 1 },
    sides: ['nnet-1', 'nnet-2', 'torch-openblas-1', 'torch-openblas-2', 'tfjs-wasm'].map(findSide),
    sideNotes: { 'nnet-1': 'generated code' },
    workloads: [
      {
        id: 'B',
        title: 'test workload',
        batch: 64,
        runs: {
          // per CPU-s: nnet 1000 vs torch 2000; wall: nnet-2 1800, nnet-1 1000, torch-2 2500.
          'nnet-1': runs(1000, 1),
          'nnet-2': runs(1800 * 1.5, 1.5),
          'torch-openblas-1': runs(2000, 1),
          'torch-openblas-2': runs(2500 * 1.6, 1.6),
        },
        failures: { 'tfjs-wasm': "Kernel 'Conv2DBackpropFilter' not registered" },
      },
    ],
  };
  const markdown = renderReport(report);
  const row = (table: string, workload: string) =>
    markdown
      .split(`## ${table}`)[1]
      .split('\n')
      .find((line) => line.startsWith(`| ${workload}`))!
      .split('|')
      .slice(2, -1)
      .map((cell) => cell.trim());

  it('divides medians: 1 thread per CPU-second, best against best and 2 workers in wall time', () => {
    expect(rates(report.workloads[0].runs['nnet-2'], 'wall')[1]).toBeCloseTo(1800);
    expect(rates(report.workloads[0].runs['nnet-2'], 'cpu')[1]).toBeCloseTo(2700);
    const ratios = row('Ratios', 'B: test workload');
    expect(ratios[0]).toBe('0.50×'); // nnet 1 / torch-OpenBLAS 1 per CPU-s
    expect(ratios[1]).toBe('0.50×'); // same, wall
    expect(ratios[2]).toBe('0.72× (2 vs 2)'); // 1800 / 2500
    expect(ratios[3]).toBe('1.80×'); // nnet 2 / nnet 1, wall
    expect(ratios[4]).toBe('—'); // torch-reference-1 was not in this run
    expect(ratios[5]).toBe('—'); // tfjs-wasm failed
  });

  it('shows each side as median (min–max), a dash where it did not run, and why', () => {
    expect(row('Samples per CPU-second', 'B')).toEqual([
      '1,000 (900–1,200)',
      '2,700 (2,430–3,240)',
      '2,000 (1,800–2,400)',
      '4,000 (3,600–4,800)',
      '—',
    ]);
    expect(row('Samples per wall second', 'B')[0]).toBe('1,000 (900–1,200)');
    expect(markdown).toContain('| workload | nnet, 1 worker | nnet, 2 workers |');
    expect(markdown).toContain("- B, tfjs-wasm: Kernel 'Conv2DBackpropFilter' not registered");
    expect(markdown).toContain('- nnet, 2 workers (`nnet-2`): did not start');
  });

  it('gives 2 workers against 1 by CPU time: inflation, caller share, wake-ups, predicted', () => {
    // 1 worker: 1000 samples on 1 CPU-s, all on the caller. 2 workers: 1000 samples on 1.25 CPU-s,
    // 0.5 of it on the caller, which slept 0.125 s waiting; 32 products split over 1000 / 64 steps.
    const one = [1, 1, 1].map(() => ({
      samples: 1000,
      cpuSeconds: 1,
      wallSeconds: 1,
      callerCpuSeconds: 1,
      wakeUps: 0,
    }));
    const two = [1, 1, 1].map(() => ({
      samples: 1000,
      cpuSeconds: 1.25,
      wallSeconds: 0.625,
      callerCpuSeconds: 0.5,
      callerWaitSeconds: 0.125,
      wakeUps: 2 * (1000 / 64),
    }));
    const proxies = renderReport({
      ...report,
      workloads: [{ ...report.workloads[0], runs: { 'nnet-1': one, 'nnet-2': two } }],
    })
      .split('## nnet, 2 workers against 1, by CPU time')[1]
      .split('\n')
      .find((line) => line.startsWith('| B |'))!
      .split('|')
      .slice(2, -1)
      .map((cell) => cell.trim());
    // The busier thread by CPU: everything but the caller, 0.75 CPU-s per 1000 samples.
    expect(proxies).toEqual(['1.25×', '40 %', '2.0', '1.60×', '1.33×', '1.60×']);
    // Without the caller's CPU (not Linux) the columns that need it say so.
    expect(markdown).toContain('| B | 0.37× | — | — | — | — | 1.80× |');
  });

  it('labels every PyTorch side with its BLAS', () => {
    for (const side of allSides.filter((s) => s.engine === 'torch')) {
      expect(side.label).toMatch(side.blas === 'openblas' ? /OpenBLAS/ : /reference BLAS/);
    }
  });
});

describe('bench workloads', () => {
  it.each(workloads.map((w) => [w.id, w] as const))(
    'workload %s is a valid .nnet model of the stated shapes',
    (_id, workload) => {
      const file = path.join('/virtual', `bench-${workload.id}.nnet`);
      const text = nnetSource(workload);
      const result = checkFile(file, {
        host: { readFile: (f) => (f === path.resolve(file) ? text : undefined) },
      });
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => d.message)).toEqual([]);
      expect(text).toContain(`input x: [${workload.inputShape.join(', ')}]`);
      expect(inputSize(workload)).toBe(workload.inputShape.reduce((a, b) => a * b, 1));
      expect(text).toContain(`dense(${outputSize(workload)}`);
      expect(text).toContain(`batch = ${workload.batch}`);
    },
  );
});
