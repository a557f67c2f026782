// The sample programs of LANGUAGE.md, as parser test fixtures: taken in by the parser, fuzz and
// error tests; each one is valid and must parse with no diagnostics.

export const exerciseSample = `// Comments: // to end of line, /* block */. A doc comment /// above a
// model, block or const is shown on hover.

import "blocks.nnet"            // models and blocks from another file

const hidden = 100              // compile-time numbers; arithmetic allowed: hidden * 2

/// The exercise: 40x40 black-and-white images, 3 hidden layers of 100, 10 classes.
model Exercise {
  input image: [40, 40]         // shape WITHOUT the batch dimension
  flatten
  repeat 3 {
    dense(hidden, relu)
  }
  dense(10, softmax)
}
`;

export const xorSample = `/// XOR with ReLU, solved by hand (W, c, w, b from the course).
model XorByHand {
  input x: [2]
  dense(2, relu) with { weights = [[1, 1], [1, 1]], bias = [0, -1] }
  dense(1)       with { weights = [[1], [-2]],      bias = [0] }
}
`;

export const blockSample = `block ResidualDense(width) {
  h = dense(width, relu) -> dense(width)
  add(in, h) -> relu              // \`in\` is the block's input value
}

model Deep {
  input x: [64]
  repeat 4 { ResidualDense(64) }
  dense(10)
}
`;

export const trainSample = `train Exercise {
  data      = mnist(resize = [40, 40])   // or csv("titanic.csv", target = "Survived"), spiral(…), idx(…)
  loss      = cross_entropy
  optimizer = sgd(lr = 0.1, momentum = 0.9)
  batch     = 32
  epochs    = 10
  split     = [0.8, 0.1, 0.1]            // train / validation / test
  metrics   = [accuracy]
  l2        = 1e-4
  early_stop = { monitor = val_loss, patience = 3 }
  seed      = 42
}
`;

export const statementsSample = `model Mlp(hidden = 100, depth = 3) {
  input tokens: int[100]
  input image: [28, 28, 1]
  x = embedding(1000, 64)
  h = dense(64) -> batchnorm -> relu
  h -> dense(10)
  c = concat(x, h, axis=-1)
  m = multiply(c, c)
  conv2d(32, kernel=3, padding="same", relu)
  dropout(0.2)
  dense(4) with { init = he_normal, trainable = false, weights = load("file.safetensors", "name") }
  output h, m
}

train Mlp as adam_run {
  data = function("sin(3*x)", noise = 0.1)
  loss = mse(half = false)
  optimizer = adam
}
`;

export const samples = [exerciseSample, xorSample, blockSample, trainSample, statementsSample];
