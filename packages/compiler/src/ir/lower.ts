// Lowering: a checked, complete ModelGraph (and optionally its train run) → IrModel with primitive
// ops (dense becomes matmul, bias_add, activation; fusion passes merge them again). Parameters get
// the Keras convention's weights, named `layer/weight`. Expects a graph without errors.

import { withDefaults } from '../catalogue/arg-values.js';
import type {
  ActivationValue,
  ArgValue,
  Args,
  Catalogue,
  OptimizerSpec,
  Shape,
} from '../catalogue/types.js';
import { weightsFor, type LayerNode, type ModelGraph } from '../check/graph.js';
import type { TrainRun } from '../check/train.js';
import type { SourceText } from '../syntax/source.js';
import type { IrActivation, IrModel, IrOp, IrParam, IrTensor, OpKind } from './ir.js';

export interface LowerOptions {
  catalogue: Catalogue;
  sources: ReadonlyMap<string, SourceText>;
  run?: TrainRun;
}

/** The node kinds that lower to one op of the same meaning, with their IR op kind. */
const directOps: Record<string, OpKind> = {
  conv1d: 'conv',
  conv2d: 'conv',
  maxpool1d: 'maxpool',
  maxpool2d: 'maxpool',
  avgpool2d: 'avgpool',
  globalavgpool: 'globalavgpool',
  batchnorm: 'batchnorm',
  layernorm: 'layernorm',
  dropout: 'dropout',
  flatten: 'reshape',
  reshape: 'reshape',
  embedding: 'embedding',
  add: 'add',
  multiply: 'multiply',
  concat: 'concat',
  rnn: 'recurrent',
  lstm: 'recurrent',
  gru: 'recurrent',
  attention: 'attention',
};

/** An activation with the catalogue's facts; aliases become the catalogue's name. */
export function activationFacts(value: ActivationValue, catalogue: Catalogue): IrActivation {
  const spec =
    catalogue.activations.get(value.activation) ??
    [...catalogue.activations.values()].find((a) => a.aliases?.includes(value.activation))!;
  return { activation: spec.name, args: value.args, form: spec.form, identity: !!spec.identity };
}

/** A node's arguments with every activation-valued one given its facts. */
function withActivationFacts(
  args: Args,
  catalogue: Catalogue,
): Record<string, ArgValue | undefined> {
  const result: Record<string, ArgValue | undefined> = {};
  for (const [name, value] of Object.entries(args)) {
    const isActivation = typeof value === 'object' && value !== null && 'activation' in value;
    result[name] = isActivation ? activationFacts(value as ActivationValue, catalogue) : value;
  }
  return result;
}

export function lowerModel(graph: ModelGraph, options: LowerOptions): IrModel {
  const tensors: IrTensor[] = [];
  const params: IrParam[] = [];
  const ops: IrOp[] = [];
  const tensorOfValue = new Map<number, number>();

  const newTensor = (shape: Shape, dtype: 'float' | 'int', name: string): number => {
    tensors.push({ id: tensors.length, shape, dtype, name });
    return tensors.length - 1;
  };
  const lineOf = (node: LayerNode) =>
    options.sources.get(node.location.file)?.position(node.location.span.start).line ?? 0;

  for (const input of graph.inputs) {
    tensorOfValue.set(input.valueId, newTensor(input.shape!, input.dtype, input.name));
  }

  for (const node of graph.nodes) {
    const source = { file: node.location.file, line: lineOf(node), layer: node.name };
    const inputs = node.inputs.map((id) => tensorOfValue.get(id)!);
    const shape = node.outputShape!;
    const emit = (
      kind: OpKind,
      opInputs: number[],
      opParams: string[],
      attrs: IrOp['attrs'],
      outShape: Shape,
      suffix = '',
    ): number => {
      const output = newTensor(
        outShape,
        kind === 'embedding' || tensors[opInputs[0]]?.dtype !== 'int' ? 'float' : 'int',
        node.name + suffix,
      );
      ops.push({ id: ops.length, kind, inputs: opInputs, output, params: opParams, attrs, source });
      return output;
    };

    const declared = weightsFor(node, 'keras').map((weight) => {
      const override = node.overrides[weight.name];
      const param: IrParam = {
        name: `${node.name}/${weight.name}`,
        shape: weight.shape,
        trainable: weight.trainable && node.trainable,
        role: weight.role,
        regularized: weight.regularized,
        init:
          node.init && weight.init !== 'zeros' && weight.init !== 'ones' ? node.init : weight.init,
        ...(override?.values ? { values: override.values } : {}),
        ...(override?.load ? { load: override.load } : {}),
        ...(weight.role === 'statistic' ? { isState: true } : {}),
      };
      params.push(param);
      return param;
    });
    const paramNamed = (name: string) =>
      declared.find((p) => p.name === `${node.name}/${name}`)?.name;

    let output: number;
    if (node.isActivation) {
      output = emit(
        'activation',
        inputs,
        declared.map((p) => p.name),
        {
          activation: activationFacts(
            { activation: node.kind, args: node.args as Record<string, ArgValue> },
            options.catalogue,
          ),
        },
        shape,
      );
    } else if (node.kind === 'dense' || node.kind === 'perceptron') {
      let value = emit('matmul', inputs, [paramNamed('weights')!], {}, shape, '.matmul');
      const bias = paramNamed('bias');
      if (bias) value = emit('bias_add', [value], [bias], {}, shape, '.bias');
      const given =
        node.kind === 'perceptron'
          ? { activation: 'step', args: {} }
          : (node.args.activation as ActivationValue | undefined);
      const activation = given && activationFacts(given, options.catalogue);
      if (activation && !activation.identity) {
        value = emit('activation', [value], [], { activation }, shape, `.${activation.activation}`);
      }
      output = value;
    } else {
      const kind = directOps[node.kind];
      const { activation, ...attrs } = withActivationFacts(node.args, options.catalogue);
      const nodeAttrs: IrOp['attrs'] = {
        ...attrs,
        layer: node.kind,
        inputShape: inputs.length ? [...tensors[inputs[0]].shape] : undefined,
      };
      if (node.kind === 'rnn' || node.kind === 'lstm' || node.kind === 'gru') {
        output = emit(
          kind,
          inputs,
          declared.map((p) => p.name),
          { ...nodeAttrs, cell: node.kind, activation },
          shape,
        );
      } else {
        const act = activation as IrActivation | undefined;
        const hasActivation = act && !act.identity;
        output = emit(
          kind,
          inputs,
          declared.map((p) => p.name),
          nodeAttrs,
          shape,
          hasActivation ? `.${node.kind}` : '',
        );
        if (hasActivation)
          output = emit(
            'activation',
            [output],
            [],
            { activation: act },
            shape,
            `.${act.activation}`,
          );
      }
    }
    // The node's own output keeps the node's name.
    tensors[output].name = node.name;
    tensorOfValue.set(node.output, output);
  }

  const model: IrModel = {
    name: graph.name,
    source: graph.location.file,
    tensors,
    params,
    ops,
    inputs: graph.inputs.map((i) => tensorOfValue.get(i.valueId)!),
    outputs: graph.outputs.map((o) => tensorOfValue.get(o)!),
    passes: ['lower'],
  };
  const run = options.run;
  if (run?.loss) {
    const loss = options.catalogue.losses.get(run.loss.name)!;
    model.training = {
      loss: {
        name: loss.name,
        args: run.loss.args as Record<string, ArgValue>,
        task: loss.task,
        input: model.outputs[0],
      },
      optimizer: (({ spec, args }) => ({ name: spec.name, args }))(
        runOptimizer(run, options.catalogue),
      ),
      l1: numberSetting(run, 'l1'),
      l2: numberSetting(run, 'l2'),
    };
  }
  return model;
}

/** The run's optimizer (the `optimizer` setting's default when none is given), arguments filled. */
export function runOptimizer(
  run: TrainRun,
  catalogue: Catalogue,
): { spec: OptimizerSpec; args: Record<string, ArgValue> } {
  const name = run.optimizer?.name ?? (catalogue.trainSettings.get('optimizer')!.default as string);
  const spec = catalogue.optimizers.get(name)!;
  const filled = withDefaults(spec.args, run.optimizer?.args ?? {});
  const args: Record<string, ArgValue> = {};
  for (const [key, value] of Object.entries(filled)) if (value !== undefined) args[key] = value;
  return { spec, args };
}

function numberSetting(run: TrainRun, name: string): number {
  const value = run.settings[name];
  return typeof value === 'number' ? value : 0;
}
