// The messages of shared layers (`shared enc = dense(…)`), part of the one catalogue of messages:
// messages.ts spreads them into `Messages`, so each code still appears once, under the same rules.

import { define } from './message-define.js';

export const sharedLayerMessages = {
  SharedLayerMisuse: define<{ detail: string; help: string }>(
    'NN2050',
    'error',
    'Misused shared layer',
    (a) => a.detail,
    (a) => a.help,
  ),
  UnusedSharedLayer: define<{ name: string }>(
    'NN2051',
    'warning',
    'Unused shared layer',
    (a) => `the shared layer \`${a.name}\` is never applied`,
    (a) => `apply it to a value (\`x -> ${a.name}\`) or remove it`,
  ),
  SharedLayerInput: define<{ name: string; first: string; found: string }>(
    'NN3050',
    'error',
    'Shared layer applied to another shape',
    (a) =>
      `the shared layer \`${a.name}\` has weights for the input ${a.first} of its first use; here its input is ${a.found}`,
    () =>
      'a shared layer applies the same weights every time: give each use an input of the same shape',
  ),
};
