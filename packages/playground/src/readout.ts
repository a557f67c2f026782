// The figures above the pictures (epoch, steps, losses, accuracies): the live trainer's, or during
// a replay the ones reported with the replayed picture, marked as a replay ("120 of 2,345 (replay)").
// Takes a status report (or none: dashes); writes the readout table's cells and nothing else.

import type { TrainerStatus } from './protocol.js';

/** The figures of one report, as kept with a replay picture. */
export type ReadoutFigures = Pick<
  TrainerStatus,
  'epoch' | 'steps' | 'trainLoss' | 'testLoss' | 'trainAccuracy' | 'testAccuracy'
>;

const $ = (id: string) => document.getElementById(id) as HTMLElement;

const percent = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(1)} %`);
const loss = (v: number | undefined) =>
  v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(4);
const count = (v: number) => v.toLocaleString('en-US');

/** "step 120 of 2,345 (replay)": the replay label's and the steps cell's wording. */
export const replayWording = (step: number, liveSteps: number) =>
  `${count(step)} of ${count(liveSteps)} (replay)`;

/**
 * Writes the figures: live (`replayOf` undefined), or a replayed report's, the steps cell saying
 * of how many steps so far and the table marked (`.replay`). No figures: dashes.
 */
export function writeReadout(figures: ReadoutFigures | undefined, replayOf?: number): void {
  $('epoch').textContent = figures ? String(figures.epoch) : '–';
  $('steps').textContent = !figures
    ? '–'
    : replayOf === undefined
      ? String(figures.steps)
      : replayWording(figures.steps, replayOf);
  $('train-loss').textContent = loss(figures?.trainLoss);
  $('test-loss').textContent = loss(figures?.testLoss);
  $('train-accuracy').textContent = percent(figures?.trainAccuracy);
  $('test-accuracy').textContent = percent(figures?.testAccuracy);
  $('readout').classList.toggle('replay', replayOf !== undefined);
}
