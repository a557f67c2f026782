// `nnc graph FILE [--model NAME] [-o out.svg] [--png]`: draws a model as an SVG diagram (and, with
// --png, a PNG through @resvg/resvg-js, loaded only then). Refuses files with errors: a diagram of
// a half-checked model would show guessed shapes. `--weights` draws its weights instead (graph-weights.ts).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Option, type Command } from 'commander';
import { builtinCatalogue } from '../compile.js';
import type { Convention } from '../catalogue/types.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { summarize } from '../summary/summary.js';
import { pickModel } from './pick-model.js';
import { writeAtomically } from '../write-atomically.js';
import type { CliContext } from './main.js';

interface GraphOptions {
  model?: string;
  out?: string;
  png?: boolean;
  convention: Convention;
  weights?: string;
  animate?: boolean;
  at?: string;
}

export function registerGraphCommand(program: Command, cli: CliContext): void {
  program
    .command('graph')
    .description(
      'draw a model as an SVG diagram: one box per layer with its output shape and parameters, arrows for the data flow',
    )
    .argument('<file>', 'a .nnet file')
    .option('-m, --model <name>', 'the model to draw (default: the first in the file)')
    .option(
      '-o, --out <file>',
      'the SVG file to write (default: <Model>.svg in the current folder)',
    )
    .option('--png', 'also write a PNG next to the SVG')
    .option(
      '--weights <file>',
      'draw the weights of a checkpoint or a recording (nnc train --record weights): every unit and connection, colour for sign, width for magnitude, biases on the nodes, heat maps for 2-D inputs; large layers as histograms (writes <Model>.weights.svg)',
    )
    .option(
      '--animate',
      'with --weights RECORDING: one self-contained HTML page with a scrubber over the snapshots (<Model>.weights.html)',
    )
    .option(
      '--at <steps>',
      'with --weights RECORDING: an SVG and a PNG at each of these optimizer steps, e.g. --at 0,25000,45000 (<Model>.weights.step-N.png)',
    )
    .addOption(
      new Option('--convention <convention>', 'whose parameter counting to follow')
        .choices(['keras', 'torch'])
        .default('keras'),
    )
    .action(async (file: string, options: GraphOptions) => {
      const result = cli.check(file, true);
      if (!result?.checked || hasErrors(result.diagnostics)) return;
      const picked = pickModel(result, { ...(options.model ? { model: options.model } : {}) }, cli);
      if (!picked) return;
      if (options.weights !== undefined) {
        const { drawWeights } = await import('./graph-weights.js');
        await drawWeights(
          picked.graph,
          result,
          { ...options, weights: options.weights, modelChosen: options.model !== undefined },
          cli,
        );
        return;
      }
      if (options.animate || options.at !== undefined) {
        cli.io.stderr(
          `nnc: ${options.animate ? '--animate' : '--at'} draws a recording: add --weights out/RUN/weights.nnwr (from nnc train --record weights)\n`,
        );
        cli.setExit(2);
        return;
      }
      const summary = summarize(
        picked.graph,
        builtinCatalogue(),
        options.convention,
        result.checked.runs,
      );
      // The layout (dagre) loads only for this command: `nnc check` starts without it.
      const { renderModelSvg } = await import('../graph/svg.js');
      const svg = renderModelSvg(picked.graph, summary);
      const svgFile = cli.resolve(options.out ?? `${picked.graph.name}.svg`);
      fs.mkdirSync(path.dirname(svgFile), { recursive: true });
      writeAtomically(svgFile, svg);
      const written = [svgFile];
      if (options.png) {
        const png = await renderPng(svg);
        if (!png.ok) {
          cli.io.stderr(`nnc: cannot write a PNG: ${png.reason}\n`);
          cli.setExit(2);
        } else {
          const pngFile = `${svgFile.replace(/\.svg$/i, '')}.png`;
          fs.writeFileSync(pngFile, png.data);
          written.push(pngFile);
        }
      }
      cli.io.stdout(`wrote ${written.map((f) => cli.display(f)).join(' and ')}\n`);
    });
}

/** At twice the SVG's size, for sharp text; system fonts, of which the SVG names a common few. */
export async function renderPng(
  svg: string,
): Promise<{ ok: true; data: Buffer } | { ok: false; reason: string }> {
  let resvg: typeof import('@resvg/resvg-js');
  try {
    resvg = await import('@resvg/resvg-js');
  } catch {
    return {
      ok: false,
      reason:
        '@resvg/resvg-js is not installed (pnpm add @resvg/resvg-js), or has no build for this platform',
    };
  }
  const image = new resvg.Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true },
  }).render();
  return { ok: true, data: image.asPng() };
}
