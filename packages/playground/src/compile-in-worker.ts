// What the language server's worker computes for the page besides LSP: the models' diagrams and
// summaries (the compiler's graph/ and summary/ renderers), and a model compiled to the JS target
// for the trainer, with its train run's data and settings. Errors come back as messages.

import {
  builtinCatalogue,
  checkFile,
  renderDiagnostics,
  renderModelSvg,
  renderSummaryText,
  summarize,
  type ArgValue,
  type LayerNode,
  type ModelGraph,
} from '@nnet/compiler';
import { compileModelToJs } from '@nnet/compiler/js-target';
import {
  DOCUMENT_PATH,
  type CompileResult,
  type DenseLayerInfo,
  type ViewsResult,
} from './protocol.js';

/** Files next to the model by absolute path (the examples), which its imports may read. */
let library: Record<string, string> = {};
export function setLibrary(files: Record<string, string>): void {
  library = files;
}

function check(text: string) {
  return checkFile(DOCUMENT_PATH, {
    host: { readFile: (file) => (file === DOCUMENT_PATH ? text : library[file]) },
    catalogue: builtinCatalogue(),
    timeBudgetMs: 2000,
  });
}

export function renderViews(text: string): ViewsResult {
  const result = check(text);
  const catalogue = builtinCatalogue();
  const runs = result.checked?.runs ?? [];
  const models = (result.checked?.models ?? []).map((graph) => {
    const summary = summarize(graph, catalogue, 'keras', runs);
    return {
      name: graph.name,
      svg: renderModelSvg(graph, summary, { catalogue }),
      summary: renderSummaryText(summary),
    };
  });
  return { models, errors: result.diagnostics.filter((d) => d.severity === 'error').length };
}

export function compileForTraining(
  text: string,
  runtimeUrl: string,
  modelName?: string,
): CompileResult {
  const result = check(text);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.checked || errors.length > 0)
    return {
      ok: false,
      message: errors.length
        ? renderDiagnostics(errors.slice(0, 3), result.sources)
        : 'the model could not be read',
    };
  const checked = result.checked;
  const runs = checked.runs;
  const graph =
    checked.models.find((m) => m.name === modelName) ??
    checked.models.find((m) => runs.some((r) => r.model === m.name)) ??
    checked.models[0];
  if (!graph) return { ok: false, message: 'write a `model` to train' };
  const run = runs.find((r) => r.model === graph.name);
  if (!run) return { ok: false, message: `add a \`train ${graph.name} { … }\` block to train it` };
  const compiled = compileModelToJs(graph, run, checked, result.sources, builtinCatalogue(), {
    runtimeImport: runtimeUrl,
  });
  if (!compiled.value)
    return { ok: false, message: renderDiagnostics(compiled.diagnostics, result.sources) };
  const plain = (value: ArgValue | undefined) => value as unknown;
  const settings = run.settings;
  const learningRate = run.optimizer?.args.lr;
  return {
    ok: true,
    value: {
      model: graph.name,
      js: compiled.value.js,
      data: run.data
        ? {
            name: run.data.name,
            args: Object.fromEntries(Object.entries(run.data.args).map(([k, v]) => [k, plain(v)])),
          }
        : undefined,
      settings: {
        ...(typeof settings.batch === 'number' ? { batch: settings.batch } : {}),
        ...(typeof settings.epochs === 'number' ? { epochs: settings.epochs } : {}),
        ...(Array.isArray(settings.split) ? { split: settings.split as number[] } : {}),
        ...(typeof settings.seed === 'number' ? { seed: settings.seed } : {}),
      },
      learningRate: typeof learningRate === 'number' ? learningRate : undefined,
      denseChain: denseChain(graph),
    },
  };
}

/**
 * The model as a chain of matrix layers over a 2-D input (each: one [in, units] kernel, an optional
 * bias, an elementwise activation argument), for drawing every neuron; undefined for other models.
 */
function denseChain(graph: ModelGraph): DenseLayerInfo[] | undefined {
  const shape = graph.inputs[0]?.shape;
  if (graph.inputs.length !== 1 || shape?.length !== 1 || shape[0] !== 2) return undefined;
  const layers: DenseLayerInfo[] = [];
  let previous = graph.inputs[0].valueId;
  for (const node of graph.nodes) {
    if (node.inputs.length !== 1 || node.inputs[0] !== previous) return undefined;
    previous = node.output;
    const info = matrixLayer(node);
    if (!info) return undefined;
    layers.push(info);
  }
  return layers.length > 0 ? layers : undefined;
}

function matrixLayer(node: LayerNode): DenseLayerInfo | undefined {
  const kernels = node.weights.filter((w) => w.role === 'kernel');
  const biases = node.weights.filter((w) => w.role === 'bias');
  if (kernels.length !== 1 || kernels[0].shape.length !== 2 || biases.length > 1) return undefined;
  if (node.weights.length !== kernels.length + biases.length) return undefined;
  const argument = builtinCatalogue().layers.get(node.kind)?.activationArg;
  if (node.isActivation || !argument) return undefined;
  const activation = node.args[argument] as { activation?: string } | string | undefined;
  const name = typeof activation === 'string' ? activation : (activation?.activation ?? 'identity');
  return {
    name: node.name,
    units: kernels[0].shape[1] as number,
    activation: name,
    weights: `${node.name}/${kernels[0].name}`,
    bias: biases[0] ? `${node.name}/${biases[0].name}` : undefined,
  };
}
