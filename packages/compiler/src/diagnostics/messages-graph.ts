// The messages of graph training (`karate_club`, `graph(path)` feeding a model with two inputs),
// part of the one catalogue of messages: messages.ts spreads them into `Messages`.

import { define } from './message-define.js';

export const graphMessages = {
  GraphInputs: define<{ source: string; detail: string; help: string }>(
    'NN4160',
    'error',
    'Graph data does not fit the model’s inputs',
    (a) => `\`${a.source}\` gives each graph as node features, then adjacency; ${a.detail}`,
    (a) => a.help,
  ),
};
