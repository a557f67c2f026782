// The `nnc` command line: parses arguments with commander, runs the compiler, prints diagnostics
// and summaries. Returns an exit code (0 ok, 1 errors in the input, 2 bad usage); it never lets a
// stack trace reach the user.

import * as path from 'node:path';
import { createRequire } from 'node:module';
import { Command, CommanderError, Option } from 'commander';
import { builtinCatalogue, checkFile, type CheckResult } from '../compile.js';
import type { Convention } from '../catalogue/types.js';
import { hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import { checkDataFiles } from '../check/data-files.js';
import { countLine, renderDiagnostics } from '../diagnostics/render.js';
import { summarize } from '../summary/summary.js';
import { renderEnsembleSummaryText, summarizeEnsemble } from '../summary/ensemble.js';
import { renderSummaryMarkdown, renderSummaryText, summaryJson } from '../summary/render.js';
import { registerCompileCommands } from './compile.js';
import { registerTrainCommand } from './train.js';
import { registerEvaluateCommand } from './evaluate.js';
import { registerEvalCommand } from './eval.js';
import { registerPlotCommand } from './plot.js';
import { registerDataCommand } from './data.js';
import { dumpStage, stages } from './dump.js';
import { registerFmtCommand } from './fmt.js';
import { registerGraphCommand } from './graph.js';
import { registerImportCommand } from './import.js';
import { describeSearches } from '../search/describe.js';
import { registerSearchCommand } from './search.js';
import { findModelGraph } from '../check/ensemble-learner.js';

/** What subcommands defined in other files share with this one. */
export interface CliContext {
  io: CliIO;
  /**
   * Checks a file and prints its diagnostics; undefined when it could not be read. With `readData`
   * (check, train, data) it also reads the runs' data files (check/data-files.ts).
   */
  check(file: string, quietWhenClean?: boolean, readData?: boolean): CheckResult | undefined;
  resolve(file: string): string;
  display(file: string): string;
  /** Raises the exit code (the highest wins). */
  setExit(code: number): void;
}

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  color: boolean;
  cwd: string;
}

const defaultIO = (): CliIO => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: !!process.stdout.isTTY && !process.env.NO_COLOR,
  cwd: callerFolder(process.env, process.cwd()),
});

/**
 * The folder relative paths on the command line mean: the process's own, except under a package
 * script named `nnc` (`corepack pnpm nnc …` in this repository), which pnpm and npm run from the
 * package's root while INIT_CWD keeps the folder the command was typed in.
 */
export function callerFolder(env: NodeJS.ProcessEnv, processFolder: string): string {
  const typedIn = env.INIT_CWD;
  if (env.npm_lifecycle_event === 'nnc' && typedIn && path.isAbsolute(typedIn)) return typedIn;
  return processFolder;
}

/** The package's version, written into the bundle by scripts/bundle-nnc.mjs. */
declare const NNC_BUNDLED_VERSION: string | undefined;

function version(): string {
  if (typeof NNC_BUNDLED_VERSION === 'string') return NNC_BUNDLED_VERSION;
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}

/** `args` are the user's arguments, without `node` and the script path. */
export async function main(args: readonly string[], io: CliIO = defaultIO()): Promise<number> {
  let exitCode = 0;
  const display = (file: string) => path.relative(io.cwd, file) || file;
  const resolve = (file: string) => path.resolve(io.cwd, file);

  /** Checks a file and prints its diagnostics; undefined when it could not be read. */
  const run = (file: string, quietWhenClean = false, readData = false): CheckResult | undefined => {
    const result = checkFile(resolve(file));
    // Reading the data files: CSV columns as inputs, missing files (check/data-files.ts).
    // The columns → inputs note (info) is for `nnc check`; commands that check first stay quiet.
    const dataDiagnostics = (readData ? checkDataFiles(result) : []).filter(
      (d) => !quietWhenClean || d.severity !== 'info',
    );
    if (dataDiagnostics.length > 0)
      result.diagnostics = sortDiagnostics([...result.diagnostics, ...dataDiagnostics]);
    if (!result.program || result.program.files.size === 0) {
      // Why it could not be read (a device, a FIFO, too large, an internal error), when known.
      io.stderr(
        result.diagnostics.length > 0
          ? renderDiagnostics(result.diagnostics, result.sources, { displayPath: display }) + '\n'
          : `nnc: cannot read ${file}: no such file, or it is not readable\n`,
      );
      exitCode = Math.max(exitCode, 2);
      return undefined;
    }
    if (result.diagnostics.length > 0) {
      io.stderr(
        renderDiagnostics(result.diagnostics, result.sources, {
          color: io.color,
          displayPath: display,
        }) + '\n',
      );
    }
    if (hasErrors(result.diagnostics)) exitCode = Math.max(exitCode, 1);
    if (!quietWhenClean || result.diagnostics.length > 0) {
      io.stderr(`${display(resolve(file))}: ${countLine(result.diagnostics)}\n`);
    }
    return result;
  };

  const cli: CliContext = {
    io,
    check: run,
    resolve,
    display,
    setExit: (code) => {
      exitCode = Math.max(exitCode, code);
    },
  };

  const program = new Command()
    .name('nnc')
    .description('The nnet compiler: check .nnet files and count the parameters of their models.')
    .version(version(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run `nnc --help` for usage)');

  program
    .command('check')
    .description('report syntax, name, shape and training errors')
    .argument('<files...>', '.nnet files to check')
    .addOption(
      new Option('--dump <stage>', 'print a stage of the compiler for debugging').choices(stages),
    )
    .action((files: string[], options: { dump?: (typeof stages)[number] }) => {
      for (const file of files) {
        const result = run(file, false, true);
        for (const line of describeSearches(result?.checked?.searches ?? []))
          io.stdout(`${line}\n`);
        if (result?.checked && options.dump) io.stdout(dumpStage(options.dump, result) + '\n');
      }
    });

  program
    .command('summary')
    .description(
      'print a table of layers, output shapes and parameter counts, like Keras model.summary()',
    )
    .argument('<file>', 'a .nnet file')
    .option('-m, --model <name>', 'the model to summarize (default: every model in the file)')
    .addOption(
      new Option('--convention <convention>', 'whose parameter counting to follow')
        .choices(['keras', 'torch'])
        .default('keras'),
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json', 'markdown'])
        .default('text'),
    )
    .action(
      (
        file: string,
        options: { model?: string; convention: Convention; format: 'text' | 'json' | 'markdown' },
      ) => {
        const result = run(file, true);
        const checked = result?.checked;
        if (!checked) return;
        const entry = checked.program.entry;
        let models = checked.models.filter((m) => m.location.file === entry);
        const ensembles = checked.ensembles.filter((e) =>
          options.model ? e.name === options.model : e.file === entry,
        );
        if (options.model) {
          models = checked.models.filter((m) => m.name === options.model);
          // A learner with arguments (`Boosted.Mlp`) is a model of its own name too.
          const learner = models.length === 0 && findModelGraph(checked, options.model);
          if (learner) models = [learner];
          if (models.length === 0 && ensembles.length === 0) {
            const known = checked.models
              .filter((m) => m.location.file === entry)
              .map((m) => m.name);
            io.stderr(
              `nnc: no model named "${options.model}" in ${file}; its models are: ${known.join(', ') || 'none'}\n`,
            );
            exitCode = 2;
            return;
          }
        }
        if (models.length === 0 && ensembles.length === 0) {
          io.stderr(`nnc: ${file} declares no model\n`);
          exitCode = Math.max(exitCode, 1);
          return;
        }
        const summaries = models.map((m) =>
          summarize(m, builtinCatalogue(), options.convention, checked.runs),
        );
        const ensembleSummaries = ensembles.map((e) =>
          summarizeEnsemble(e, builtinCatalogue(), options.convention, checked.runs),
        );
        if (options.format === 'json') {
          const json = [...summaries.map(summaryJson), ...ensembleSummaries];
          io.stdout(JSON.stringify(json.length === 1 ? json[0] : json, null, 2) + '\n');
        } else {
          const render = options.format === 'markdown' ? renderSummaryMarkdown : renderSummaryText;
          const texts = [
            ...summaries.map(render),
            ...ensembleSummaries.map(renderEnsembleSummaryText),
          ];
          io.stdout(texts.join('\n'));
        }
      },
    );

  registerCompileCommands(program, cli, version());
  registerEvalCommand(program, cli);
  registerGraphCommand(program, cli);
  registerTrainCommand(program, cli);
  registerEvaluateCommand(program, cli);
  registerPlotCommand(program, cli);
  registerDataCommand(program, cli);
  registerFmtCommand(program, io, cli.setExit);
  registerImportCommand(program, cli);
  registerSearchCommand(program, cli);

  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    const fileProblem = describeFileError(error);
    if (fileProblem) {
      io.stderr(`nnc: ${fileProblem}\n`);
      return 2;
    }
    io.stderr(
      `nnc: internal error: ${error instanceof Error ? error.message : String(error)}\n` +
        'This is a bug in nnet, not in your file; please report it with the command you ran.\n',
    );
    return 70;
  }
  return exitCode;
}

const FILE_ERRORS: Readonly<Record<string, string>> = {
  EISDIR: 'it is a folder, expected a file',
  ENOTDIR: 'a part of the path is a file, expected a folder',
  EEXIST: 'a file is already there, expected a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOENT: 'no such file or folder',
  ENOSPC: 'the disk is full',
  EBUSY: 'it is in use (a folder, or a mount point), expected a file',
};

/** A file-system error on a path the user gave (`-o`, `--report`), as one sentence; else undefined. */
function describeFileError(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException;
  if (!(error instanceof Error) || !e.code || !(e.code in FILE_ERRORS) || !e.path) return undefined;
  const verb = /write|mkdir|open|copy|rename/.test(e.syscall ?? '') ? 'write' : 'use';
  const dest = (e as { dest?: string }).dest;
  return `cannot ${verb} ${dest ?? e.path}: ${FILE_ERRORS[e.code]}`;
}
