// Counts, before anything is expanded, how many steps (statements, and each `->` step) a body becomes once its
// `repeat`s and block calls are unrolled, so the checker refuses `repeat 10000 { repeat 10000 … }`
// or blocks calling each other twice per level without doing the work. Counts saturate; never throws.

import { DiagnosticBag } from '../diagnostics/diagnostic.js';
import type { BlockDecl, Statement } from '../syntax/ast.js';
import type { CheckContext, Declared, FileScope } from './context.js';
import { ConstScope, evaluate } from './values.js';

/** Larger than any budget; sums and products stop here so they stay finite. */
const SATURATED = 1e18;

const saturate = (n: number) => (Number.isFinite(n) ? Math.min(n, SATURATED) : SATURATED);

export class ExpansionCounter {
  /** Statement count of each block's body (`file#name`), with its parameters unknown. */
  private readonly blockSizes = new Map<string, number>();
  /** Diagnostics of these trial evaluations are thrown away: the real walk reports them. */
  private readonly scratch = new DiagnosticBag('');

  constructor(private readonly ctx: CheckContext) {}

  /** Statement instances `body` expands to, with names looked up in `consts` and `scope`. */
  bodySize(body: readonly Statement[], consts: ConstScope, scope: FileScope, depth = 0): number {
    let total = 0;
    for (const statement of body) {
      total = saturate(total + this.statementSize(statement, consts, scope, depth));
      if (total >= SATURATED) break;
    }
    return total;
  }

  /** Statement instances one call of `block` expands to (its own body, parameters unknown). */
  blockSize(block: Declared<BlockDecl>, depth = 0): number {
    const key = `${block.file}#${block.decl.name.name}`;
    const known = this.blockSizes.get(key);
    if (known !== undefined) return known;
    // Counted as 1 while its body is being counted: a recursive block is reported elsewhere.
    this.blockSizes.set(key, 1);
    const scope = this.ctx.scopes.get(block.file);
    if (!scope || depth > this.ctx.limits.maxNesting) return 1;
    const consts = new ConstScope(scope.consts);
    for (const param of block.decl.params) {
      consts.define(param.name.name, {
        name: param.name.name,
        value: { kind: 'error', span: param.name.span },
        file: block.file,
        span: param.name.span,
        kind: 'parameter',
        used: true,
      });
    }
    const size = this.bodySize(block.decl.body, consts, scope, depth + 1);
    this.blockSizes.set(key, size);
    return size;
  }

  private statementSize(
    statement: Statement,
    consts: ConstScope,
    scope: FileScope,
    depth: number,
  ): number {
    switch (statement.kind) {
      case 'Repeat': {
        const count = this.countOf(statement.count, consts);
        // An unknown count (a block parameter) counts once; the walk's own budget backs this up.
        // Each round costs at least one step, even of an empty body: 10^8 empty rounds are work.
        return saturate(count * Math.max(1, this.bodySize(statement.body, consts, scope, depth)));
      }
      case 'Flow': {
        // Each step is a layer (or a block call) to check: a long `a -> b -> c` line costs more.
        let size = Math.max(1, statement.steps.length);
        for (const step of statement.steps) {
          const block = scope.blocks.get(step.callee.name);
          if (block) size = saturate(size + this.blockSize(block, depth));
        }
        return size;
      }
      default:
        return 1;
    }
  }

  private countOf(
    expr: Extract<Statement, { kind: 'Repeat' }>['count'],
    consts: ConstScope,
  ): number {
    const value = evaluate(expr, { scope: consts, bag: this.scratch });
    this.scratch.items.length = 0;
    if (value.kind !== 'number' || !Number.isFinite(value.value)) return 1;
    return Math.max(0, Math.floor(value.value));
  }
}
