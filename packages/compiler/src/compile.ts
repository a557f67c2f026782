// The one place that knows the order of the stages: load (parse + imports) → check, then for a
// target: lower → its passes (verified) → what it cannot express (NN4009) → emit (compileModel), or
// the IR alone (targetIr). Never throws for user input: an exception is a compiler bug (NN9001).

import { createCatalogue } from './catalogue/index.js';
import type { Catalogue } from './catalogue/types.js';
import { checkProgram, type CheckedProgram } from './check/index.js';
import {
  DiagnosticBag,
  isBudgetDiagnostic,
  sortDiagnostics,
  type Diagnostic,
} from './diagnostics/diagnostic.js';
import { Messages } from './diagnostics/messages.js';
import { formatCount, limitsFromEnvironment, limitVariables, type Limits } from './limits.js';
import { loadProgram, nodeHost, type CompilerHost, type Program } from './program.js';
import type { SourceText } from './syntax/source.js';
import type { ModelGraph } from './check/graph.js';
import type { TrainRun } from './check/train.js';
import { lowerModel } from './ir/lower.js';
import type { IrModel } from './ir/ir.js';
import type { Target, TargetInput, TargetProblem } from './targets/target.js';

export interface CheckOptions {
  host?: CompilerHost;
  catalogue?: Catalogue;
  /** The budgets (docs/limits.md); by default the built-in values raised by NNET_MAX_* env vars. */
  limits?: Limits;
  /** Milliseconds after which checking stops with NN5009 (the editor's budget); none by default. */
  timeBudgetMs?: number;
  /** Polled while checking (like the budget): true stops the check early, as NN5009 does. */
  shouldStop?: () => boolean;
}

export interface CheckResult {
  /** Undefined only when the entry file could not be read. */
  checked?: CheckedProgram;
  program?: Program;
  diagnostics: Diagnostic[];
  sources: Map<string, SourceText>;
}

let defaultCatalogue: Catalogue | undefined;

/** The catalogue of the built-in vocabulary, built once. */
export function builtinCatalogue(): Catalogue {
  defaultCatalogue ??= createCatalogue();
  return defaultCatalogue;
}

export function checkFile(file: string, options: CheckOptions = {}): CheckResult {
  const catalogue = options.catalogue ?? builtinCatalogue();
  const limits = options.limits ?? limitsFromEnvironment();
  const sources = new Map<string, SourceText>();
  let program: Program | undefined;
  try {
    program = loadProgram(file, options.host ?? nodeHost, limits);
    for (const [path, parsed] of program.files) sources.set(path, parsed.source);
    if (program.files.size === 0) return { program, diagnostics: program.diagnostics, sources };
    const checked = checkProgram(
      program,
      catalogue,
      limits,
      options.timeBudgetMs,
      options.shouldStop,
    );
    const diagnostics = limitDiagnostics(
      sortDiagnostics(checked.diagnostics),
      checked.omittedDiagnostics,
      limits.maxDiagnostics,
    );
    return { checked: { ...checked, diagnostics }, program, diagnostics, sources };
  } catch (error) {
    const bag = new DiagnosticBag(program?.entry ?? file);
    // One sentence for the user; `NNET_DEBUG=1` adds where it happened, for whoever fixes it.
    const where =
      process.env.NNET_DEBUG && error instanceof Error && error.stack
        ? ` (${error.stack.split('\n')[1]?.trim()})`
        : '';
    const detail = `${error instanceof Error ? error.message : String(error)}${where}`;
    bag.report(Messages.InternalError, { start: 0, end: 0 }, { detail });
    return {
      ...(program ? { program } : {}),
      diagnostics: [...(program?.diagnostics ?? []), ...bag.items],
      sources,
    };
  }
}

/**
 * Keeps the first `limit` diagnostics of each file (in source order) and ends the file's list with
 * one NN5008 "… and N more", counting those the checker already dropped.
 */
export function limitDiagnostics(
  sorted: readonly Diagnostic[],
  omitted: ReadonlyMap<string, number>,
  limit: number,
): Diagnostic[] {
  const kept: Diagnostic[] = [];
  const perFile = new Map<string, number>();
  const extra = new Map<string, number>(omitted);
  for (const d of sorted) {
    const count = perFile.get(d.file) ?? 0;
    perFile.set(d.file, count + 1);
    if (count < limit || isBudgetDiagnostic(d)) kept.push(d);
    else extra.set(d.file, (extra.get(d.file) ?? 0) + 1);
  }
  const out: Diagnostic[] = [];
  for (let i = 0; i < kept.length; i++) {
    const d = kept[i];
    out.push(d);
    const more = extra.get(d.file) ?? 0;
    if (more > 0 && kept[i + 1]?.file !== d.file) {
      const bag = new DiagnosticBag(d.file);
      bag.report(Messages.TooManyDiagnostics, d.span, {
        more: formatCount(more),
        limit: formatCount(limit),
        variable: limitVariables.maxDiagnostics,
      });
      out.push(...bag.items);
      extra.delete(d.file);
    }
  }
  return out;
}

/** How a model is compiled for a target: its source texts, the catalogue, the target's options. */
export interface TargetCompileOptions<Options> {
  sources: ReadonlyMap<string, SourceText>;
  catalogue?: Catalogue;
  targetOptions: Options;
}

/** Lowers the model (with its run when the target trains) and runs the target's passes. */
function targetInput<Options, Output>(
  graph: ModelGraph,
  run: TrainRun | undefined,
  target: Target<Options, Output>,
  options: TargetCompileOptions<Options>,
): TargetInput<Options> {
  const catalogue = options.catalogue ?? builtinCatalogue();
  const lowered = lowerModel(graph, {
    catalogue,
    sources: options.sources,
    ...(run && target.lowersRun ? { run } : {}),
  });
  return {
    graph,
    ...(run ? { run } : {}),
    ir: target.passes(lowered, catalogue),
    catalogue,
    sources: options.sources,
    options: options.targetOptions,
  };
}

/**
 * The IR a target emits from (lowered, then its passes, each verified under tests and NNET_DEBUG),
 * and what the target cannot express in it as NN4009: what `nnc compile --dump ir --target X`
 * prints and the editor's IR view shows. The IR is returned even when the target refuses the model.
 */
export function targetIr<Options, Output>(
  graph: ModelGraph,
  run: TrainRun | undefined,
  target: Target<Options, Output>,
  options: TargetCompileOptions<Options>,
): { ir: IrModel[]; diagnostics: Diagnostic[] } {
  const input = targetInput(graph, run, target, options);
  const problems = target.problems(input);
  return { ir: input.ir, diagnostics: reportProblems(graph, target.title, problems) };
}

/**
 * Compiles one checked model (and its train run) for a target: lowers it, runs the target's passes
 * (the verifier checks each under tests and NNET_DEBUG), reports what the target cannot express as
 * NN4009 at the layer or the run, and emits. The CLI, the tests and the editor call this.
 */
export function compileModel<Options, Output>(
  graph: ModelGraph,
  run: TrainRun | undefined,
  target: Target<Options, Output>,
  options: TargetCompileOptions<Options>,
): { value?: Output; diagnostics: Diagnostic[] } {
  const input = targetInput(graph, run, target, options);
  const problems = target.problems(input);
  if (problems.length) return { diagnostics: reportProblems(graph, target.title, problems) };
  const emitted = target.emit(input);
  return 'value' in emitted
    ? { value: emitted.value, diagnostics: [] }
    : { diagnostics: reportProblems(graph, target.title, emitted.problems) };
}

/** NN4009 for each problem, once per layer, at the layer (or the run, or the model). */
function reportProblems(graph: ModelGraph, title: string, problems: TargetProblem[]): Diagnostic[] {
  const bag = new DiagnosticBag(graph.location.file);
  const reported = new Set<string>();
  for (const problem of problems) {
    const key = problem.layer ?? problem.what ?? '';
    if (reported.has(key)) continue;
    reported.add(key);
    const node = problem.layer ? graph.nodes.find((n) => n.name === problem.layer) : undefined;
    const at = node?.location ?? problem.at ?? graph.location;
    const target = at.file === bag.file ? bag : new DiagnosticBag(at.file);
    target.report(Messages.CannotCompile, at.span, {
      what: problem.what ?? `\`${node?.kind ?? 'layer'}\` (layer \`${problem.layer}\`)`,
      target: title,
      reason: problem.reason,
      ...(problem.help ? { help: problem.help } : {}),
    });
    if (target !== bag) bag.items.push(...target.items);
  }
  return bag.items;
}
