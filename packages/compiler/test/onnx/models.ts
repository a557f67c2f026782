// The models the ONNX tests export and import: every example (and two architectures), plus small
// models for what the examples leave out (conv "same" with strides, BatchNorm in inference form, a
// residual conv graph, 1-D windows, embeddings, every activation).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText, repoRoot } from './helpers.js';

/**
 * Models whose ONNX graph is their inference graph only, so importing it back cannot give the same
 * layers: what the import test checks instead.
 */
export const inferenceOnlyLayers: Record<string, string> = {
  'gaussian noise (the identity at inference)': 'gaussian_noise',
};

/**
 * Exported models the importer cannot read back (yet): it says so with NN4010 at the node. Graph
 * convolutions export as the Add/ReduceSum/Pow/Mul/MatMul nodes of Â·H·W, with no import pattern.
 */
export const notImportable: Record<string, string> = {
  'karate-gcn.nnet KarateGcn': 'gcn',
  // Exported as its six arithmetic nodes (opset 17 has no RMS normalization), with no import pattern.
  'rms normalization (Mul, ReduceMean, Add, Sqrt, Div, Mul by gamma) over a sequence': 'rmsnorm',
};

export const extraModels: Record<string, string> = {
  'nearest upsampling (Resize) between convolutions': `
    model Upsampled {
      input image: [3, 4, 2]
      conv2d(3, kernel = 2, padding = "same", relu)
      upsample2d([2, 3])
      conv2d(2, kernel = 3)
      upsample2d
      flatten
      dense(3)
    }`,
  'zero padding (Pad) between convolutions': `
    model Padded {
      input image: [3, 4, 2]
      conv2d(3, kernel = 2, relu)
      zero_padding2d([[0, 1], [2, 0]])
      conv2d(2, kernel = 3)
      zero_padding2d([1, 2])
      flatten
      dense(3)
    }`,
  'rms normalization (Mul, ReduceMean, Add, Sqrt, Div, Mul by gamma) over a sequence': `
    model RmsNormed {
      input x: [12]
      reshape([3, 4])
      rmsnorm
      flatten
      dense(3, tanh)
      rmsnorm(0.01)
      dense(2)
    }`,
  'gaussian noise (the identity at inference)': `
    model Noisy {
      input x: [5]
      dense(4, tanh)
      gaussian_noise(0.5)
      dense(3)
    }`,
  'conv "same" with strides on even sizes': `
    model SameStride {
      input image: [10, 12, 3]
      conv2d(4, kernel = 3, strides = 2, padding = "same", relu)
      conv2d(5, kernel = [2, 3], padding = "same")
      avgpool2d(3, strides = 2, padding = "same")
      maxpool2d(2, strides = 1, padding = "same")
      flatten
      dense(6, softmax)
    }`,
  'BatchNorm in inference form': `
    model BatchNormInference {
      input image: [6, 6, 2]
      conv2d(3, kernel = 3) -> batchnorm(epsilon = 0.01) -> relu
      globalavgpool
      dense(4) -> batchnorm -> elu(0.5)
      dropout(0.3)
      dense(2)
    }`,
  'a residual conv graph': `
    model ResidualConv {
      input image: [8, 8, 3]
      stem = conv2d(8, kernel = 3, padding = "same", relu)
      h = conv2d(8, kernel = 3, padding = "same") -> batchnorm -> relu
      shortcut = stem -> conv2d(8, kernel = 1)
      sum = add(h, shortcut)
      gated = multiply(sum, stem)
      concat(gated, stem)
      maxpool2d(2)
      flatten
      dense(3)
    }`,
  'maximum (Max) of two channels-first branches and of three vectors': `
    model Maxout {
      input image: [6, 6, 2]
      a = conv2d(4, kernel = 3, padding = "same")
      b = image -> conv2d(4, kernel = 1, tanh)
      maximum(a, b)
      maxpool2d(2)
      flatten
      u = dense(5)
      v = u -> dense(5, tanh)
      w = u -> dense(5, relu)
      maximum(u, v, w)
      dense(3)
    }`,
  'layernorm without beta, then without gamma (Constant nodes in their place)': `
    model LayerNormed {
      input seq: [3, 4]
      layernorm(center = false)
      layernorm(scale = false, epsilon = 0.01)
      flatten
      dense(2)
    }`,
  '1-D windows and layernorm': `
    model Sequence1d {
      input signal: [20, 2]
      conv1d(4, kernel = 3, dilation = 2, padding = "same", tanh)
      maxpool1d(2)
      layernorm
      globalavgpool
      dense(3, gelu)
    }`,
  'embeddings and reshape': `
    model Tokens {
      input tokens: int[6]
      embedding(11, 4)
      flatten
      dense(5, swish)
      reshape([5, 1])
      flatten
      dense(3)
    }`,
  'every activation, as a layer and fused': `
    model Activations {
      input x: [6]
      dense(6, relu) -> identity -> dense(6, sigmoid) -> tanh -> dense(6, leaky_relu(0.2)) -> elu(0.7)
      dense(6, selu) -> softplus -> dense(6, softsign) -> hard_sigmoid -> dense(6, gaussian) -> swish
      dense(6, gelu) -> prelu -> dense(6, elu) -> gelu -> dense(6, swish) -> linear
      dense(6, step) -> dense(6) -> softmax
    }`,
};

const exampleFiles = [
  ...fs
    .readdirSync(path.join(repoRoot, 'examples'))
    .filter((f) => f.endsWith('.nnet'))
    .sort()
    .map((f) => path.join(repoRoot, 'examples', f)),
  path.join(repoRoot, 'tests/architectures/pytorch-cifar-net.nnet'),
  path.join(repoRoot, 'tests/architectures/keras-mnist-convnet.nnet'),
];

export interface ModelCase {
  name: string;
  text: string;
  file: string;
  /** The model to pick in the file; the first when absent. */
  model?: string;
}

export function modelCases(): ModelCase[] {
  return [
    ...exampleFiles.flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      return checkText(text, file).models.map((m) => ({
        name: `${path.basename(file)} ${m.name}`,
        text,
        file,
        model: m.name,
      }));
    }),
    ...Object.entries(extraModels).map(([name, text]) => ({
      name,
      text,
      file: path.join(repoRoot, 'examples', 'inline.nnet'),
    })),
  ];
}
