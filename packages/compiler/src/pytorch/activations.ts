// Each activation of the language as a PyTorch expression of one value (`torch.relu(x)`), with the
// same formula and the same derivative as the runtime's kernel (relu' = 0 at 0, leaky_relu and elu
// take their alpha, gelu exact or tanh). prelu has none: nnet's learns one alpha per value (Keras),
// torch's nn.PReLU one shared alpha, so the parameters would differ.

import type { ActivationValue } from '../catalogue/types.js';
import { pyFloat } from './python-text.js';

type Expression = (x: string, args: ActivationValue['args']) => string;

const alpha = (args: ActivationValue['args'], fallback: number) =>
  pyFloat(typeof args.alpha === 'number' ? args.alpha : fallback);

export const activationExpressions: Readonly<Record<string, Expression>> = {
  identity: (x) => x,
  linear: (x) => x,
  step: (x) => `nl.step(${x})`,
  sigmoid: (x) => `torch.sigmoid(${x})`,
  tanh: (x) => `torch.tanh(${x})`,
  relu: (x) => `torch.relu(${x})`,
  leaky_relu: (x, args) => `F.leaky_relu(${x}, ${alpha(args, 0.01)})`,
  elu: (x, args) => `F.elu(${x}, ${alpha(args, 1)})`,
  selu: (x) => `F.selu(${x})`,
  softplus: (x) => `F.softplus(${x})`,
  softsign: (x) => `F.softsign(${x})`,
  hard_sigmoid: (x) => `F.hardsigmoid(${x})`,
  gaussian: (x) => `nl.gaussian(${x})`,
  swish: (x) => `F.silu(${x})`,
  gelu: (x, args) =>
    args.approximate === true ? `F.gelu(${x}, approximate="tanh")` : `F.gelu(${x})`,
};

/** Why an activation has no PyTorch form here; undefined when it has one (softmax is the caller's). */
export function activationProblem(activation: ActivationValue): string | undefined {
  if (activation.activation === 'softmax' || activationExpressions[activation.activation])
    return undefined;
  if (activation.activation === 'prelu') {
    return "nnet's prelu learns one alpha per value (as Keras's PReLU), PyTorch's nn.PReLU one shared alpha, so the parameters and the outputs would differ";
  }
  return `the activation \`${activation.activation}\` has no PyTorch form in nnet yet`;
}
