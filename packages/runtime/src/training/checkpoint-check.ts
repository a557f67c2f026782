// Checks a checkpoint against the model about to read it, before a single weight is copied: which
// model it was written for, which tensors are missing or have another shape, and whether its
// metadata (epoch, history, early-stopping state) is what nnet writes. Throws SafetensorsError.

import type { CompiledModel } from '../core/compiled-model.js';
import { SafetensorsError, type SafetensorsContent } from './safetensors.js';

/** The metadata a resumed run reads, validated. */
export interface CheckpointMetadata {
  epoch: number;
  history: unknown[];
  earlyStop?: { bestValue: number | null; bestEpoch: number | null; waited: number };
}

const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** Lists every problem at once: a student renaming a layer sees all the names that changed. */
export function checkCheckpointTensors(
  model: CompiledModel,
  content: Pick<SafetensorsContent, 'tensors' | 'metadata'>,
  file: string,
): void {
  const problems: string[] = [];
  for (const info of model.paramInfo) {
    const saved = content.tensors[info.name];
    const expected = model.params[info.name].length;
    if (!saved) problems.push(`missing tensor "${info.name}" ${shapeText(info.shape)}`);
    else if (saved.data.length !== expected) {
      problems.push(
        `tensor "${info.name}" is ${shapeText(saved.shape)}, the model expects ${shapeText(info.shape)}`,
      );
    }
  }
  if (problems.length === 0) return;
  const owner = content.metadata.model;
  const whose =
    owner && owner !== model.name
      ? `this checkpoint is for model ${owner}, not ${model.name}`
      : `this checkpoint does not fit model ${model.name}${owner ? ' (was the model changed since it was written?)' : ''}`;
  const shown = problems.slice(0, 5).join('; ');
  const more = problems.length > 5 ? `; and ${problems.length - 5} more` : '';
  throw new SafetensorsError(file, `${whose}: ${shown}${more}`);
}

/** The epoch, history and early-stopping state of a checkpoint, or why they are not valid. */
export function readCheckpointMetadata(
  metadata: Readonly<Record<string, string>>,
  file: string,
): CheckpointMetadata {
  const fail = (detail: string): never => {
    throw new SafetensorsError(file, `corrupt checkpoint metadata: ${detail}`);
  };
  const epochText = metadata.epoch ?? '0';
  const epoch = /^\d+$/.test(epochText) ? Number(epochText) : NaN;
  if (!Number.isSafeInteger(epoch)) {
    fail(`"epoch" must be a whole number >= 0, found ${JSON.stringify(epochText.slice(0, 40))}`);
  }
  const history = parseJson(metadata.history ?? '[]', 'history', fail);
  if (!Array.isArray(history)) fail('"history" must be a list of epochs');
  let earlyStop: CheckpointMetadata['earlyStop'];
  if (metadata.early_stop !== undefined) {
    const saved = parseJson(metadata.early_stop, 'early_stop', fail) as Record<string, unknown>;
    const numberOrNull = (v: unknown) => v === null || (typeof v === 'number' && isFinite(v));
    if (
      typeof saved !== 'object' ||
      saved === null ||
      !numberOrNull(saved.bestValue) ||
      !numberOrNull(saved.bestEpoch) ||
      typeof saved.waited !== 'number'
    ) {
      fail('"early_stop" must hold bestValue, bestEpoch and waited');
    }
    earlyStop = saved as unknown as CheckpointMetadata['earlyStop'];
  }
  return { epoch, history: history as unknown[], ...(earlyStop ? { earlyStop } : {}) };
}

function parseJson(text: string, field: string, fail: (detail: string) => never): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fail(`"${field}" is not valid JSON`);
  }
}
