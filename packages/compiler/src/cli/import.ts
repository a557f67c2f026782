// ONNX on the command line: `nnc import model.onnx -o model.nnet` (an ONNX graph to a .nnet model,
// its weights in a .safetensors file beside it), and the ONNX half of `nnc compile --target onnx
// -o model.onnx [--weights checkpoint.safetensors]`. Diagnostics go to stderr; files are written
// only when there are none.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { builtinCatalogue } from '../compile.js';
import type { OnnxCompileOptions } from '../targets/onnx/index.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render.js';
import {
  readSafetensors,
  tabularFromJson,
  writeSafetensors,
  type TabularEncoding,
  regularFileProblem,
} from '@nnet/runtime/train';
import type { WeightsMode } from '../import/onnx/import.js';
import { pickModel } from './pick-model.js';
import { writeAtomically } from '../write-atomically.js';
import type { CliContext } from './main.js';
import { reportRefusal } from './refusal.js';

/**
 * `nnc compile FILE --target onnx`: `out` is the .onnx file, or a folder for `MODEL.onnx`. The
 * ONNX code (protobufjs) loads only here and in `nnc import`, so other commands start without it.
 */
export async function compileOnnxFromCli(
  file: string,
  options: { out: string; model?: string; run?: string; weights?: string },
  cli: CliContext,
  version: string,
): Promise<void> {
  const result = cli.check(file, true);
  if (!result?.checked || hasErrors(result.diagnostics)) return;
  const picked = pickModel(result, options, cli);
  if (!picked) return;
  const compileOptions: OnnxCompileOptions = { compilerVersion: version };
  let tabular: TabularEncoding | undefined;
  if (options.weights) {
    try {
      const checkpoint = readSafetensors(cli.resolve(options.weights));
      compileOptions.weights = Object.fromEntries(
        Object.entries(checkpoint.tensors).map(([name, tensor]) => [name, tensor.data]),
      );
      compileOptions.weightsSource = cli.display(cli.resolve(options.weights));
      const encoding = checkpoint.metadata.tabular;
      if (encoding) tabular = tabularFromJson(encoding, compileOptions.weightsSource);
    } catch (error) {
      cli.io.stderr(`nnc: ${error instanceof Error ? error.message : String(error)}\n`);
      cli.setExit(2);
      return;
    }
  }
  const { compileModelToOnnx } = await import('../targets/onnx/index.js');
  const compiled = compileModelToOnnx(
    picked.graph,
    result.sources,
    builtinCatalogue(),
    compileOptions,
  );
  if (!compiled.value) {
    reportRefusal(cli, compiled.diagnostics, result.sources);
    return;
  }
  let bytes = compiled.value.bytes;
  let preprocessing = '';
  if (tabular) {
    // Trained on a CSV: the graph fills and scales raw columns itself (targets/onnx/tabular-prologue.ts).
    const { prependTabularPreprocessing } = await import('../targets/onnx/tabular-prologue.js');
    const { encodeModel } = await import('../onnx/proto.js');
    const problem = prependTabularPreprocessing(compiled.value.proto, tabular);
    if (problem)
      cli.io.stderr(
        `nnc: warning: the CSV's fill and scaling are not in the ONNX graph (${problem}); feed it inputs scaled as in training\n`,
      );
    else {
      bytes = encodeModel(compiled.value.proto);
      preprocessing = `; it fills and scales the CSV's raw columns as training did (scale = ${tabular.scale})`;
    }
  }
  const target = cli.resolve(options.out);
  const out = target.toLowerCase().endsWith('.onnx')
    ? target
    : path.join(target, `${compiled.value.model}.onnx`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const temporary = `${out}.tmp-${process.pid}`;
  fs.writeFileSync(temporary, bytes);
  fs.renameSync(temporary, out);
  const graph = compiled.value.proto.graph!;
  const signature = (list: typeof graph.input) =>
    list
      .map(
        (v) =>
          `${v.name}[${v.type!.tensorType!.shape!.dim!.map((d) => d.dimParam ?? d.dimValue).join(', ')}]`,
      )
      .join(', ');
  cli.io.stdout(
    `wrote ${cli.display(out)}: ONNX opset 17, ${graph.node.length} nodes, inputs ${signature(graph.input)}, outputs ${signature(graph.output)}${preprocessing}\n`,
  );
}

export function registerImportCommand(program: Command, cli: CliContext): void {
  program
    .command('import')
    .description(
      'turn an ONNX model into a .nnet model (dense, conv, pooling, batchnorm, activations, add, concat, flatten, reshape)',
    )
    .argument('<file>', 'an .onnx file')
    .option(
      '-o, --out <file>',
      "the .nnet file to write (default: the .onnx file's name with .nnet, here)",
    )
    .option('-m, --model <name>', "the model's name (default: the graph's name, or the file's)")
    .addOption(
      new Option(
        '--weights <mode>',
        'where the weights go: a .safetensors file beside the .nnet file, literal lists in it, or nowhere',
      )
        .choices(['safetensors', 'inline', 'none'])
        .default('safetensors'),
    )
    .action(
      async (file: string, options: { out?: string; model?: string; weights: WeightsMode }) => {
        const input = cli.resolve(file);
        let bytes: Uint8Array;
        // Only a regular file (a finite size): /dev/zero never ends, and opening a FIFO blocks.
        const problem = regularFileProblem(input, Infinity);
        if (problem !== undefined) {
          cli.io.stderr(`nnc: cannot read ${file}: ${problem}\n`);
          cli.setExit(2);
          return;
        }
        try {
          bytes = fs.readFileSync(input);
        } catch {
          cli.io.stderr(`nnc: cannot read ${file}: no such file, or it is not readable\n`);
          cli.setExit(2);
          return;
        }
        const out = cli.resolve(
          options.out ?? `${path.basename(input).replace(/\.onnx$/i, '')}.nnet`,
        );
        const { importOnnx } = await import('../import/onnx/import.js');
        const imported = importOnnx(bytes, {
          file: input,
          outFile: out,
          weights: options.weights,
          ...(options.model ? { modelName: options.model } : {}),
        });
        if (!imported.value) {
          cli.io.stderr(
            renderDiagnostics(imported.diagnostics, new Map(), {
              color: cli.io.color,
              displayPath: cli.display,
            }) + '\n',
          );
          cli.setExit(1);
          return;
        }
        const { model, weightValues, weights, safetensors, weightsFile } = imported.value;
        fs.mkdirSync(path.dirname(out), { recursive: true });
        const written = [out];
        if (safetensors && weightsFile) {
          const tensors = path.join(path.dirname(out), weightsFile);
          writeSafetensors(tensors, safetensors);
          written.push(tensors);
        }
        writeAtomically(out, imported.value.text);
        const count = `${weightValues.toLocaleString('en-US')} weight values`;
        const where =
          weightValues === 0
            ? 'no weights'
            : weights === 'inline'
              ? `${count} inline as literal lists`
              : weights === 'none'
                ? `${count} left out (--weights none): the model starts from its initializers`
                : `${count} loaded from ${weightsFile}`;
        cli.io.stdout(
          `wrote ${written.map((f) => cli.display(f)).join(' and ')}: model ${model.name}, ${model.layers.length} layers, ${where}\n`,
        );
      },
    );
}
