// `nnc train --record weights[:every=N steps|epochs]` and the `record_weights` train setting: reads
// the schedule (the flag wins over the setting), and joins the recorder's hooks to the other
// reporters of the run. Usage errors name the flag, what was expected and what was found.

import type { FitReporter, RecordingSchedule } from '@nnet/runtime/train';
import type { TrainRun } from '../check/train.js';

export const RECORDING_FILE = 'weights.nnwr';

const FORM = 'weights, weights:every=Nsteps or weights:every=Nepochs';

/** The schedule `--record TEXT` asks for, or a message saying what is wrong with TEXT. */
export function parseRecordOption(text: string): RecordingSchedule | { error: string } {
  const trimmed = text.trim();
  const [what, rest] = trimmed.split(/:(.*)/s, 2) as [string, string | undefined];
  if (what !== 'weights')
    return {
      error: `--record expects ${FORM}; found ${JSON.stringify(text)} (only weights can be recorded)`,
    };
  if (rest === undefined) return { every: 1, unit: 'epochs' };
  const match = /^every\s*=\s*(\d+)\s*(steps?|epochs?)?$/.exec(rest.trim());
  if (!match) return { error: `--record expects ${FORM}; found ${JSON.stringify(text)}` };
  const every = Number(match[1]);
  if (!Number.isSafeInteger(every) || every < 1)
    return { error: `--record: every expects a whole number of at least 1; found ${match[1]}` };
  if (!match[2])
    return {
      error: `--record: say whether every ${every} counts steps or epochs, e.g. --record weights:every=${every}steps`,
    };
  return { every, unit: match[2].startsWith('step') ? 'steps' : 'epochs' };
}

/** The run's `record_weights = { every = N, unit = steps }`, if it has one. */
export function recordSetting(run: TrainRun): RecordingSchedule | undefined {
  const value = run.settings.record_weights as { every?: number; unit?: string } | undefined;
  if (!value || typeof value.every !== 'number') return undefined;
  return { every: value.every, unit: value.unit === 'steps' ? 'steps' : 'epochs' };
}

/** One reporter calling both: `first`'s hook, then `second`'s. */
export function joinReporters(first: FitReporter, second: FitReporter): FitReporter {
  const joined: FitReporter = { ...first, ...second };
  for (const key of Object.keys(second) as (keyof FitReporter)[]) {
    const a = first[key] as ((...args: unknown[]) => void) | undefined;
    const b = second[key] as (...args: unknown[]) => void;
    if (a)
      (joined as Record<string, unknown>)[key] = (...args: unknown[]) => {
        a(...args);
        b(...args);
      };
  }
  return joined;
}
