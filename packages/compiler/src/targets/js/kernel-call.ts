// The JS emitter's only way to call a runtime kernel: by op kind and role in the runtime's typed
// kernel table (`@nnet/runtime`'s kernelTable), with one JavaScript expression per parameter of
// that kernel's TypeScript signature — so `tsc` rejects an emitter whose call has the wrong arity.

import type {
  Activation,
  Initializer,
  KernelTable,
  LossFactory,
  OptimizerFactory,
} from '@nnet/runtime';

/** The source text of a JavaScript expression in generated code. */
export type JsExpression = string;

/** One expression per parameter of F (optional ones may be left out, as in F). */
export type JsArguments<F> = F extends (...args: infer P) => unknown
  ? { [I in keyof P]: JsExpression }
  : never;

/** The entries of a table row that are functions: the kernel's roles (`forward`, `backward`, …). */
export type KernelRole<Row> = {
  [R in keyof Row]: Row[R] extends (...args: never[]) => unknown ? R : never;
}[keyof Row] &
  string;

/** The runtime tables keyed by a vocabulary name, with the one signature of their entries. */
interface NamedTables {
  loss: LossFactory;
  optimizer: OptimizerFactory;
  initializer: Initializer;
}

/**
 * The rows whose functions are called by role (the recurrent cells are keyed by gate count, the
 * activation, loss, optimizer and initializer tables by name).
 */
export type KernelKind = Exclude<keyof KernelTable, 'activation' | 'recurrent' | keyof NamedTables>;

/** `rt.kernelTable.KIND.ROLE(args…)`. */
export function kernelCall<K extends KernelKind, R extends KernelRole<KernelTable[K]>>(
  kind: K,
  role: R,
  ...args: JsArguments<KernelTable[K][R]>
): JsExpression {
  return `rt.kernelTable.${kind}.${role}(${(args as string[]).join(', ')})`;
}

export type Gates = keyof KernelTable['recurrent'];

/** A recurrent cell's kernel, `rt.kernelTable.recurrent[GATES].ROLE(args…)`. */
export function recurrentCall<G extends Gates, R extends KernelRole<KernelTable['recurrent'][G]>>(
  gates: G,
  role: R,
  ...args: JsArguments<KernelTable['recurrent'][G][R]>
): JsExpression {
  return `rt.kernelTable.recurrent[${gates}].${role}(${(args as string[]).join(', ')})`;
}

/** An activation resolved once into a module constant (`ref`), typed by its form. */
export type JsActivation = {
  [F in Activation['kind']]: {
    form: F;
    /** The constant holding `rt.kernelTable.activation[name]`. */
    ref: JsExpression;
    /** Its `alpha` argument (0 when it has none). */
    alpha: JsExpression;
    /** The backward reads the forward's output (else its input). */
    usesOutput: boolean;
  };
}[Activation['kind']];

type ActivationOfForm<F> = Extract<Activation, { kind: F }>;

/** `ref.forward(args…)` or `ref.backward(args…)`, with the arity of the activation's form. */
export function activationCall<A extends JsActivation, R extends 'forward' | 'backward'>(
  activation: A,
  role: R,
  ...args: JsArguments<ActivationOfForm<A['form']>[R]>
): JsExpression {
  return `${activation.ref}.${role}(${(args as string[]).join(', ')})`;
}

/** `rt.kernelTable.TABLE["name"](args…)`: an entry of a table keyed by the catalogue's names. */
export function namedCall<T extends keyof NamedTables>(
  table: T,
  name: string,
  ...args: JsArguments<NamedTables[T]>
): JsExpression {
  return `rt.kernelTable.${table}[${JSON.stringify(name)}](${(args as string[]).join(', ')})`;
}

/** `rt.kernelTable.activation["name"]`, an activation resolved once into a module constant. */
export const activationEntry = (name: string): JsExpression =>
  `rt.kernelTable.activation[${JSON.stringify(name)}]`;
