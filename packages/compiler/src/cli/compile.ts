// `nnc compile`: a model to a JavaScript module and its .d.ts, with --target onnx to an ONNX
// graph, with --target pytorch to a Python package. (`nnc eval` lives in eval.ts.)

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { builtinCatalogue, targetIr } from '../compile.js';
import type { Target } from '../targets/target.js';
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
        if (options.dump) {
          // The IR the target's emitter reads (lowered, then its passes), with what it refuses.
          const result = cli.check(file, true);
          if (!result?.checked || hasErrors(result.diagnostics)) return;
          const picked = pickModel(result, options, cli);
          if (!picked) return;
          // Loaded here: the targets pull in protobufjs and the PyTorch emitters.
          const { targets } = await import('../targets/index.js');
          const target: Target<object, unknown> = targets[options.target];
          const { ir, diagnostics } = targetIr(picked.graph, picked.run, target, {
            sources: result.sources,
            targetOptions: {},
          });
          cli.io.stdout(`${ir.map(printIr).join('\n\n')}\n`);
          if (diagnostics.length) reportRefusal(cli, diagnostics, result.sources);
          return;
        }
        if (options.target === 'onnx') {
          await compileOnnxFromCli(file, options, cli, cliVersion);
          return;
        }
        if (options.weights) {
          cli.io.stderr('nnc: --weights applies to --target onnx only\n');
          cli.setExit(2);
          return;
        }
        if (options.target === 'pytorch') {
          // Loaded only for this target, like ONNX: `nnc check` starts without them.
          const { compilePytorchFromCli } = await import('./pytorch.js');
          compilePytorchFromCli(file, options, cli, cliVersion);
          return;
        }
        const compiled = compileFromCli(file, options, cli, '@nnet/runtime');
        if (!compiled) return;
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
