// `nnc graph FILE --weights CHECKPOINT|RECORDING [--animate] [--at STEPS]`: reads the weights (a
// safetensors checkpoint or a `weights.nnwr` recording), checks they belong to the model, and writes
// the weights view: one SVG (and PNG), an animated HTML page, or a strip of PNGs at chosen steps.

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  RecordingError,
  SafetensorsError,
  isRecordingFile,
  loadDataSource,
  readRecording,
  readSafetensors,
} from '@nnet/runtime/train';
import { builtinCatalogue, type CheckResult } from '../compile.js';
import { weightsFor, type ModelGraph } from '../check/graph.js';
import { describeNetwork } from '../graph/weights/network.js';
import {
  renderWeightsSvg,
  type PlanePoint,
  type WeightsFrame,
  type WeightsSvgOptions,
} from '../graph/weights/svg.js';
import { renderWeightsAnimation } from '../graph/weights/animate.js';
import { findModelGraph } from '../check/ensemble-learner.js';
import { writeAtomically } from '../write-atomically.js';
import { renderPng } from './graph.js';
import type { CliContext } from './main.js';

export interface WeightsGraphOptions {
  weights: string;
  animate?: boolean;
  at?: string;
  out?: string;
  png?: boolean;
  /** True when `-m` named the model: weights of another model are then refused, not followed. */
  modelChosen?: boolean;
}

/** `--at 0,25000,45000` → steps, or undefined after reporting a usage error. */
export function parseSteps(text: string): number[] | { error: string } {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.every((p) => /^\d+$/.test(p) && Number.isSafeInteger(Number(p))))
    return parts.map(Number);
  return {
    error: `--at expects optimizer steps separated by commas, e.g. --at 0,25000,45000; found ${JSON.stringify(text)}`,
  };
}

export async function drawWeights(
  graph: ModelGraph,
  result: CheckResult,
  options: WeightsGraphOptions,
  cli: CliContext,
): Promise<void> {
  const fail = (message: string, code = 1) => {
    cli.io.stderr(`nnc: ${message}\n`);
    cli.setExit(code);
  };
  const steps = options.at !== undefined ? parseSteps(options.at) : undefined;
  if (steps && 'error' in steps) return fail(steps.error, 2);
  const file = cli.resolve(options.weights);
  const shown = cli.display(file);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile())
    return fail(
      `--weights: ${shown} does not exist; train with nnc train FILE --record weights, or give a checkpoint`,
      2,
    );

  let frames: WeightsFrame[];
  /** The model the file says it holds the weights of. */
  let recordedModel: string | undefined;
  try {
    if (isRecordingFile(file)) {
      const recording = readRecording(file);
      if (recording.truncated)
        cli.io.stderr(
          `nnc: note: ${shown}: ${recording.truncated}; drawing the ${recording.snapshots.length} complete snapshots\n`,
        );
      if (recording.snapshots.length === 0) return fail(`${shown} holds no complete snapshot yet`);
      recordedModel = recording.header.model;
      frames = recording.snapshots.map((s) => ({
        step: s.step,
        epoch: s.epoch,
        loss: s.loss,
        weights: s.params,
      }));
    } else {
      if (steps || options.animate)
        return fail(
          `${options.animate ? '--animate' : '--at'} needs a recording of many snapshots, and ${shown} is a checkpoint; record one with nnc train FILE --record weights:every=Nsteps`,
          2,
        );
      const checkpoint = readSafetensors(file);
      if (checkpoint.metadata.format === 'nnet') recordedModel = checkpoint.metadata.model;
      frames = [
        {
          epoch: Number(checkpoint.metadata.epoch ?? 0),
          weights: Object.fromEntries(
            Object.entries(checkpoint.tensors).map(([k, v]) => [k, v.data]),
          ),
        },
      ];
    }
  } catch (error) {
    if (error instanceof RecordingError || error instanceof SafetensorsError)
      return fail(error.message);
    throw error;
  }
  if (recordedModel !== undefined && recordedModel !== graph.name) {
    // Without -m the file's first model is picked; the weights may be those of another one.
    const recorded = result.checked && findModelGraph(result.checked, recordedModel);
    if (recorded && !options.modelChosen) graph = recorded;
    else
      return fail(
        `${shown} holds the weights of model ${recordedModel}, not of ${graph.name}; ${
          recorded
            ? `draw them with -m ${recordedModel}`
            : `pass a checkpoint or recording that nnc train wrote for ${graph.name}`
        }`,
      );
  }
  const expected = graph.nodes.flatMap((node) =>
    weightsFor(node, 'keras').map((w) => ({
      name: `${node.name}/${w.name}`,
      size: w.shape.reduce((a, b) => a * b, 1),
    })),
  );
  for (const param of expected) {
    const found = frames[0].weights[param.name];
    if (!found || found.length !== param.size)
      return fail(
        `${shown} does not hold the weights of model ${graph.name}: ${
          found
            ? `"${param.name}" has ${found.length} values there, ${param.size} in the model`
            : `it has no "${param.name}"`
        }; was it written for another model or an older version of this one?`,
      );
  }

  const view = describeNetwork(graph, builtinCatalogue());
  const svgOptions = view.inputs === 2 && view.computable ? planeOf(graph, result, cli) : {};
  const base = cli.resolve(
    options.out ? options.out.replace(/\.(svg|html|png)$/i, '') : `${graph.name}.weights`,
  );
  fs.mkdirSync(path.dirname(base), { recursive: true });
  const written: string[] = [];
  const writeSvg = async (svgFile: string, svg: string, png: boolean) => {
    writeAtomically(svgFile, svg);
    written.push(svgFile);
    if (!png) return true;
    const rendered = await renderPng(svg);
    if (!rendered.ok) {
      fail(`cannot write a PNG: ${rendered.reason}`, 2);
      return false;
    }
    const pngFile = svgFile.replace(/\.svg$/, '.png');
    fs.writeFileSync(pngFile, rendered.data);
    written.push(pngFile);
    return true;
  };

  if (options.animate) {
    const html = `${base}.html`;
    writeAtomically(html, renderWeightsAnimation(view, frames, svgOptions));
    written.push(html);
  }
  if (steps) {
    for (const step of steps) {
      const nearest = frames.reduce((best, f) =>
        Math.abs(f.step! - step) < Math.abs(best.step! - step) ? f : best,
      );
      if (nearest.step !== step)
        cli.io.stderr(
          `nnc: note: ${shown} has no snapshot at step ${step}; drawing the nearest, step ${nearest.step}\n`,
        );
      if (
        !(await writeSvg(
          `${base}.step-${step}.svg`,
          renderWeightsSvg(view, nearest, svgOptions),
          true,
        ))
      )
        return;
    }
  }
  if (!options.animate && !steps)
    if (
      !(await writeSvg(
        `${base}.svg`,
        renderWeightsSvg(view, frames.at(-1)!, svgOptions),
        !!options.png,
      ))
    )
      return;
  cli.io.stdout(`wrote ${written.map((f) => cli.display(f)).join(', ')}\n`);
}

/** The input plane of a 2-D model's first train run's data (padded 10 %), with up to 400 points. */
function planeOf(graph: ModelGraph, result: CheckResult, cli: CliContext): WeightsSvgOptions {
  const run = result.checked?.runs.find((r) => r.model === graph.name && r.data);
  if (!run?.data) return {};
  let data;
  try {
    const seed = typeof run.settings.seed === 'number' ? run.settings.seed : 0;
    data = loadDataSource(run.data.name, run.data.args as never, {
      baseDir: path.dirname(run.file),
      seed,
    });
  } catch (error) {
    cli.io.stderr(
      `nnc: note: drew the plane [−1, 1]²: the data of train ${run.name} did not load (${(error as Error).message})\n`,
    );
    return {};
  }
  if (data.inputShape.reduce((a, b) => a * b, 1) !== 2 || data.count === 0) return {};
  const xs = Array.from({ length: data.count }, (_, i) => data.inputs[2 * i]);
  const ys = Array.from({ length: data.count }, (_, i) => data.inputs[2 * i + 1]);
  const padded = (values: number[]): [number, number] => {
    const low = Math.min(...values);
    const high = Math.max(...values);
    const pad = (high - low || 1) * 0.1;
    return [low - pad, high + pad];
  };
  const every = Math.max(1, Math.ceil(data.count / 400));
  const points: PlanePoint[] = [];
  for (let i = 0; i < data.count; i += every)
    points.push({ x: xs[i], y: ys[i], label: Number(data.targets[i]) });
  return { plane: { x: padded(xs), y: padded(ys) }, points };
}
