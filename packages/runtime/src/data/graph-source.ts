// Graph sources (`graph(path)`, `karate_club`): one graph is one sample. Its input is the node
// features [N, F] (the identity when the file has none) then the 0/1 adjacency [N, N], one after the
// other; its target is a class per node, −1 (UNLABELLED) where a node is not in that split.

import { readFileSync } from 'node:fs';
import type { Prng } from '../core/prng.js';
import { DataError, type Dataset } from './dataset.js';
import { readDataFile } from './files.js';

/** A node's target in a split it is not part of: the loss and the metrics skip it. */
export const UNLABELLED = -1;

/** The file format: `{ "nodes": N, "edges": [[a, b], …], "labels": [c, …], "features"?: [[…], …] }`. */
export interface GraphFile {
  name?: string;
  source?: string;
  nodes: number;
  edges: readonly (readonly number[])[];
  labels: readonly number[];
  classes?: readonly string[];
  features?: readonly (readonly number[])[];
}

export interface GraphSplitOptions {
  /** Labelled nodes per class for training. */
  labelled: number;
  /** Which: `degree` the ones with the most edges (ties: lower number), `random` drawn by the seed. */
  pick: 'degree' | 'random';
  /** Unlabelled nodes drawn (by the seed) for validation; the rest are the test nodes. */
  validation: number;
}

export function loadGraph(path: string, options: GraphSplitOptions, prng: Prng): Dataset {
  const text = readDataFile(path, () => readFileSync(path, 'utf8'));
  let document: unknown;
  try {
    document = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new DataError(`expected JSON, found a syntax error (${(error as Error).message})`, {
      file: path,
    });
  }
  return graphDataset(checkGraph(document, path), options, prng, path);
}

/** The file's fields checked one by one; a mistake names the field and the entry. */
export function checkGraph(document: unknown, file?: string): GraphFile {
  const fail = (detail: string): never => {
    throw new DataError(detail, { file });
  };
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    fail('expected an object { "nodes": N, "edges": [[a, b], …], "labels": [class, …] }');
  const graph = document as Record<string, unknown>;
  const nodes = graph.nodes;
  if (typeof nodes !== 'number' || !Number.isInteger(nodes) || nodes < 1 || nodes > 4096)
    fail(`expected "nodes" to be a whole number from 1 to 4096, found ${JSON.stringify(nodes)}`);
  const n = nodes as number;
  const isNode = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < n;
  if (!Array.isArray(graph.edges)) fail('expected "edges" to be a list of [a, b] pairs');
  (graph.edges as unknown[]).forEach((edge, i) => {
    if (!Array.isArray(edge) || edge.length !== 2 || !edge.every(isNode))
      fail(
        `edge ${i + 1}: expected a pair [a, b] of node numbers from 0 to ${n - 1}, found ${JSON.stringify(edge)}`,
      );
  });
  const labels = graph.labels;
  if (!Array.isArray(labels) || labels.length !== n)
    fail(`expected "labels" to be a list of ${n} class numbers, one per node`);
  (labels as unknown[]).forEach((label, i) => {
    if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label > 1000)
      fail(`node ${i}: expected a class number ≥ 0, found ${JSON.stringify(label)}`);
  });
  const features = graph.features;
  if (features !== undefined) {
    const rows = features as unknown[];
    if (!Array.isArray(rows) || rows.length !== n)
      fail(`expected "features" to be a list of ${n} rows, one per node`);
    const width = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : 0;
    rows.forEach((row, i) => {
      if (
        !Array.isArray(row) ||
        row.length !== width ||
        width === 0 ||
        !row.every((v) => typeof v === 'number' && Number.isFinite(v))
      )
        fail(`node ${i}: expected a features row of ${width || 'at least 1'} numbers`);
    });
  }
  return graph as unknown as GraphFile;
}

/** Fisher–Yates with the seed. */
function shuffle(values: number[], prng: Prng): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = prng.nextInt(i + 1);
    [values[i], values[j]] = [values[j], values[i]];
  }
}

/** Classes in the graph: one more than the largest label. */
export function graphClasses(graph: GraphFile): number {
  return Math.max(...graph.labels) + 1;
}

/** The training graph (its labelled nodes), with the validation and test graphs of the same input. */
export function graphDataset(
  graph: GraphFile,
  options: GraphSplitOptions,
  prng: Prng,
  file?: string,
): Dataset {
  const n = graph.nodes;
  const f = graph.features ? graph.features[0].length : n;
  const inputs = new Float32Array(n * f + n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < f; j++)
      inputs[i * f + j] = graph.features ? graph.features[i][j] : i === j ? 1 : 0;
  const degree = new Int32Array(n);
  for (const [a, b] of graph.edges) {
    inputs[n * f + a * n + b] = 1;
    inputs[n * f + b * n + a] = 1;
    if (a !== b) {
      degree[a]++;
      degree[b]++;
    }
  }
  const classes = graphClasses(graph);
  const train = new Set<number>();
  for (let c = 0; c < classes; c++) {
    const members = [...graph.labels.keys()].filter((i) => graph.labels[i] === c);
    if (members.length <= options.labelled)
      throw new DataError(
        `class ${c} has ${members.length} node(s); \`labelled = ${options.labelled}\` would leave none of it to test on: label fewer nodes`,
        { file },
      );
    if (options.pick === 'random') shuffle(members, prng);
    else members.sort((a, b) => degree[b] - degree[a] || a - b);
    for (const node of members.slice(0, options.labelled)) train.add(node);
  }
  const rest = [...graph.labels.keys()].filter((i) => !train.has(i));
  if (options.validation >= rest.length)
    throw new DataError(
      `\`validation = ${options.validation}\` takes every one of the ${rest.length} unlabelled nodes: keep some to test on`,
      { file },
    );
  // The first `validation` unlabelled nodes in the seed's order validate.
  shuffle(rest, prng);
  const validation = new Set(rest.slice(0, options.validation));
  const split = (keep: (node: number) => boolean): Dataset => ({
    inputs,
    targets: Int32Array.from(graph.labels, (label, node) => (keep(node) ? label : UNLABELLED)),
    count: 1,
    inputShape: [n * f + n * n],
    inputParts: [
      { name: 'features', shape: [n, f] },
      { name: 'adjacency', shape: [n, n] },
    ],
    targetShape: [n],
    classes,
    task: 'classification',
    ...(graph.classes ? { classNames: [...graph.classes] } : {}),
  });
  const isTest = (node: number) => !train.has(node) && !validation.has(node);
  return {
    ...split((node) => train.has(node)),
    ...(validation.size > 0 ? { validationSet: split((node) => validation.has(node)) } : {}),
    testSet: split(isTest),
  };
}
