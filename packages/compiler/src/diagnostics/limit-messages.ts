// The NN5xxx messages: budgets that bound time and memory (docs/limits.md). Each states the figure,
// the limit and the environment variable that raises it. Spread into the one catalogue, Messages.

import { define } from './message-define.js';

export const limitMessages = {
  // --- NN5xxx: limits (docs/limits.md) ---------------------------------------------------------
  SourceTooLarge: define<{ path: string; size: string; limit: string; variable: string }>(
    'NN5001',
    'error',
    'Source file too large',
    (a) => `\`${a.path}\` is ${a.size}, more than the ${a.limit} a .nnet file may have`,
    (a) => `split it into files that import each other, or raise the limit with ${a.variable}`,
  ),
  NotARegularFile: define<{ path: string; kind: string }>(
    'NN5002',
    'error',
    'Not a regular file',
    (a) => `\`${a.path}\` is ${a.kind}, not a regular file; only regular files are read`,
    () => 'import a .nnet file',
  ),
  ExpansionTooLarge: define<{ what: string; size: string; limit: string; variable: string }>(
    'NN5003',
    'error',
    'Expansion too large',
    (a) =>
      a.size === ''
        ? `${a.what} expands to more than the ${a.limit} steps a program may expand to`
        : `${a.what} expands to ${a.size} steps, more than the ${a.limit} a program may expand to`,
    (a) => `use a smaller count, or raise the limit with ${a.variable}`,
  ),
  NestingTooDeep: define<{ chain: string; limit: string; variable: string }>(
    'NN5004',
    'error',
    'Blocks nested too deeply',
    (a) => `blocks call blocks more than ${a.limit} levels deep: ${a.chain}`,
    (a) => `flatten the chain of blocks, or raise the limit with ${a.variable}`,
  ),
  TrainingTooLarge: define<{
    run: string;
    batch: string;
    bytes: string;
    parameters: string;
    values: string;
    count: string;
    limit: string;
    variable: string;
  }>(
    'NN5005',
    'error',
    'Training needs too much memory',
    (a) =>
      `training \`${a.run}\` with batch ${a.batch} needs at least ${a.bytes}: ${a.parameters} for the weights and their gradients, ${a.values} for its ${a.count} values (inputs and layer outputs) and their gradients over the batch, more than the ${a.limit} a training step may use`,
    (a) => `use a smaller \`batch\` or smaller layers, or raise the limit with ${a.variable}`,
  ),
  TensorTooLarge: define<{
    layer: string;
    shape: string;
    elements: string;
    bytes: string;
    limit: string;
    variable: string;
  }>(
    'NN5006',
    'error',
    'Value too large',
    (a) =>
      `\`${a.layer}\` outputs ${a.shape}, ${a.elements} elements (${a.bytes} per sample), more than the ${a.limit} one value may have`,
    (a) => `use smaller sizes, or raise the limit with ${a.variable}`,
  ),
  TooManyParameters: define<{
    what: string;
    params: string;
    bytes: string;
    limit: string;
    variable: string;
  }>(
    'NN5007',
    'error',
    'Too many parameters',
    (a) =>
      `${a.what} has ${a.params} parameters (${a.bytes} as float32), more than the ${a.limit} a model may have`,
    (a) => `use smaller layers, or raise the limit with ${a.variable}`,
  ),
  TooManyDiagnostics: define<{ more: string; limit: string; variable: string }>(
    'NN5008',
    'info',
    'Too many diagnostics',
    (a) => `… and ${a.more} more in this file (only the first ${a.limit} are shown)`,
    (a) => `fix the first ones and check again, or raise the limit with ${a.variable}`,
  ),
  NumberOutOfRange: define<{ found: string }>(
    'NN5010',
    'error',
    'Number out of range',
    (a) => `${a.found} is beyond the largest number nnet can hold (about 1.8e308)`,
    () => 'use a smaller number',
  ),
  CheckTimeBudget: define<{ seconds: string }>(
    'NN5009',
    'warning',
    'Checking took too long',
    (a) => `checking this file stopped after ${a.seconds} s; its diagnostics are incomplete`,
    () =>
      'large `repeat` counts or many blocks make checking slow; the command line `nnc check` has no time limit',
  ),
} as const;
