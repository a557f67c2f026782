// Which graph nodes each step of a file produced: takes checked models and a file's AST, produces
// for every step its executions (one per `repeat` iteration or block instance, each the nodes it
// made). A layer step's node carries the step's span; a block call's nodes sit in the block's body,
// so they are matched to the call by replaying the model body in order.

import type { Analysis } from './analysis.js';
import type {
  BlockDecl,
  Expr,
  FlowStatement,
  LayerNode,
  ModelDecl,
  ModelGraph,
  SourceFile,
  Span,
  Statement,
} from '@nnet/compiler';

export interface Execution {
  graph: ModelGraph;
  nodes: LayerNode[];
}

/** A model with the AST of its file, and every block the program declares, by name. */
export interface StepNodesInput {
  graphs: readonly { graph: ModelGraph; ast: SourceFile }[];
  blocks: ReadonlyMap<string, { decl: BlockDecl; file: string; ast: SourceFile }>;
}

export class StepNodes {
  private readonly bySpan = new Map<string, Execution[]>();

  constructor(
    private readonly file: string,
    input: StepNodesInput,
  ) {
    const seen = new Set<string>();
    for (const { graph, ast } of input.graphs) {
      const key = `${graph.location.file}#${graph.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const node of graph.nodes) {
        if (node.location.file === file) this.add(node.location.span, { graph, nodes: [node] });
        // A `shared enc = dense(…)` statement shows what its first use made: the weights' home.
        const shared = node.shared;
        if (shared?.owner === node.id && shared.definition.file === file)
          this.add(shared.definition.span, { graph, nodes: [node] });
      }
      const decl = ast.declarations.find(
        (d): d is ModelDecl =>
          d.kind === 'Model' && d.name.span.start === graph.location.span.start,
      );
      if (decl)
        this.replay(
          decl,
          ast,
          graph.location.file,
          groupByInstance(graph.nodes, 0),
          0,
          graph,
          input.blocks,
        );
    }
  }

  /** Every execution of the step with this span (empty when it made no node). */
  of(span: Span): Execution[] {
    return this.bySpan.get(key(span)) ?? [];
  }

  private add(span: Span, execution: Execution): void {
    const k = key(span);
    const list = this.bySpan.get(k);
    if (list) list.push(execution);
    else this.bySpan.set(k, [execution]);
  }

  /**
   * Replays a body over the nodes it made, in order, to find the nodes of each block call; then
   * replays the called block's body over those nodes, one level deeper.
   */
  private replay(
    decl: ModelDecl | BlockDecl,
    ast: SourceFile,
    bodyFile: string,
    units: Unit[],
    depth: number,
    graph: ModelGraph,
    blocks: StepNodesInput['blocks'],
  ): void {
    let index = 0;
    const visit = (body: readonly Statement[]): void => {
      for (const statement of body) {
        if (statement.kind === 'Repeat') {
          const count = literalCount(statement.count, decl, ast);
          for (let i = 0; i < count && index < units.length; i++) {
            const before = index;
            visit(statement.body);
            if (index === before) break;
          }
        } else if (statement.kind === 'Flow') {
          statement.steps.forEach((step, stepIndex) => {
            const unit = units[index];
            if (!unit) return;
            if (unit.instance === undefined) {
              if (sameSpan(unit.nodes[0].location.span, step.span)) index++;
              return;
            }
            const isLast = stepIndex === statement.steps.length - 1;
            const base = isLast && statement.target ? statement.target.name : step.callee.name;
            if (!isInstanceOf(unit.instance, base)) return;
            index++;
            if (bodyFile === this.file) this.add(step.span, { graph, nodes: unit.nodes });
            const block = blocks.get(step.callee.name);
            if (block)
              this.replay(
                block.decl,
                block.ast,
                block.file,
                groupByInstance(unit.nodes, depth + 1),
                depth + 1,
                graph,
                blocks,
              );
          });
        }
      }
    };
    visit(decl.body);
  }
}

interface Unit {
  /** The top-level block instance, or undefined for a node of the model body itself. */
  instance: string | undefined;
  nodes: LayerNode[];
}

/** Consecutive nodes of one block instance at this nesting depth form one unit. */
function groupByInstance(nodes: readonly LayerNode[], depth: number): Unit[] {
  const units: Unit[] = [];
  for (const node of nodes) {
    const instance = node.blockPath[depth];
    const last = units[units.length - 1];
    if (instance !== undefined && last?.instance === instance) last.nodes.push(node);
    else units.push({ instance, nodes: [node] });
  }
  return units;
}

/** `ResidualDense`, `ResidualDense_1`, … are instances named after `ResidualDense`. */
function isInstanceOf(instance: string, base: string): boolean {
  return (
    instance === base ||
    (instance.startsWith(`${base}_`) && /^\d+$/.test(instance.slice(base.length + 1)))
  );
}

/** A repeat count written as a number or a constant/parameter with a number: else "as many as match". */
function literalCount(expr: Expr, decl: ModelDecl | BlockDecl, ast: SourceFile): number {
  if (expr.kind === 'Number') return expr.value;
  if (expr.kind === 'Name') {
    const param = decl.params.find((p) => p.name.name === expr.name.name);
    if (param) return param.default?.kind === 'Number' ? param.default.value : Infinity;
    const constant = ast.declarations.find(
      (d) => d.kind === 'Const' && d.name.name === expr.name.name,
    );
    if (constant?.kind === 'Const' && constant.value.kind === 'Number') return constant.value.value;
  }
  return Infinity;
}

function key(span: Span): string {
  return `${span.start}:${span.end}`;
}

function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

/** The executions of a whole statement: its steps' executions zipped (one per repeat or instance). */
export function statementExecutions(steps: StepNodes, statement: FlowStatement): Execution[] {
  const perStep = statement.steps.map((step) => steps.of(step.span));
  const count = Math.max(0, ...perStep.map((list) => list.length));
  const out: Execution[] = [];
  for (let i = 0; i < count; i++) {
    const parts = perStep.map((list) => list[i]).filter((e): e is Execution => e !== undefined);
    if (parts.length > 0) out.push({ graph: parts[0].graph, nodes: parts.flatMap((e) => e.nodes) });
  }
  return out;
}

/** The models of some analyses with their files' ASTs, and every block they declare. */
export function stepNodesInput(analyses: readonly Analysis[]): StepNodesInput {
  const graphs: { graph: ModelGraph; ast: SourceFile }[] = [];
  const blocks = new Map<string, { decl: BlockDecl; file: string; ast: SourceFile }>();
  for (const analysis of analyses) {
    const files = analysis.result.program?.files;
    for (const graph of analysis.result.checked?.models ?? []) {
      const ast = files?.get(graph.location.file)?.ast;
      if (ast) graphs.push({ graph, ast });
    }
    for (const [file, parsed] of files ?? []) {
      for (const decl of parsed.ast.declarations) {
        if (decl.kind === 'Block' && !blocks.has(decl.name.name))
          blocks.set(decl.name.name, { decl, file, ast: parsed.ast });
      }
    }
  }
  return { graphs, blocks };
}
