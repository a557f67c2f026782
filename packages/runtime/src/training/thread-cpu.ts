// CPU time of the calling thread, read from Linux's /proc (host code: node:fs). The search's
// workers and the benchmark's sides use it to tell work from waiting on a shared machine;
// undefined where the file does not exist.

import * as fs from 'node:fs';

/**
 * CPU seconds this thread has used (Linux: /proc/thread-self/schedstat in nanoseconds, else
 * /proc/thread-self/stat in 10 ms ticks, read by this thread itself); undefined elsewhere.
 */
export function threadCpuSeconds(): number | undefined {
  try {
    const nanoseconds = Number(
      fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0],
    );
    if (nanoseconds > 0) return nanoseconds / 1e9;
  } catch {
    // No schedstat (kernel without it): the tick counts below.
  }
  try {
    const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line: 11 and 12 after the name.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
