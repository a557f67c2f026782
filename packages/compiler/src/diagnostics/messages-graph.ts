// The messages of graph training (`karate_club`, `graph(path)` feeding a model with two inputs) and
// of arguments naming a value (`attention(4, padding = ids)`), part of the one catalogue of
// messages: messages.ts spreads them into `Messages`.

import { define } from './message-define.js';

export const graphMessages = {
  TiedLayer: define<{ layer: string; detail: string }>(
    'NN2053',
    'error',
    'Tied weights need a shared dense layer',
    (a) => `\`${a.layer}\` reads the kernel of a \`shared\` dense layer; ${a.detail}`,
    (a) =>
      `define \`shared enc = dense(…)\`, apply it (\`code = x -> enc\`), then write \`code -> ${a.layer}(enc)\``,
  ),
  ValueArgument: define<{ layer: string; name: string }>(
    'NN2052',
    'error',
    'Argument expects a named value',
    (a) => `\`${a.name}\` of \`${a.layer}\` takes the name of a value of the model`,
    (a) => `write e.g. \`${a.layer}(…, ${a.name} = ids)\` with \`ids\` an input or a named value`,
  ),
  GraphInputs: define<{ source: string; detail: string; help: string }>(
    'NN4160',
    'error',
    'Graph data does not fit the model’s inputs',
    (a) => `\`${a.source}\` gives each graph as node features, then adjacency; ${a.detail}`,
    (a) => a.help,
  ),
};
