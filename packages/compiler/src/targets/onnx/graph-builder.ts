// Builds an ONNX graph node by node: unique node names and unique tensor names (two namespaces, as
// in ONNX; a node's output is named `node:0`), attributes from plain values, initializers from
// float or int64 data. Produces the GraphProto fields; knows nothing of nnet.

import {
  AttributeType,
  type AttributeProto,
  type NodeProto,
  type TensorProto,
} from '../../onnx/proto.js';
import { floatTensor, int64Tensor } from '../../onnx/tensor.js';

export const attr = {
  int: (name: string, i: number): AttributeProto => ({ name, type: AttributeType.INT, i }),
  float: (name: string, f: number): AttributeProto => ({ name, type: AttributeType.FLOAT, f }),
  ints: (name: string, ints: readonly number[]): AttributeProto => ({
    name,
    type: AttributeType.INTS,
    ints: [...ints],
  }),
};

export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly nodeNames = new Set<string>();
  private readonly tensorNames = new Set<string>();

  /** A tensor name: `base`, or `base_1`, `base_2`, … when taken; reserves it. */
  unique(base: string, taken = this.tensorNames): string {
    let name = base;
    for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    return name;
  }

  reserve(tensorName: string): void {
    this.tensorNames.add(tensorName);
  }

  /** Adds a node with one output and returns the output's name. */
  node(
    opType: string,
    inputs: readonly string[],
    name: string,
    attributes: AttributeProto[] = [],
    docString?: string,
  ): string {
    const nodeName = this.unique(name, this.nodeNames);
    const output = this.unique(`${nodeName}:0`);
    this.nodes.push({
      name: nodeName,
      opType,
      input: [...inputs],
      output: [output],
      ...(attributes.length ? { attribute: attributes } : {}),
      ...(docString ? { docString } : {}),
    });
    return output;
  }

  floatInitializer(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    const unique = this.unique(name);
    this.initializers.push(floatTensor(unique, dims, values));
    return unique;
  }

  int64Initializer(name: string, dims: readonly number[], values: readonly number[]): string {
    const unique = this.unique(name);
    this.initializers.push(int64Tensor(unique, dims, values));
    return unique;
  }

  /** Renames a tensor everywhere it appears (to give graph outputs their model names). */
  renameTensor(from: string, to: string): void {
    for (const node of this.nodes) {
      node.input = node.input.map((n) => (n === from ? to : n));
      node.output = node.output.map((n) => (n === from ? to : n));
    }
  }
}
