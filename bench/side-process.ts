// A benchmark side running in a child process (a Node worker or the Python script), spoken to
// one line at a time: it prints {"ready": true, "note"} once warmed up, then answers each
// `run SECONDS` line with {"samplesPerSecond"}. Lines that are not JSON (library banners) are skipped.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import * as readline from 'node:readline';

export class SideProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private stderr = '';

  constructor(
    readonly side: string,
    command: string,
    args: readonly string[],
  ) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.lines = readline.createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  /** Waits for the side to build its model and warm up; returns its note. */
  async ready(): Promise<string> {
    const reply = await this.nextReply();
    return String(reply.note);
  }

  async run(seconds: number): Promise<number> {
    this.child.stdin.write(`run ${seconds}\n`);
    const reply = await this.nextReply();
    return Number(reply.samplesPerSecond);
  }

  async close(): Promise<void> {
    this.child.stdin.end();
    if (this.child.exitCode === null) await once(this.child, 'close');
  }

  private async nextReply(): Promise<Record<string, unknown>> {
    for (;;) {
      const { value, done } = await this.lines.next();
      if (done) {
        if (this.child.exitCode === null) await once(this.child, 'close');
        const tail = this.stderr.trim().split('\n').slice(-3).join(' | ');
        throw new Error(`${this.side} exited with ${this.child.exitCode}: ${tail}`);
      }
      if (value.startsWith('{')) return JSON.parse(value) as Record<string, unknown>;
    }
  }
}
