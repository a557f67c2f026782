// `nnc fmt [--check] FILE…`: takes .nnet files (or folders of them), rewrites each one that is not in
// canonical form (atomically: a temporary file renamed over it), or with --check only lists them.
// A file with syntax errors is reported like `nnc check` reports it and never touched.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import type { CliIO } from './main.js';
import { countLine, renderDiagnostics } from '../diagnostics/render.js';
import { SourceText } from '../syntax/source.js';
import { formatText } from '../format/index.js';
import { formatBytes, limitVariables, limitsFromEnvironment } from '../limits.js';
import { readSourceFile } from '../source-files.js';

export function registerFmtCommand(
  program: Command,
  io: CliIO,
  setExit: (code: number) => void,
): void {
  program
    .command('fmt')
    .description('format .nnet files in place; with --check, list the files that are not formatted')
    .argument('<files...>', '.nnet files, or folders to search for them')
    .option('--check', 'change nothing; exit 1 if a file would change')
    .action((files: string[], options: { check?: boolean }) => {
      const display = (file: string) => path.relative(io.cwd, file) || file;
      let worst = 0;
      const fail = (code: number) => (worst = Math.max(worst, code));
      const unformatted: string[] = [];
      for (const file of expand(
        files.map((f) => path.resolve(io.cwd, f)),
        fail,
        io,
      )) {
        // Only a regular file under the source size limit, as `nnc check` reads (docs/limits.md).
        const limit = limitsFromEnvironment().maxSourceBytes;
        const read = readSourceFile(file, limit);
        if (!('text' in read)) {
          const problem =
            read.problem === 'not-regular'
              ? `it is ${read.kind}, not a regular file`
              : read.problem === 'too-large'
                ? `it is ${formatBytes(read.size)}, more than the ${formatBytes(limit)} a .nnet file may have (raise it with ${limitVariables.maxSourceBytes})`
                : 'no such file, or it is not readable';
          io.stderr(`nnc: cannot read ${display(file)}: ${problem}\n`);
          fail(2);
          continue;
        }
        const text = read.text;
        const result = formatText(file, text);
        if (result.value === undefined) {
          const sources = new Map([[file, new SourceText(file, text)]]);
          io.stderr(
            renderDiagnostics(result.diagnostics, sources, {
              color: io.color,
              displayPath: display,
            }) + '\n',
          );
          io.stderr(`${display(file)}: ${countLine(result.diagnostics)}; not formatted\n`);
          fail(1);
          continue;
        }
        if (result.value === text) continue;
        if (options.check) {
          unformatted.push(file);
          io.stdout(`${display(file)}\n`);
          continue;
        }
        try {
          writeAtomically(file, result.value);
          io.stdout(`${display(file)}\n`);
        } catch (error) {
          io.stderr(
            `nnc: cannot write ${display(file)}: ${error instanceof Error ? error.message : String(error)}\n`,
          );
          fail(2);
        }
      }
      if (unformatted.length > 0) {
        const count = unformatted.length === 1 ? '1 file is' : `${unformatted.length} files are`;
        io.stderr(
          `${count} not formatted; run \`nnc fmt\` on ${unformatted.length === 1 ? 'it' : 'them'}\n`,
        );
        fail(1);
      }
      if (worst > 0) setExit(worst);
    });
}

/** The files to format: files as given, folders searched for .nnet files (skipping hidden ones and node_modules). */
function* expand(
  paths: readonly string[],
  fail: (code: number) => void,
  io: CliIO,
): Generator<string> {
  for (const p of paths) {
    let isDirectory = false;
    try {
      isDirectory = fs.statSync(p).isDirectory();
    } catch {
      // Reported when reading it.
    }
    if (!isDirectory) {
      yield p;
      continue;
    }
    const found = nnetFilesBelow(p);
    if (found.length === 0) {
      io.stderr(`nnc: no .nnet files in ${path.relative(io.cwd, p) || p}\n`);
      fail(2);
    }
    yield* found;
  }
}

function nnetFilesBelow(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...nnetFilesBelow(full));
    else if (entry.isFile() && entry.name.endsWith('.nnet')) out.push(full);
  }
  return out.sort();
}

/** Writes next to the file, then renames over it: a reader never sees half a file. */
function writeAtomically(file: string, text: string): void {
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.nnc-fmt.tmp`,
  );
  const mode = fs.statSync(file).mode;
  try {
    fs.writeFileSync(temporary, text, { mode });
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
