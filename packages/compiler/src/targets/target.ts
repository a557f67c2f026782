// The one shape every code generator has: a name, the IR passes its emitter wants, what it cannot
// express in a given model (reported as NN4009 by compileModel, never by the target), and emit.
// compile.ts's compileModel runs lower → passes → verify → problems → emit for any Target.

import type { Catalogue } from '../catalogue/types.js';
import type { ModelGraph } from '../check/graph.js';
import type { TrainRun } from '../check/train.js';
import type { IrModel } from '../ir/ir.js';
import type { Location } from '../check/graph.js';
import type { SourceText } from '../syntax/source.js';

/** What a target gets to look at: the checked model, its run, the IR after its passes. */
export interface TargetInput<Options> {
  graph: ModelGraph;
  run?: TrainRun;
  /** The graphs `passes` returned (JS: training and inference; ONNX, PyTorch: one). */
  ir: IrModel[];
  catalogue: Catalogue;
  sources: ReadonlyMap<string, SourceText>;
  options: Options;
}

/** Something a target cannot express: at a layer (by its unique name), the run, or the model. */
export interface TargetProblem {
  /** The layer's unique name; absent for the run or the whole model. */
  layer?: string;
  /** Where to report when not at a layer (the run's location); the model's otherwise. */
  at?: Location;
  /** What is named in the message, e.g. `train run \`Fit\``; the layer's kind by default. */
  what?: string;
  reason: string;
  help?: string;
}

export interface Target<Options, Output> {
  name: 'js' | 'onnx' | 'pytorch';
  /** How messages name the target: `JavaScript`, `ONNX`, `PyTorch`. */
  title: string;
  /** Whether lowering includes the train run (loss, optimizer) for this target's IR. */
  lowersRun: boolean;
  /** The IR graphs the emitter reads, from the lowered model (the target's passes, in order). */
  passes(lowered: IrModel, catalogue: Catalogue): IrModel[];
  /** What this target cannot express in this model; empty when it can emit it. */
  problems(input: TargetInput<Options>): TargetProblem[];
  /** The output, or more problems found while emitting (weights that cannot be loaded). */
  emit(input: TargetInput<Options>): { value: Output } | { problems: TargetProblem[] };
}
