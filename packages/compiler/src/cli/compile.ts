// `nnc compile`: a model to a JavaScript module and its .d.ts, with --target onnx to an ONNX
// graph, with --target pytorch to a Python package. (`nnc eval` lives in eval.ts.)

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { builtinCatalogue } from '../compile.js';
import { compileModelToJs, type JsOutput } from '../targets/js/index.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { printIr } from '../ir/print.js';
import { compileOnnxFromCli } from './import.js';
import type { CliContext } from './main.js';
import { pickModel } from './pick-model.js';
import { reportRefusal } from './refusal.js';
import { writeAtomically } from '../write-atomically.js';

/** Checks, picks and compiles; prints diagnostics; undefined on any error. */
export function compileFromCli(
  file: string,
  options: { model?: string; run?: string; firstRun?: boolean; readData?: boolean },
  cli: CliContext,
  runtimeImport: string,
): JsOutput | undefined {
  const result = cli.check(file, true, options.readData);
  if (!result?.checked || hasErrors(result.diagnostics)) return undefined;
  const picked = pickModel(result, options, cli);
  if (!picked) return undefined;
  const compiled = compileModelToJs(
    picked.graph,
    picked.run,
    result.checked,
    result.sources,
    builtinCatalogue(),
    {
      runtimeImport,
      compilerVersion: cliVersion,
    },
  );
  if (!compiled.value) {
    reportRefusal(cli, compiled.diagnostics, result.sources);
    return undefined;
  }
  return compiled.value;
}

let cliVersion = '0.0.0';

export function registerCompileCommands(
  program: Command,
  cli: CliContext,
  version = '0.0.0',
): void {
  cliVersion = version;
  program
    .command('compile')
    .description(
      'compile a model to a JavaScript module (with its .d.ts) that trains and predicts on typed arrays, to ONNX, or to a PyTorch package',
    )
    .argument('<file>', 'a .nnet file')
    .option('-o, --out <dir>', 'output folder (with --target onnx, also a .onnx file)', 'out')
    .option('-m, --model <name>', "the model to compile (default: the first, or the run's)")
    .option('-r, --run <name>', 'the train run whose loss and optimizer to compile in')
    .addOption(
      new Option('--target <target>', 'what to generate')
        .choices(['js', 'onnx', 'pytorch'])
        .default('js'),
    )
    .option(
      '--weights <checkpoint>',
      'with --target onnx: the weights of a .safetensors checkpoint (e.g. from nnc train)',
    )
    .addOption(
      new Option(
        '--dump <stage>',
        "print the IR after the target's passes instead of writing files",
      ).choices(['ir']),
    )
    .action(
      async (
        file: string,
        options: {
          out: string;
          model?: string;
          run?: string;
          target: 'js' | 'onnx' | 'pytorch';
          weights?: string;
          dump?: 'ir';
        },
      ) => {
        if (options.dump && options.target !== 'js') {
          // The IR the exporter reads: lowered, then the target's passes.
          const result = cli.check(file, true);
          if (!result?.checked || hasErrors(result.diagnostics)) return;
          const picked = pickModel(result, options, cli);
          if (!picked) return;
          const catalogue = builtinCatalogue();
          // Loaded here: the targets pull in protobufjs and the PyTorch emitters.
          const { lowerModel } = await import('../ir/lower.js');
          const { targets } = await import('../targets/index.js');
          const lowered = lowerModel(picked.graph, { catalogue, sources: result.sources });
          const models = targets[options.target].passes(lowered, catalogue);
          cli.io.stdout(`${models.map(printIr).join('\n\n')}\n`);
          return;
        }
        if (options.target === 'onnx' && !options.dump) {
          await compileOnnxFromCli(file, options, cli, cliVersion);
          return;
        }
        if (options.weights) {
          cli.io.stderr('nnc: --weights applies to --target onnx only\n');
          cli.setExit(2);
          return;
        }
        if (options.target === 'pytorch' && !options.dump) {
          // Loaded only for this target, like ONNX: `nnc check` starts without them.
          const { compilePytorchFromCli } = await import('./pytorch.js');
          compilePytorchFromCli(file, options, cli, cliVersion);
          return;
        }
        const compiled = compileFromCli(file, options, cli, '@nnet/runtime');
        if (!compiled) return;
        if (options.dump) {
          cli.io.stdout(`${printIr(compiled.train)}\n\n${printIr(compiled.infer)}\n`);
          return;
        }
        const dir = cli.resolve(options.out);
        fs.mkdirSync(dir, { recursive: true });
        const base = path.join(dir, compiled.model);
        writeAtomically(`${base}.js`, compiled.js);
        writeAtomically(`${base}.d.ts`, compiled.dts);
        cli.io.stdout(
          `wrote ${cli.display(`${base}.js`)} and ${cli.display(`${base}.d.ts`)}${compiled.run ? ` (train run ${compiled.run})` : ' (no train run: predict only)'}\n`,
        );
      },
    );
}
