// `nnc compile`: a model to a JavaScript module and its .d.ts, with --target onnx to an ONNX
// graph, with --target pytorch to a Python package. (`nnc eval` lives in eval.ts.)

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { builtinCatalogue, type CheckResult } from '../compile.js';
import { compileModelToJs, type JsOutput } from '../targets/js/index.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { printIr } from '../ir/print.js';
import type { ModelGraph } from '../check/graph.js';
import type { TrainRun } from '../check/train.js';
import { compileOnnxFromCli } from './import.js';
import type { CliContext } from './main.js';
import { reportRefusal } from './refusal.js';
import { findModelGraph } from '../check/ensemble-learner.js';

/**
 * The model and run a command works on: `--model`/`--run`, or the file's first model — or, with
 * `firstRun` (`nnc train`), the file's first train run and the model it trains.
 */
export function pickModel(
  result: CheckResult,
  options: { model?: string; run?: string; firstRun?: boolean },
  cli: CliContext,
): { graph: ModelGraph; run?: TrainRun } | undefined {
  const checked = result.checked!;
  const entry = checked.program.entry;
  const runs = checked.runs.filter((r) => r.file === entry);
  const run = options.run
    ? runs.find((r) => r.name === options.run)
    : options.firstRun && !options.model
      ? runs[0]
      : undefined;
  if (options.run && !run) {
    cli.io.stderr(
      `nnc: no train run named "${options.run}"; the runs are: ${runs.map((r) => r.name).join(', ') || 'none'}\n`,
    );
    cli.setExit(2);
    return undefined;
  }
  const name = options.model ?? run?.model;
  const models = checked.models.filter((m) => m.location.file === entry);
  const graph = name ? findModelGraph(checked, name) : models[0];
  const ensemble = name ? checked.ensembles.find((e) => e.name === name) : undefined;
  if (!graph && ensemble) {
    const run = runs.find((r) => r.ensemble === ensemble.name);
    cli.io.stderr(
      `nnc: ${name} is an ensemble of ${ensemble.learnerText ?? ensemble.learner}: pick its learner with --model ${ensemble.graph?.name ?? ensemble.learner}${run ? `, or its run with --run ${run.name}` : ''}\n`,
    );
    cli.setExit(2);
    return undefined;
  }
  if (!graph) {
    cli.io.stderr(
      name
        ? `nnc: no model named "${name}"; the models are: ${models.map((m) => m.name).join(', ') || 'none'}\n`
        : 'nnc: the file declares no model\n',
    );
    cli.setExit(2);
    return undefined;
  }
  const chosenRun = run ?? runs.find((r) => r.model === graph.name);
  if (!chosenRun && !name) {
    // The first model's run may boost it with arguments (`of Mlp(width = 4)`): take that run and
    // its learner, as a run of `of Mlp` is taken for `Mlp`.
    const variant = checked.ensembles.find((e) => e.learner === graph.name && e.learnerText);
    const boosting = variant && runs.find((r) => r.ensemble === variant.name);
    const learner = boosting && findModelGraph(checked, boosting.model);
    if (boosting && learner) return { graph: learner, run: boosting };
  }
  return { graph, ...(chosenRun ? { run: chosenRun } : {}) };
}

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

/** Writes a file through a temporary sibling and a rename, so a crash never leaves half a file. */
export function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  } catch (error) {
    // The user named `file`, not the temporary beside it: report the error on theirs.
    const failure = error as NodeJS.ErrnoException;
    if (failure.path === temporary) failure.path = file;
    throw failure;
  } finally {
    // After a failed rename (the target is a folder) no temporary file stays behind.
    fs.rmSync(temporary, { force: true });
  }
}
