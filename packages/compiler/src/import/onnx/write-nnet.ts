// Writes an imported model as .nnet text: inputs, one statement per layer (implicit input when it
// reads the previous statement, `name = …` when a value is read later), `output` when needed, and
// each weight in `with { … }` as the caller renders it (layers made by nodes that read the same
// initializers with the same call, as a shared layer exports, become one `shared` layer, as does a
// layer a `dense_transposed` ties to): `load("…", "…")`, or a nested literal list
// whose numbers print as the shortest decimal that reads back as the same float32. The caller runs
// the formatter over the result.

import { layers } from '../../catalogue/index.js';
import type { ImportedLayer, ImportedModel, ImportedWeight } from './import-context.js';

/** The layers that take their inputs as arguments (`add(a, b)`), from the catalogue. */
const merges = new Set(
  layers.filter((layer) => layer.inputsAsArguments).map((layer) => layer.name),
);

/** The shortest decimal that reads back as the same float32 (`0.1`, `-2.5e-7`). */
export function formatFloat32(value: number): string {
  const target = Math.fround(value);
  if (Object.is(target, -0)) return '0';
  for (let digits = 1; digits < 10; digits++) {
    const text = target.toPrecision(digits);
    if (Math.fround(Number(text)) === target) return String(Number(text));
  }
  return String(target);
}

/** `[[1, 2], [3, 4]]` for row-major values of a shape. */
export function literal(weight: ImportedWeight): string {
  const { shape, values } = weight;
  let offset = 0;
  const nest = (axis: number): string => {
    if (axis === shape.length) return formatFloat32(values[offset++]);
    const items: string[] = [];
    for (let i = 0; i < shape[axis]; i++) items.push(nest(axis + 1));
    return `[${items.join(', ')}]`;
  };
  return nest(0);
}

export function renderActivation(kind: string, args: readonly string[] = []): string {
  return args.length ? `${kind}(${args.join(', ')})` : kind;
}

function renderCall(layer: ImportedLayer, inputNames: string[], tiedName?: string): string {
  const args = [
    ...(tiedName ? [tiedName] : []),
    ...inputNames,
    ...layer.positional,
    ...[...layer.named].map(([name, value]) => `${name} = ${value}`),
  ];
  if (layer.activation) args.push(layer.activation);
  return args.length ? `${layer.kind}(${args.join(', ')})` : layer.kind;
}

/** Identifiers the language reserves or that name its vocabulary: never used for a value. */
export interface ReservedNames {
  has(name: string): boolean;
}

/** How a weight is written (a literal, a `load(…)`); weights are left out without one. */
export type WeightWriter = (layer: number, name: string, weight: ImportedWeight) => string;

export function writeNnet(
  model: ImportedModel,
  reserved: ReservedNames,
  writeWeight?: WeightWriter,
): string {
  const inputCount = model.inputs.length;
  const valueCount = inputCount + model.layers.length;
  const readers = Array.from({ length: valueCount }, () => [] as number[]);
  model.layers.forEach((layer, index) =>
    layer.inputs.forEach((value) => readers[value].push(index)),
  );

  // A layer reads its input implicitly when it is the previous statement's value (or the only input).
  const implicit = (index: number): boolean => {
    const layer = model.layers[index];
    if (layer.inputs.length !== 1 || merges.has(layer.kind)) return false;
    return index === 0
      ? inputCount === 1 && layer.inputs[0] === 0
      : layer.inputs[0] === inputCount + index - 1;
  };
  const lastValue = valueCount - 1;
  const outputStatement =
    model.outputs.length !== 1 || model.outputs[0] !== lastValue || model.layers.length === 0;
  const named = new Set<number>();
  model.layers.forEach((_, index) => {
    const value = inputCount + index;
    const explicitReaders = readers[value].filter((reader) => !implicit(reader));
    if (explicitReaders.length > 0 || (outputStatement && model.outputs.includes(value)))
      named.add(value);
  });

  const taken = new Set<string>();
  const names: string[] = [];
  const pick = (base: string, fallback: string): string => {
    // `/fc1/Gemm` → `fc1_gemm`, `ResidualDense/relu` → `residual_dense_relu`.
    const words = base.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
    let name =
      words
        .replace(/[^a-z0-9_]+/g, '_')
        .replace(/^[^a-z]+/, '')
        .replace(/_+$/, '') || fallback;
    if (reserved.has(name)) name = `${name}_value`;
    let unique = name;
    for (let i = 2; taken.has(unique); i++) unique = `${name}_${i}`;
    taken.add(unique);
    return unique;
  };
  model.inputs.forEach((input, i) => (names[i] = pick(input.name, `input_${i + 1}`)));
  model.layers.forEach((layer, index) => {
    const value = inputCount + index;
    if (named.has(value)) names[value] = pick(layer.node, `${layer.kind}_${index + 1}`);
  });

  const sharedName = sharedLayers(model, (index) =>
    pick(`${model.layers[index].node}_shared`, `shared_${index + 1}`),
  );

  const lines = [`model ${model.name} {`];
  for (const [i, input] of model.inputs.entries()) {
    lines.push(
      `  input ${names[i]}: ${input.dtype === 'int' ? 'int' : ''}[${input.shape.join(', ')}]`,
    );
  }
  model.layers.forEach((layer, index) => {
    const value = inputCount + index;
    const multiInput = merges.has(layer.kind);
    const tiedName = layer.tiedTo === undefined ? undefined : sharedName.get(layer.tiedTo)?.name;
    const call = renderCall(layer, multiInput ? layer.inputs.map((v) => names[v]) : [], tiedName);
    const source = !multiInput && !implicit(index) ? `${names[layer.inputs[0]]} -> ` : '';
    const target = named.has(value) ? `${names[value]} = ` : '';
    const weights =
      writeWeight && layer.weights.size
        ? ` with { ${[...layer.weights].map(([name, weight]) => `${name} = ${writeWeight(index, name, weight)}`).join(', ')} }`
        : '';
    const shared = sharedName.get(index);
    if (shared?.owner === index) lines.push(`  shared ${shared.name} = ${call}${weights}`);
    if (shared) lines.push(`  ${target}${source}${shared.name}`);
    else lines.push(`  ${target}${source}${call}${weights}`);
  });
  if (outputStatement) lines.push(`  output ${model.outputs.map((v) => names[v]).join(', ')}`);
  lines.push('}', '');
  return lines.join('\n');
}

/**
 * Layers that are one shared layer: the same call, made by nodes reading the same initializers,
 * with the same weights. Each such layer maps to the first of its group (the owner) and a name.
 */
function sharedLayers(
  model: ImportedModel,
  nameOf: (owner: number) => string,
): Map<number, { owner: number; name: string }> {
  const result = new Map<number, { owner: number; name: string }>();
  const signature = (layer: ImportedLayer) =>
    JSON.stringify([
      layer.kind,
      layer.positional,
      [...layer.named],
      layer.activation ?? '',
      layer.initializers ?? [],
    ]);
  model.layers.forEach((layer, index) => {
    if (layer.weights.size === 0 || !layer.initializers?.length || result.has(index)) return;
    for (let later = index + 1; later < model.layers.length; later++) {
      const other = model.layers[later];
      if (result.has(later) || signature(other) !== signature(layer)) continue;
      if (!sameWeights(layer.weights, other.weights)) continue;
      if (!result.has(index)) result.set(index, { owner: index, name: nameOf(index) });
      result.set(later, result.get(index)!);
    }
  });
  // A layer whose kernel a `dense_transposed` reads is `shared`, even when applied once.
  for (const { tiedTo } of model.layers)
    if (tiedTo !== undefined && !result.has(tiedTo))
      result.set(tiedTo, { owner: tiedTo, name: nameOf(tiedTo) });
  return result;
}

function sameWeights(
  a: ReadonlyMap<string, ImportedWeight>,
  b: ReadonlyMap<string, ImportedWeight>,
): boolean {
  if (a.size !== b.size) return false;
  for (const [name, weight] of a) {
    const other = b.get(name);
    if (!other || other.shape.join() !== weight.shape.join()) return false;
    for (let i = 0; i < weight.values.length; i++)
      if (Math.fround(weight.values[i]) !== Math.fround(other.values[i])) return false;
  }
  return true;
}
