// The graph data sources: `karate_club` (built in) and `graph(path)` (a JSON file of nodes, edges
// and labels). One graph is one sample: its input is two values (node features [N, F], adjacency
// [N, N]) for a model with two inputs, its target a class per node, labelled only in each split.

import type { ArgSpec, DataSourceSpec } from './types.js';

const splitArgs: readonly ArgSpec[] = [
  {
    name: 'labelled',
    type: { kind: 'int', min: 1 },
    doc: 'Labelled nodes per class: the training nodes.',
    default: 2,
  },
  {
    name: 'pick',
    type: { kind: 'enum', values: ['degree', 'random'] },
    doc: 'How the labelled nodes are chosen: `degree` the ones with the most edges (ties: the lower number), `random` drawn with the seed.',
    default: 'degree',
    namedOnly: true,
  },
  {
    name: 'validation',
    type: { kind: 'int', min: 0 },
    doc: 'Unlabelled nodes drawn with the seed for validation; every other unlabelled node is a test node.',
    default: 0,
  },
];

const splitDoc = [
  'One graph is one sample: its input is the node features `[N, F]` (the identity `[N, N]` when the',
  'file has none, so each node is its own one-hot feature) followed by the 0/1 adjacency `[N, N]`',
  '(each edge both ways, no self-loops: `gcn` adds them), so the model declares two inputs in that',
  'order, e.g. `input features: [34, 34]` and `input adjacency: [34, 34]`. The target is a class per',
  'node; in the training set only the `labelled` nodes per class carry one, in the validation and',
  'test sets only theirs: the loss and the metrics are taken over those nodes (the others are −1,',
  "PyTorch's `ignore_index`). The model ends in a class per node, e.g. `gcn(adjacency, 2, softmax)`",
  'with `loss = cross_entropy`. `split` does not apply (there is one sample).',
];

export const graphSources: readonly DataSourceSpec[] = [
  {
    name: 'karate_club',
    args: splitArgs,
    summary:
      "Zachary's karate club: 34 members, 78 friendships, 2 factions; node classification with a few labelled members.",
    doc: [
      "**karate_club(labelled = 2, pick = degree, validation = 0)** — Zachary's karate club (W. W. Zachary, *An Information",
      'Flow Model for Conflict and Fission in Small Groups*, J. Anthropological Research 33(4), 1977): 34',
      'members, 78 friendships, and the faction each member joined when the club split (instructor: 17,',
      'administrator: 17). Built in, from the published edge list (scripts/make-karate-club.py; the',
      'same data as examples/data/karate-club.json). With `labelled = 2` the training nodes are 0, 2',
      '(instructor) and 33, 32 (administrator); with `labelled = 1`, the two leaders 0 and 33.',
      '',
      ...splitDoc,
    ].join('\n'),
    describe: () => ({
      inputs: [
        [34, 34],
        [34, 34],
      ],
      target: [34],
      classes: 2,
      task: 'classification',
    }),
  },
  {
    name: 'graph',
    args: [
      {
        name: 'path',
        type: { kind: 'string' },
        file: true,
        doc: 'The JSON file: `{ "nodes": N, "edges": [[a, b], …], "labels": [class, …] }`, optionally `"features": [[…], …]`.',
        required: true,
      },
      ...splitArgs,
    ],
    summary: 'A graph from a JSON file (nodes, edges, a class per node), for node classification.',
    doc: [
      '**graph(path, labelled = 2, pick = degree, validation = 0)** — a graph from a JSON file',
      '`{ "nodes": N, "edges": [[a, b], …], "labels": [class, …] }` with optional `"features": [[…], …]`',
      '(one row of numbers per node) and `"classes": [name, …]`. Nodes are numbered from 0; an edge',
      'list is turned into the dense adjacency the model takes.',
      '',
      ...splitDoc,
    ].join('\n'),
    describe: () => ({ inputs: [undefined, undefined], task: 'classification' }),
  },
];
