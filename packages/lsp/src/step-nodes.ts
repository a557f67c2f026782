// Which graph nodes each step of a file produced: takes checked models and a file's AST, produces
// for every step its executions (one per `repeat` iteration or block instance, each the nodes it
// made). A layer step's node carries the step's span; a block call's nodes sit in the block's body,
// so they are matched to the call by replaying the model body in order.

import type { Expr, FlowStatement, LayerNode, ModelDecl, ModelGraph, SourceFile, Span, Statement } from '@nnet/compiler';

export interface Execution {
  graph: ModelGraph;
  nodes: LayerNode[];
}

export class StepNodes {
  private readonly bySpan = new Map<string, Execution[]>();

  constructor(file: string, ast: SourceFile, graphs: readonly ModelGraph[]) {
    const seen = new Set<string>();
    for (const graph of graphs) {
      const key = `${graph.location.file}#${graph.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const node of graph.nodes) {
        if (node.location.file === file) this.add(node.location.span, { graph, nodes: [node] });
      }
      if (graph.location.file !== file) continue;
      const decl = ast.declarations.find(
        (d): d is ModelDecl => d.kind === 'Model' && d.name.span.start === graph.location.span.start,
      );
      if (decl) this.matchBlockCalls(decl, graph, ast);
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

  /** Replays the model body over the graph's nodes to find the nodes of each block call. */
  private matchBlockCalls(decl: ModelDecl, graph: ModelGraph, ast: SourceFile): void {
    const units = groupByInstance(graph.nodes);
    let index = 0;
    const replay = (body: readonly Statement[]): void => {
      for (const statement of body) {
        if (statement.kind === 'Repeat') {
          const count = literalCount(statement.count, decl, ast);
          for (let i = 0; i < count && index < units.length; i++) {
            const before = index;
            replay(statement.body);
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
            if (isInstanceOf(unit.instance, base)) {
              this.add(step.span, { graph, nodes: unit.nodes });
              index++;
            }
          });
        }
      }
    };
    replay(decl.body);
  }
}

interface Unit {
  /** The top-level block instance, or undefined for a node of the model body itself. */
  instance: string | undefined;
  nodes: LayerNode[];
}

function groupByInstance(nodes: readonly LayerNode[]): Unit[] {
  const units: Unit[] = [];
  for (const node of nodes) {
    const instance = node.blockPath[0];
    const last = units[units.length - 1];
    if (instance !== undefined && last?.instance === instance) last.nodes.push(node);
    else units.push({ instance, nodes: [node] });
  }
  return units;
}

/** `ResidualDense`, `ResidualDense_1`, … are instances named after `ResidualDense`. */
function isInstanceOf(instance: string, base: string): boolean {
  return instance === base || (instance.startsWith(`${base}_`) && /^\d+$/.test(instance.slice(base.length + 1)));
}

/** A repeat count written as a number or a constant/parameter with a number: else "as many as match". */
function literalCount(expr: Expr, decl: ModelDecl, ast: SourceFile): number {
  if (expr.kind === 'Number') return expr.value;
  if (expr.kind === 'Name') {
    const param = decl.params.find((p) => p.name.name === expr.name.name);
    if (param) return param.default?.kind === 'Number' ? param.default.value : Infinity;
    const constant = ast.declarations.find((d) => d.kind === 'Const' && d.name.name === expr.name.name);
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
