// Lowering: a checked, complete ModelGraph (and optionally its train run) → IrModel. Each layer
// becomes the ops its catalogue entry's `lowering` names (dense: matmul, bias_add, activation,
// merged again by merge-dense), with every attribute filled here and nowhere else.

import { boolArg, numberArg, tupleArg, withDefaults } from '../catalogue/arg-values.js';
import { isOwnOp } from '../catalogue/own-op.js';
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
import type {
  IrActivation,
  IrModel,
  IrOp,
  IrOpOf,
  IrParam,
  IrSource,
  IrTensor,
  CoreOpAttributes,
  CoreOpKind,
  OpAttributes,
  OpKind,
  OwnOpKind,
  Padding,
} from './ir.js';

export interface LowerOptions {
  catalogue: Catalogue;
  sources: ReadonlyMap<string, SourceText>;
  run?: TrainRun;
}

/** An activation with the catalogue's facts; aliases become the catalogue's name. */
export function activationFacts(value: ActivationValue, catalogue: Catalogue): IrActivation {
  const spec =
    catalogue.activations.get(value.activation) ??
    [...catalogue.activations.values()].find((a) => a.aliases?.includes(value.activation))!;
  return { activation: spec.name, args: value.args, form: spec.form, identity: !!spec.identity };
}

/** The attributes of the core op that computes a layer with these (checked, defaulted) arguments. */
function attributesOf<K extends CoreOpKind>(
  kind: K,
  args: Args,
  input: Shape,
  gates: 1 | 3 | 4 | undefined,
  activation: (name: string) => IrActivation,
): CoreOpAttributes[K] {
  const spatial = input.length - 1;
  const windows = (sizeArg: string) => {
    const size = tupleArg(args, sizeArg, spatial);
    return {
      strides: args.strides === undefined ? size : tupleArg(args, 'strides', spatial),
      padding: args.padding as Padding,
    };
  };
  const attributes: { [Kind in CoreOpKind]?: () => CoreOpAttributes[Kind] } = {
    conv: () => ({
      spatialRank: spatial === 1 ? 1 : 2,
      kernel: tupleArg(args, 'kernel', spatial),
      dilation: tupleArg(args, 'dilation', spatial),
      ...windows('kernel'),
    }),
    maxpool: () => ({ pool: tupleArg(args, 'pool', spatial), ...windows('pool') }),
    avgpool: () => ({ pool: tupleArg(args, 'pool', spatial), ...windows('pool') }),
    globalavgpool: () => ({}),
    recurrent: () => ({
      gates: gates!,
      activation: activation('activation'),
      ...(gates === 1 ? {} : { recurrentActivation: activation('recurrent_activation') }),
      returnSequences: boolArg(args, 'return_sequences'),
      resetAfter: gates === 3 && boolArg(args, 'reset_after'),
    }),
    attention: () => {
      const heads = numberArg(args, 'num_heads');
      const keyDim =
        args.key_dim === undefined ? input[input.length - 1] / heads : numberArg(args, 'key_dim');
      return {
        heads,
        keyDim,
        valueDim: args.value_dim === undefined ? keyDim : numberArg(args, 'value_dim'),
        dropout: numberArg(args, 'dropout'),
        causal: boolArg(args, 'causal'),
        pad: args.padding !== undefined ? numberArg(args, 'pad') : null,
        hasBias: boolArg(args, 'use_bias'),
      };
    },
  };
  return attributes[kind]!() as CoreOpAttributes[K];
}

export function lowerModel(graph: ModelGraph, options: LowerOptions): IrModel {
  const { catalogue } = options;
  const tensors: IrTensor[] = [];
  const params: IrParam[] = [];
  const ops: IrOp[] = [];
  const tensorOfValue = new Map<number, number>();
  const paramsOfNode = new Map<number, IrParam[]>();

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
    const source: IrSource = { file: node.location.file, line: lineOf(node), layer: node.name };
    const inputs = node.inputs.map((id) => tensorOfValue.get(id)!);
    const shape = node.outputShape!;
    const emit = <K extends OpKind>(
      kind: K,
      opInputs: number[],
      opParams: number[],
      attrs: OpAttributes[K],
      suffix = '',
      dtype: 'float' | 'int' = 'float',
    ): number => {
      const output = newTensor(shape, dtype, node.name + suffix);
      const op: IrOpOf<K> = {
        id: ops.length,
        kind,
        inputs: opInputs,
        output,
        params: opParams,
        attrs,
        source,
      };
      ops.push(op as unknown as IrOp);
      return output;
    };

    // A later use of a shared layer reads the parameters its first use declared.
    const owner = node.shared && node.shared.owner !== node.id ? node.shared.owner : undefined;
    if (owner !== undefined) source.weightsOf = graph.nodes[owner].name;
    const declared = (owner !== undefined ? [] : weightsFor(node, 'keras')).map((weight) => {
      const override = node.overrides[weight.name];
      // `with { init = … }` replaces the random initializers, never a zeros/ones default.
      const chosen = !!node.init && weight.init !== 'zeros' && weight.init !== 'ones';
      const param: IrParam = {
        id: params.length,
        name: `${node.name}/${weight.name}`,
        shape: weight.shape,
        trainable: weight.trainable && node.trainable,
        role: weight.role,
        regularized: weight.regularized,
        init: chosen ? node.init! : weight.init,
        ...(chosen && node.initOptions ? { initOptions: node.initOptions } : {}),
        ...(override?.values ? { values: override.values } : {}),
        ...(override?.load ? { load: override.load } : {}),
        ...(weight.role === 'statistic' ? { isState: true } : {}),
      };
      params.push(param);
      return param;
    });
    if (owner !== undefined) declared.push(...paramsOfNode.get(owner)!);
    paramsOfNode.set(node.id, declared);
    // Tied weights (`dense_transposed(enc)`): the shared layer's kernel first, then its own bias.
    const tied = node.tied
      ? paramsOfNode.get(node.tied.owner)!.filter((p) => p.role === 'kernel')
      : [];
    const ids = [...tied, ...declared].map((p) => p.id);
    const activationArg = (name: string): IrActivation =>
      activationFacts(node.args[name] as ActivationValue, catalogue);
    /** The layer's trailing activation, unless it is absent or the identity. */
    const trailing = (value: ActivationValue | undefined) => {
      const facts = value && activationFacts(value, catalogue);
      return facts && !facts.identity ? facts : undefined;
    };

    let output: number;
    if (node.isActivation) {
      const activation = activationFacts(
        { activation: node.kind, args: node.args as Record<string, ArgValue> },
        catalogue,
      );
      output = emit('activation', inputs, ids, { activation });
    } else {
      const lowering = catalogue.layers.get(node.kind)!.lowering;
      const byRole = (role: IrParam['role']) => declared.filter((p) => p.role === role);
      if (isOwnOp(lowering)) {
        // A layer's own op: its file fills its attributes (catalogue/own-op.ts).
        const shapes = inputs.map((id) => tensors[id].shape);
        const attrs = lowering.attributes(node.args, {
          input: shapes[0] ?? [],
          inputs: shapes,
          output: shape,
        });
        const activation = trailing(node.args.activation as ActivationValue | undefined);
        const kind = lowering.op as OwnOpKind;
        // A view keeps its input's element type (ids stay ids); every other op makes floats.
        const dtype = lowering.outputDtype === 'input' ? tensors[inputs[0]].dtype : 'float';
        output = emit(
          kind,
          inputs,
          ids,
          attrs as OpAttributes[OwnOpKind],
          activation ? `.${node.kind}` : '',
          dtype,
        );
        if (activation)
          output = emit('activation', [output], [], { activation }, `.${activation.activation}`);
      } else if (lowering.op === 'dense') {
        let value = emit(
          'matmul',
          inputs,
          byRole('kernel').map((p) => p.id),
          {},
          '.matmul',
        );
        const bias = byRole('bias');
        if (bias.length) value = emit('bias_add', [value], [bias[0].id], {}, '.bias');
        const activation = trailing(
          lowering.activation
            ? { activation: lowering.activation, args: {} }
            : (node.args.activation as ActivationValue | undefined),
        );
        if (activation)
          value = emit('activation', [value], [], { activation }, `.${activation.activation}`);
        output = value;
      } else {
        const kind = lowering.op as Exclude<CoreOpKind, 'matmul' | 'bias_add' | 'dense'>;
        const attrs = attributesOf(
          kind,
          node.args,
          inputs.length ? tensors[inputs[0]].shape : [],
          lowering.gates,
          activationArg,
        );
        // A recurrent cell applies its own activations; other layers' trailing one is an op.
        const activation =
          kind === 'recurrent'
            ? undefined
            : trailing(node.args.activation as ActivationValue | undefined);
        output = emit(kind, inputs, ids, attrs, activation ? `.${node.kind}` : '');
        if (activation)
          output = emit('activation', [output], [], { activation }, `.${activation.activation}`);
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
    const loss = catalogue.losses.get(run.loss.name)!;
    const optimizer = runOptimizer(run, catalogue);
    model.training = {
      loss: {
        name: loss.name,
        args: filled(withDefaults(loss.args, run.loss.args)),
        task: loss.task,
        input: model.outputs[0],
      },
      optimizer: { name: optimizer.spec.name, args: optimizer.args },
      l1: numberSetting(run, 'l1'),
      l2: numberSetting(run, 'l2'),
    };
  }
  return model;
}

/** The given values of checked arguments (absent optional ones dropped). */
function filled(args: Args): Record<string, ArgValue> {
  const result: Record<string, ArgValue> = {};
  for (const [key, value] of Object.entries(args)) if (value !== undefined) result[key] = value;
  return result;
}

/** The run's optimizer (the `optimizer` setting's default when none is given), arguments filled. */
export function runOptimizer(
  run: TrainRun,
  catalogue: Catalogue,
): { spec: OptimizerSpec; args: Record<string, ArgValue> } {
  const name = run.optimizer?.name ?? (catalogue.trainSettings.get('optimizer')!.default as string);
  const spec = catalogue.optimizers.get(name)!;
  return { spec, args: filled(withDefaults(spec.args, run.optimizer?.args ?? {})) };
}

function numberSetting(run: TrainRun, name: string): number {
  const value = run.settings[name];
  return typeof value === 'number' ? value : 0;
}
