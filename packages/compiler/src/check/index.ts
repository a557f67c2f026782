// The checker's entry: builds each file's scope (its constants, models and blocks plus those it
// imports), checks every model into a ModelGraph and every `train` run, and reports duplicate and
// unused names. Takes a loaded Program and the catalogue; returns data and diagnostics, never throws
// for user errors.

import type { Catalogue } from '../catalogue/types.js';
import type { Diagnostic, DiagnosticBag } from '../diagnostics/diagnostic.js';
import { Messages } from '../diagnostics/messages.js';
import { defaultLimits, type Limits } from '../limits.js';
import type { Program } from '../program.js';
import type { BlockDecl, ModelDecl, TrainDecl } from '../syntax/ast.js';
import type { Span } from '../syntax/source.js';
import {
  CheckContext,
  type Declared,
  type FileScope,
  type SymbolDefinition,
  type SymbolReference,
} from './context.js';
import type { ModelGraph } from './graph.js';
import { ModelBuilder } from './model.js';
import { checkUnusedBlock } from './model-blocks.js';
import { listNames, suggestName } from './suggest.js';
import { checkTrainRun, type TrainRun } from './train.js';
import { checkEnsembles, type CheckedEnsemble } from './ensemble.js';
import type { CheckedSearch } from './search.js';
import { checkSearches } from './search-variants.js';
import { ConstScope, evaluate } from './values.js';

export interface CheckedProgram {
  program: Program;
  /** Every model of every loaded file, entry file first. */
  models: ModelGraph[];
  runs: TrainRun[];
  /** Every `ensemble` declaration, entry file first. */
  ensembles: CheckedEnsemble[];
  /** The entry file's `search` declarations, checked. */
  searches: CheckedSearch[];
  diagnostics: Diagnostic[];
  definitions: SymbolDefinition[];
  references: SymbolReference[];
  /** Per file, the diagnostics counted past the limit and not kept. */
  omittedDiagnostics: Map<string, number>;
}

export function checkProgram(
  program: Program,
  catalogue: Catalogue,
  limits: Limits = defaultLimits,
  timeBudgetMs = Infinity,
  shouldStop?: () => boolean,
): CheckedProgram {
  const scopes = new Map<string, FileScope>();
  const ctx = new CheckContext(catalogue, scopes, limits);
  ctx.timeBudgetMs = timeBudgetMs;
  ctx.deadline = performance.now() + timeBudgetMs;
  ctx.shouldStop = shouldStop;
  const order = importOrder(program);
  for (const file of order) scopes.set(file, buildScope(file, program, scopes, ctx));

  const graphs = new Map<string, ModelGraph>();
  const models: ModelGraph[] = [];
  for (const file of [...order].reverse()) {
    const scope = scopes.get(file)!;
    for (const declared of scope.models.values()) {
      if (declared.file !== file) continue;
      const graph = new ModelBuilder(ctx, scope).build(declared);
      graphs.set(`${file}#${graph.name}`, graph);
      models.push(graph);
    }
  }

  for (const file of order) {
    const scope = scopes.get(file)!;
    for (const declared of scope.blocks.values()) {
      // Once the expansion budget has stopped a model, the blocks it did not reach are not
      // expanded one by one on the budget's remains (blocks calling the block below twice).
      if (ctx.limitsReported.has('expansion')) break;
      if (
        declared.file !== file ||
        ctx.instantiatedBlocks.has(`${file}#${declared.decl.name.name}`)
      )
        continue;
      checkUnusedBlock(new ModelBuilder(ctx, scope), declared);
    }
  }

  const ensembles = checkEnsembles(order, scopes, graphs, ctx);
  const runs: TrainRun[] = [];
  for (const file of [...order].reverse()) {
    const scope = scopes.get(file)!;
    const names = new Map<string, Span>();
    const reported = new Set<TrainDecl>();
    const runDecls = new Map(
      scope.runs.map((r) => [r.decl.runName?.name ?? r.decl.model.name, r.decl]),
    );
    for (const declared of scope.runs) {
      const decl = withBaseSettings(declared.decl, runDecls, ctx.bag(file), new Set(), reported);
      // A run whose base is unknown is reported once (NN2023), not again for what it lacks.
      if (!decl) continue;
      const run = checkTrainRun(decl, scope, graphs, ctx);
      const nameSpan = declared.decl.runName?.span ?? declared.decl.model.span;
      if (names.has(run.name)) {
        ctx.bag(file).report(Messages.DuplicateRun, nameSpan, { name: run.name });
      } else names.set(run.name, nameSpan);
      if (declared.decl.runName)
        ctx.define({ kind: 'run', name: run.name, file, span: declared.decl.runName.span });
      runs.push(run);
    }
  }

  // Library files may define constants for others; only the entry file is told about unused ones.
  reportUnusedConsts(scopes.get(program.entry)!, ctx);
  const entryBag = ctx.bag(program.entry);
  const searches = checkSearches(
    program,
    runs,
    catalogue,
    entryBag,
    (variant) => checkProgram(variant, catalogue, limits),
    () => performance.now() > ctx.deadline,
    entryBag.hasErrors || ctx.timeIsUp(),
  );
  return {
    program,
    models,
    runs,
    ensembles,
    searches,
    diagnostics: program.diagnostics.concat(ctx.diagnostics()),
    definitions: ctx.definitions,
    references: ctx.references,
    omittedDiagnostics: mergeCounts(program.omittedDiagnostics, ctx.omittedDiagnostics()),
  };
}

function mergeCounts(
  a: ReadonlyMap<string, number> | undefined,
  b: ReadonlyMap<string, number>,
): Map<string, number> {
  const out = new Map(a);
  for (const [key, n] of b) out.set(key, (out.get(key) ?? 0) + n);
  return out;
}

/** Files in dependency order: every file after the files it imports. */
function importOrder(program: Program): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of program.files.get(file)?.imports ?? []) visit(imported);
    order.push(file);
  };
  visit(program.entry);
  for (const file of program.files.keys()) visit(file);
  return order;
}

function buildScope(
  file: string,
  program: Program,
  scopes: Map<string, FileScope>,
  ctx: CheckContext,
): FileScope {
  const parsed = program.files.get(file)!;
  const bag = ctx.bag(file);
  const importedConsts = new ConstScope();
  const scope: FileScope = {
    file,
    consts: new ConstScope(importedConsts),
    models: new Map(),
    blocks: new Map(),
    runs: [],
  };

  for (const imported of parsed.imports) {
    const other = scopes.get(imported);
    if (!other) continue;
    for (const [name, entry] of other.consts.ownEntries()) importedConsts.define(name, entry);
    for (const [name, model] of other.models) scope.models.set(name, model);
    for (const [name, block] of other.blocks) scope.blocks.set(name, block);
  }

  const declaredHere = new Map<string, { span: Span; what: string }>();
  const claim = (name: string, span: Span, what: string): boolean => {
    const previous = declaredHere.get(name);
    const imported = !previous && (scope.models.get(name) ?? scope.blocks.get(name));
    if (previous || imported) {
      const first = previous
        ? { file, span: previous.span }
        : {
            file: (imported as Declared<ModelDecl | BlockDecl>).file,
            span: (imported as Declared<ModelDecl | BlockDecl>).decl.name.span,
          };
      bag.report(
        Messages.DuplicateName,
        span,
        { name, what },
        { related: [{ ...first, message: `\`${name}\` is first defined here` }] },
      );
      return false;
    }
    declaredHere.set(name, { span, what });
    return true;
  };

  for (const decl of parsed.ast.declarations) {
    switch (decl.kind) {
      case 'Const': {
        const name = decl.name.name;
        if (scope.consts.hasOwn(name)) {
          bag.report(Messages.DuplicateName, decl.name.span, { name, what: 'the constant' });
          break;
        }
        const value = evaluate(decl.value, {
          scope: scope.consts,
          bag,
          onReference: (span, entry) =>
            ctx.reference(
              file,
              span,
              ctx.define({
                kind: entry.kind,
                name: entry.name,
                file: entry.file,
                span: entry.span,
              }),
            ),
        });
        scope.consts.define(name, {
          name,
          value,
          file,
          span: decl.name.span,
          kind: 'const',
          used: false,
        });
        ctx.define({ kind: 'const', name, file, span: decl.name.span });
        break;
      }
      case 'Model':
        if (claim(decl.name.name, decl.name.span, 'the model')) {
          scope.models.set(decl.name.name, { decl, file });
          ctx.define({ kind: 'model', name: decl.name.name, file, span: decl.name.span });
        }
        break;
      case 'Block':
        if (claim(decl.name.name, decl.name.span, 'the block')) {
          scope.blocks.set(decl.name.name, { decl, file });
          ctx.define({ kind: 'block', name: decl.name.name, file, span: decl.name.span });
        }
        break;
      case 'Train':
        scope.runs.push({ decl: decl as TrainDecl, file });
        break;
      case 'Ensemble':
        if (claim(decl.name.name, decl.name.span, 'the ensemble'))
          (scope.ensembles ??= new Map()).set(decl.name.name, { decl, file });
        break;
      case 'Import':
        break;
    }
  }
  return scope;
}

function reportUnusedConsts(scope: FileScope, ctx: CheckContext): void {
  for (const [name, entry] of scope.consts.ownEntries()) {
    if (!entry.used && !name.startsWith('_'))
      ctx.bag(scope.file).report(Messages.UnusedConst, entry.span, { name });
  }
}

export type { ModelGraph, TrainRun };

/**
 * `train M as B extends A { … }`: B's settings are A's (itself resolved the same way) with B's own
 * settings replacing those of the same name. An unknown base, or a cycle, is reported once, at the
 * run that names it, and gives undefined.
 */
function withBaseSettings(
  decl: TrainDecl,
  runs: ReadonlyMap<string, TrainDecl>,
  bag: DiagnosticBag,
  visiting: Set<TrainDecl>,
  reported: Set<TrainDecl>,
): TrainDecl | undefined {
  if (!decl.base) return decl;
  const base = runs.get(decl.base.name);
  if (!base || base === decl || visiting.has(base)) {
    if (!reported.has(decl)) {
      reported.add(decl);
      const names = [...runs.keys()].filter(
        (name) => name !== (decl.runName?.name ?? decl.model.name),
      );
      bag.report(Messages.UnknownBaseRun, decl.base.span, {
        name: decl.base.name,
        expected: listNames(names),
        ...(base ? { cycle: true } : { suggestion: suggestName(decl.base.name, names) }),
      });
    }
    return undefined;
  }
  const inherited = withBaseSettings(base, runs, bag, new Set([...visiting, decl]), reported);
  if (!inherited) return undefined;
  const own = new Set(decl.fields.map((f) => f.name.name));
  return {
    ...decl,
    fields: [...inherited.fields.filter((f) => !own.has(f.name.name)), ...decl.fields],
  };
}
