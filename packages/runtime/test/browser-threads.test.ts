// The worker pool's browser host: Web Workers started from a Blob URL (here a stand-in Worker
// that runs the Blob's program in a worker_thread, as a page would run it) split products with the
// same bits as one thread; a thread that may not block is refused; the spawner makes one URL.

import { resolveObjectURL } from 'node:buffer';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import {
  setWebWorkerThreads,
  threadCanBlock,
  webWorkerSpawner,
  type WebWorkerLike,
} from '../src/core/wasm/browser-threads.js';
import { sharedMemorySupported, wasmSimdSupported } from '../src/core/wasm/host-api.js';
import { getKernels, setKernels } from '../src/core/wasm/kernel-choice.js';
import { setThreads } from '../src/core/wasm/node-threads.js';
import { getThreads, poolStatistics, runningWorkers } from '../src/core/wasm/thread-control.js';
import { WORKER_SOURCE } from '../src/core/wasm/worker-pool.js';
import { matmulWithOffsets } from '../src/core/matmul.js';
import { Prng, randomArray } from './helpers.js';

/**
 * A Web Worker as a browser gives one: `new Worker(blobUrl)` runs the Blob's text as a classic
 * script whose `onmessage` receives `{ data }`. Node has no Web Worker, so this reads the Blob
 * back and runs its text in a worker_thread with a `message` → `onmessage` bridge.
 */
class BlobWorker implements WebWorkerLike {
  static started = 0;
  static urls = new Set<string>();
  private worker: Worker | undefined;
  private readonly pending: unknown[] = [];
  private stopped = false;

  constructor(url: string) {
    BlobWorker.urls.add(url);
    const blob = resolveObjectURL(url);
    if (!blob) throw new Error(`no Blob at ${url}`);
    void blob.text().then((program) => {
      if (this.stopped) return;
      const bridge = `require('node:worker_threads').parentPort.once('message', (data) => onmessage({ data }));`;
      this.worker = new Worker(`${program}\n${bridge}`, { eval: true });
      this.worker.unref();
      BlobWorker.started++;
      for (const message of this.pending) this.worker.postMessage(message);
    });
  }

  postMessage(message: unknown): void {
    if (this.worker) this.worker.postMessage(message);
    else this.pending.push(message);
  }

  terminate(): void {
    this.stopped = true;
    void this.worker?.terminate();
  }
}

const initialChoice = getKernels();
afterAll(() => {
  setWebWorkerThreads(1, BlobWorker);
  setThreads(1);
  setKernels(initialChoice);
});

describe.skipIf(!wasmSimdSupported() || !sharedMemorySupported())('browser worker host', () => {
  it('Web Workers from a Blob URL split products with the bits of one thread', async () => {
    setKernels('wasm');
    const prng = new Prng(91);
    const [m, k, n] = [64, 784, 128];
    const products = Array.from({ length: 3 }, () => ({
      a: randomArray(prng, m * k),
      b: randomArray(prng, k * n),
    }));
    setWebWorkerThreads(1, BlobWorker);
    const expected = products.map(({ a, b }) => {
      const out = new Float32Array(m * n);
      matmulWithOffsets(a, 0, b, 0, out, 0, m, k, n);
      return out;
    });
    setWebWorkerThreads(2, BlobWorker);
    expect(getThreads()).toBe(2);
    // The stand-in starts its worker once the Blob is read; until then the caller runs every
    // chunk. Keep multiplying (and letting the event loop turn) until a worker has run chunks.
    const deadline = Date.now() + 20_000;
    let round = 0;
    for (;;) {
      const index = round++ % products.length;
      const { a, b } = products[index];
      const out = new Float32Array(m * n).fill(Number.NaN);
      matmulWithOffsets(a, 0, b, 0, out, 0, m, k, n);
      expect(out).toEqual(expected[index]);
      if ((poolStatistics()?.workerChunks ?? 0) > 0 && round >= products.length) break;
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(runningWorkers()).toBe(1);
    expect(BlobWorker.started).toBe(1);
    expect(BlobWorker.urls.size).toBe(1);
    setWebWorkerThreads(1, BlobWorker);
    expect(getThreads()).toBe(1);
    expect(runningWorkers()).toBe(0);
  });

  it('one Blob URL per program, one spawner per Worker class', () => {
    expect(webWorkerSpawner(BlobWorker)).toBe(webWorkerSpawner(BlobWorker));
    const urls: string[] = [];
    class Recorder implements WebWorkerLike {
      constructor(url: string) {
        urls.push(url);
      }
      postMessage(): void {}
      terminate(): void {}
    }
    const spawn = webWorkerSpawner(Recorder);
    const start = { bytes: new Uint8Array(0), memory: null, control: new SharedArrayBuffer(4) };
    spawn(WORKER_SOURCE, { ...start, index: 0 });
    spawn(WORKER_SOURCE, { ...start, index: 1 });
    expect(urls).toHaveLength(2);
    expect(urls[1]).toBe(urls[0]);
  });

  it('this Node thread may block; without a Worker, more than one thread is refused', () => {
    expect(threadCanBlock()).toBe(true);
    expect(() => setWebWorkerThreads(2, undefined)).toThrow(/no Worker; use 1 thread/);
    expect(getThreads()).toBe(1);
    expect(() => setWebWorkerThreads(0, BlobWorker)).toThrow(/at least 1/);
  });
});
