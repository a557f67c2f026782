// The browser's side of the worker pool: setWebWorkerThreads(n) starts n − 1 Web Workers, each
// running the pool's program from a Blob URL on the kernels' shared WebAssembly memory; the
// node-threads.ts twin does the same with worker_threads. Browser-safe: no DOM types, no node:*.

import { sharedMemorySupported, wasmSimdSupported } from './host-api.js';
import { setThreadsWith } from './thread-control.js';
import type { SpawnWorker } from './worker-pool.js';

/** What the pool needs of a Web Worker. */
export interface WebWorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
}

/** A Web Worker constructor: the page's `Worker`, or a stand-in. */
export type WebWorkerConstructor = new (url: string) => WebWorkerLike;

interface BrowserGlobals {
  Worker?: WebWorkerConstructor;
  Blob?: new (parts: string[], options: { type: string }) => object;
  URL?: { createObjectURL(blob: object): string };
  navigator?: { hardwareConcurrency?: number };
}

const browser = globalThis as unknown as BrowserGlobals;

/**
 * Whether this thread may block in Atomics.wait. A browser's main thread may not, and the pool's
 * caller waits for a chunk still running on a worker: there, train inside a Web Worker.
 */
export function threadCanBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/** The logical cores the browser reports (navigator.hardwareConcurrency), at least 1. */
export function defaultWebThreads(): number {
  return Math.max(1, browser.navigator?.hardwareConcurrency ?? 1);
}

const spawners = new WeakMap<WebWorkerConstructor, SpawnWorker>();

/**
 * A SpawnWorker over Web Workers: the worker's program (the pool's source, then a handler that
 * runs it on the first message) becomes a Blob URL once; each worker receives its start message.
 */
export function webWorkerSpawner(WorkerClass: WebWorkerConstructor): SpawnWorker {
  const known = spawners.get(WorkerClass);
  if (known) return known;
  const urls = new Map<string, string>();
  const spawn: SpawnWorker = (source, start) => {
    let url = urls.get(source);
    if (url === undefined) {
      if (!browser.Blob || !browser.URL) throw new Error('this host has no Blob or URL');
      const program = `${source}\nonmessage = (event) => run(event.data);`;
      url = browser.URL.createObjectURL(new browser.Blob([program], { type: 'text/javascript' }));
      urls.set(source, url);
    }
    const worker = new WorkerClass(url);
    worker.postMessage(start);
    return { terminate: () => worker.terminate() };
  };
  spawners.set(WorkerClass, spawn);
  return spawn;
}

/**
 * Runs large WebAssembly matrix products on `count` threads (this one and count − 1 Web Workers);
 * 1 stops them. Results do not depend on the count. Without cross-origin isolation (no shared
 * memory) or SIMD128 everything stays on this thread; on a thread that may not block (a page's
 * main thread) more than one thread is refused with the fix.
 */
export function setWebWorkerThreads(
  count: number,
  WorkerClass: WebWorkerConstructor | undefined = browser.Worker,
): void {
  const wanted = count > 1 && wasmSimdSupported() && sharedMemorySupported();
  if (wanted && !threadCanBlock()) {
    throw new Error(
      `setWebWorkerThreads(${count}): this thread may not block in Atomics.wait (a page's main ` +
        'thread); train inside a Web Worker and call it there, or use 1 thread',
    );
  }
  if (wanted && WorkerClass === undefined) {
    throw new Error(`setWebWorkerThreads(${count}): this host has no Worker; use 1 thread`);
  }
  setThreadsWith(count, WorkerClass ? webWorkerSpawner(WorkerClass) : noWorkers);
}

const noWorkers: SpawnWorker = () => {
  throw new Error('no Worker on this host');
};
