// A benchmark side running in a child process (bench/side-node.ts or bench/side_torch.py), spoken
// to one line at a time: it prints {"ready": true, "note"} once warmed up, then answers each
// `run SECONDS` line with a Measurement. Lines that are not JSON (library banners) are skipped.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import * as readline from 'node:readline';
import type { Measurement } from './timing.js';

export class SideProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private stderr = '';

  constructor(
    readonly side: string,
    command: string,
    args: readonly string[],
    environment: NodeJS.ProcessEnv = process.env,
  ) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: environment });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.lines = readline.createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  /** Waits for the side to build its model and warm up; returns its note. */
  async ready(): Promise<string> {
    const reply = await this.nextReply();
    return String(reply.note);
  }

  async run(seconds: number): Promise<Measurement> {
    this.child.stdin.write(`run ${seconds}\n`);
    const reply = await this.nextReply();
    const measurement: Measurement = {
      samples: Number(reply.samples),
      wallSeconds: Number(reply.wallSeconds),
      cpuSeconds: Number(reply.cpuSeconds),
    };
    if (!Object.values(measurement).every((value) => Number.isFinite(value) && value > 0)) {
      throw new Error(`${this.side} answered ${JSON.stringify(reply)}`);
    }
    // Optional (nnet sides on Linux): the stepping thread's CPU, the pool's wake-ups and waits.
    for (const key of ['callerCpuSeconds', 'wakeUps', 'callerWaitSeconds'] as const) {
      const value = Number(reply[key]);
      if (reply[key] !== undefined && Number.isFinite(value) && value >= 0)
        measurement[key] = value;
    }
    return measurement;
  }

  async close(): Promise<void> {
    this.child.stdin.end();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      await once(this.child, 'close');
    }
  }

  private async nextReply(): Promise<Record<string, unknown>> {
    for (;;) {
      const { value, done } = await this.lines.next();
      if (done) {
        if (this.child.exitCode === null && this.child.signalCode === null) {
          await once(this.child, 'close');
        }
        const tail = this.stderr.trim().split('\n').slice(-3).join(' | ');
        throw new Error(`exited with ${this.child.exitCode ?? this.child.signalCode}: ${tail}`);
      }
      if (value.startsWith('{')) return JSON.parse(value) as Record<string, unknown>;
    }
  }
}
