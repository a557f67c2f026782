// `nnc import`: ONNX bytes → the text of a .nnet model computing the same function, in canonical
// format, with its weights: in a safetensors file beside it, read with `load("…", "layer/weight")`
// (named as nnet names the model's parameters), as literal lists, or left out. What nnet cannot
// express is NN4010 naming the operator (or input, output) and why; weights the graph shares that
// the text cannot tie are NN4016 warnings. The text is checked before it is returned: a model that
// does not check is a bug here, reported as NN9001.

import { keywordWords } from '../../syntax/tokens.js';
import * as path from 'node:path';
import type { SafetensorsContent } from '@nnet/runtime/train';
import { builtinCatalogue, checkFile, type CheckResult } from '../../compile.js';
import { DiagnosticBag, hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { Messages } from '../../diagnostics/messages.js';
import { renderDiagnostics } from '../../diagnostics/render.js';
import { formatText } from '../../format/index.js';
import type { ImportedModel } from './import-context.js';
import { importGraph, importedOperators } from './import-model.js';
import { decodeModel, type ModelProto } from '../../onnx/proto.js';
import { literal, writeNnet, type WeightWriter } from './write-nnet.js';

export type WeightsMode = 'safetensors' | 'inline' | 'none';

export interface OnnxImportOptions {
  /** The .onnx file, for messages. */
  file: string;
  /** The .nnet file the text is for (names the model when the graph's name cannot); default beside `file`. */
  outFile?: string;
  modelName?: string;
  /**
   * `safetensors` (default): the weights go to `weightsFile`, which the text loads; `inline`: as
   * literal lists in the text; `none`: left out (the model starts from its initializers).
   */
  weights?: WeightsMode;
  /** The safetensors file, relative to `outFile`; default `outFile`'s name with .safetensors. */
  weightsFile?: string;
}

export interface OnnxImport {
  text: string;
  model: ImportedModel;
  /** How many weight values the graph holds. */
  weightValues: number;
  /** Where they went. */
  weights: WeightsMode;
  /** The tensors to write to `weightsFile` (mode `safetensors`). */
  safetensors?: SafetensorsContent;
  weightsFile?: string;
}

/** Names a generated .nnet file cannot use: the language's keywords and the block input `in`. */
const keywords = [...keywordWords, 'in'];

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

function modelName(proto: ModelProto, outFile: string, options: OnnxImportOptions): string {
  if (options.modelName) return options.modelName;
  // nnc names the graph after the model; other exporters' names (`torch_jit`) say less than the file's.
  const graphName = proto.graph?.name ?? '';
  if (proto.producerName === 'nnc' && identifier.test(graphName) && !keywords.includes(graphName))
    return graphName;
  const base = path.basename(outFile).replace(/\.[^.]*$/, '');
  const pascal = base
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
  return identifier.test(pascal) ? pascal : 'Imported';
}

export function importOnnx(
  bytes: Uint8Array,
  options: OnnxImportOptions,
): { value?: OnnxImport; diagnostics: Diagnostic[] } {
  const bag = new DiagnosticBag(options.file);
  const fail = (what: string, reason: string, help?: string) => {
    bag.report(
      Messages.CannotImport,
      { start: 0, end: 0 },
      { what, from: 'ONNX', reason, ...(help ? { help } : {}) },
    );
    return { diagnostics: bag.items };
  };
  let proto: ModelProto;
  try {
    proto = decodeModel(bytes);
  } catch (error) {
    return fail(
      `\`${path.basename(options.file)}\``,
      `it is not an ONNX model (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const file = path.resolve(options.outFile ?? options.file.replace(/\.onnx$/i, '') + '.nnet');
  const imported = importGraph(proto, modelName(proto, file, options));
  if ('problem' in imported) {
    return fail(
      imported.problem.what,
      imported.problem.reason,
      `nnet imports these operators: ${importedOperators.join(', ')} (docs/onnx.md says how)`,
    );
  }
  const model = imported.value;
  // What the text computes as the graph does, but not as the graph is built (weights untied).
  for (const untied of model.untied)
    bag.report(Messages.ImportedUntied, { start: 0, end: 0 }, untied);
  const warnings = [...bag.items];
  let weightValues = 0;
  for (const layer of model.layers) {
    for (const [weight, { values }] of layer.weights) {
      weightValues += values.length;
      for (let i = 0; i < values.length; i++) {
        if (!Number.isFinite(values[i]))
          return fail(
            `the weight \`${weight}\` of node \`${layer.node}\``,
            `it holds ${values[i]}, which nnet cannot store`,
          );
      }
    }
  }

  const internal = (detail: string) => {
    const internalBag = new DiagnosticBag(file);
    internalBag.report(Messages.InternalError, { start: 0, end: 0 }, { detail });
    return { diagnostics: internalBag.items };
  };
  const check = (text: string): { formatted: string; checked: CheckResult } | string => {
    const formatted = formatText(file, text);
    if (formatted.value === undefined)
      return `the imported model does not format: ${formatted.diagnostics.map((d) => d.message).join('; ')}`;
    const checked = checkFile(file, {
      host: { readFile: (f) => (f === file ? formatted.value : undefined) },
    });
    if (hasErrors(checked.diagnostics))
      return `the imported model does not check:\n${renderDiagnostics(checked.diagnostics, checked.sources)}`;
    return { formatted: formatted.value, checked };
  };

  const catalogue = builtinCatalogue();
  const reserved = new Set([
    ...keywords,
    ...catalogue.layers.keys(),
    ...catalogue.activations.keys(),
  ]);
  const mode = weightValues === 0 ? 'none' : (options.weights ?? 'safetensors');
  const structure = check(writeNnet(model, reserved));
  if (typeof structure === 'string') return internal(structure);
  if (mode === 'none')
    return {
      value: { text: structure.formatted, model, weightValues, weights: 'none' },
      diagnostics: warnings,
    };

  let writer: WeightWriter = (_layer, _name, weight) => literal(weight);
  const safetensors: SafetensorsContent = {
    tensors: {},
    metadata: { producer: 'nnc import', source: path.basename(options.file) },
  };
  const weightsFile =
    options.weightsFile ?? `${path.basename(file).replace(/\.nnet$/, '')}.safetensors`;
  if (mode === 'safetensors') {
    // Tensors take the names nnet gives the parameters (`dense_1/weights`), as `nnc train` saves them.
    const layerNames = structure.checked.checked!.models[0].nodes.map((node) => node.name);
    if (layerNames.length !== model.layers.length)
      return internal(
        `the imported model has ${layerNames.length} layers, expected ${model.layers.length}`,
      );
    writer = (layer, name, weight) => {
      const tensor = `${layerNames[layer]}/${name}`;
      safetensors.tensors[tensor] = { shape: weight.shape, data: Float32Array.from(weight.values) };
      return `load(${JSON.stringify(weightsFile)}, ${JSON.stringify(tensor)})`;
    };
  }
  const final = check(writeNnet(model, reserved, writer));
  if (typeof final === 'string') return internal(final);
  return {
    value: {
      text: final.formatted,
      model,
      weightValues,
      weights: mode,
      ...(mode === 'safetensors' ? { safetensors, weightsFile } : {}),
    },
    diagnostics: warnings,
  };
}
