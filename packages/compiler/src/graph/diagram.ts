// From a checked model and its summary to what the network diagram shows: one box per model input
// and per layer (kind, fused activation, user name, output shape, parameters, category), one edge
// per data-flow connection, one cluster per block instance. Plain data, in the graph's order.

import type {
  ActivationValue,
  ArgValue,
  Catalogue,
  LayerCategory,
  LayerSpec,
} from '../catalogue/types.js';
import type { LayerNode, ModelGraph } from '../check/graph.js';
import type { ModelSummary } from '../summary/summary.js';
import { formatCount, formatShape } from './text.js';

export type BoxCategory = LayerCategory | 'input';

export interface DiagramBox {
  /** `input:x` or `layer:3` (the node's index): stable across runs. */
  id: string;
  role: 'input' | 'layer';
  category: BoxCategory;
  /** The layer kind, or `input`; for activations used as layers, with their non-default arguments. */
  kind: string;
  /** The fused activation (`relu`, `leaky_relu(0.2)`), shown after the kind. */
  activation?: string;
  /** The user's name, when it is not one the compiler made up (`dense_1`). */
  name?: string;
  /** `[128] · 12,544 params` */
  detail: string;
  /** Produces one of the model's outputs. */
  isOutput: boolean;
  /** The innermost block instance holding it. */
  cluster?: string;
  /** Everything known about it, for the hover tooltip. */
  tooltip: string;
}

export interface DiagramCluster {
  /** `block:DownBlock_1/ConvBnRelu`: the path, since nested instance names repeat. */
  id: string;
  label: string;
  parent?: string;
}

export interface DiagramEdge {
  /** `edge:3.1`: the node's index and which of its inputs. */
  id: string;
  from: string;
  to: string;
}

export interface Diagram {
  model: string;
  doc?: string;
  /** `33,930 params` (with the non-trainable share when there is one). */
  params: string;
  boxes: DiagramBox[];
  clusters: DiagramCluster[];
  edges: DiagramEdge[];
  /** The categories present, in the catalogue's order, for the legend. */
  categories: BoxCategory[];
}

export const categoryOrder: readonly BoxCategory[] = [
  'input',
  'core',
  'convolution',
  'pooling',
  'normalization',
  'regularization',
  'recurrent',
  'attention',
  'merge',
  'reshaping',
  'activation',
];

export function buildDiagram(
  graph: ModelGraph,
  summary: ModelSummary,
  catalogue: Catalogue,
): Diagram {
  const boxes: DiagramBox[] = [];
  const clusters = new Map<string, DiagramCluster>();
  const edges: DiagramEdge[] = [];
  const outputs = new Set(graph.outputs);
  const boxOfValue = new Map<number, string>();

  for (const input of graph.inputs) {
    const id = `input:${input.name}`;
    boxOfValue.set(input.valueId, id);
    const detail = `${formatShape(input.shape)}${input.dtype === 'int' ? ' int' : ''}`;
    boxes.push({
      id,
      role: 'input',
      category: 'input',
      kind: 'input',
      name: input.name,
      detail,
      isOutput: outputs.has(input.valueId),
      tooltip: `input ${input.name}: ${detail}`,
    });
  }

  graph.nodes.forEach((node, index) => {
    const id = `layer:${index}`;
    boxOfValue.set(node.output, id);
    let cluster: string | undefined;
    node.blockPath.forEach((instance, depth) => {
      const clusterId = `block:${node.blockPath.slice(0, depth + 1).join('/')}`;
      if (!clusters.has(clusterId))
        clusters.set(clusterId, {
          id: clusterId,
          label: instance,
          ...(cluster ? { parent: cluster } : {}),
        });
      cluster = clusterId;
    });
    const row = summary.rows[index];
    const params = row?.params.total ?? 0;
    const spec = catalogue.layers.get(node.kind);
    const activation = fusedActivation(node.args, spec, catalogue);
    const kind = node.isActivation ? formatActivation(node.kind, node.args, catalogue) : node.kind;
    const localName = node.name.slice(node.name.lastIndexOf('/') + 1);
    const generated = new RegExp(`^${escapeRegExp(node.kind)}(_\\d+)?$`).test(localName);
    const shape = formatShape(node.outputShape);
    // A shared layer's later use holds no weights of its own: say whose it reads.
    const sharedFrom = row?.shared && row.shared.owner !== row.name ? row.shared.owner : undefined;
    const detail = sharedFrom
      ? `${shape} · weights of ${sharedFrom.slice(sharedFrom.lastIndexOf('/') + 1)}`
      : params > 0
        ? `${shape} · ${formatCount(params)} params${row?.shared && row.shared.uses.length > 1 ? ', shared' : ''}`
        : shape;
    boxes.push({
      id,
      role: 'layer',
      category: spec?.category ?? 'activation',
      kind,
      ...(activation ? { activation } : {}),
      ...(generated ? {} : { name: localName }),
      detail,
      isOutput: outputs.has(node.output),
      ...(cluster ? { cluster } : {}),
      tooltip: [
        `${node.name}: ${node.kind}${formatArgs(node.args)}`,
        `output ${shape}, ${formatCount(params)} params`,
        ...(row && row.inputs.length > 0 ? [`from ${row.inputs.join(', ')}`] : []),
      ].join('\n'),
    });
    node.inputs.forEach((valueId, slot) => {
      const from = boxOfValue.get(valueId);
      if (from) edges.push({ id: `edge:${index}.${slot}`, from, to: id });
    });
  });

  const present = new Set(boxes.map((b) => b.category));
  const { total, nonTrainable } = summary.totals;
  return {
    model: graph.name,
    ...(graph.doc ? { doc: graph.doc } : {}),
    params: `${formatCount(total)} params${nonTrainable > 0 ? ` (${formatCount(nonTrainable)} non-trainable)` : ''}`,
    boxes,
    clusters: [...clusters.values()],
    edges,
    categories: categoryOrder.filter((c) => present.has(c)),
  };
}

function isActivationValue(value: ArgValue | undefined): value is ActivationValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as ActivationValue).activation === 'string'
  );
}

/** The layer's activation argument, unless it is the layer's default (an rnn's tanh). */
function fusedActivation(
  args: LayerNode['args'],
  spec: LayerSpec | undefined,
  catalogue: Catalogue,
): string | undefined {
  const value = args[spec?.activationArg ?? 'activation'];
  if (!isActivationValue(value)) return undefined;
  const shown = formatActivation(value.activation, value.args, catalogue);
  const fallback = spec?.args.find((a) => a.name === (spec.activationArg ?? 'activation'))?.default;
  if (
    isActivationValue(fallback) &&
    formatActivation(fallback.activation, fallback.args, catalogue) === shown
  )
    return undefined;
  return shown;
}

/** `relu`, `leaky_relu(0.2)`: only the arguments that differ from the activation's defaults. */
function formatActivation(
  name: string,
  args: Readonly<Record<string, ArgValue | undefined>>,
  catalogue: Catalogue,
): string {
  const spec = catalogue.activations.get(name);
  const shown = Object.entries(args).filter(([key, value]) => {
    if (value === undefined) return false;
    const fallback = spec?.args.find((a) => a.name === key)?.default;
    return fallback === undefined || JSON.stringify(fallback) !== JSON.stringify(value);
  });
  return shown.length === 0
    ? name
    : `${name}(${shown.map(([key, value]) => (shown.length === 1 ? formatValue(value) : `${key}=${formatValue(value)}`)).join(', ')})`;
}

function formatArgs(args: Readonly<Record<string, ArgValue | undefined>>): string {
  const entries = Object.entries(args).filter(([, value]) => value !== undefined);
  return entries.length === 0
    ? ''
    : `(${entries.map(([key, value]) => `${key}=${formatValue(value)}`).join(', ')})`;
}

function formatValue(value: ArgValue | undefined): string {
  if (isActivationValue(value)) {
    const args = formatArgs(value.args);
    return `${value.activation}${args}`;
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => formatValue(v as ArgValue)).join(', ')}]`;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
