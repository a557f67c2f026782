// The recurrent kernels generated code imports: rnn, lstm and gru forward/backward over
// x[batch, T, features] with Keras weight layouts, each with its workspace factory.

export type { RecurrentOptions, RecurrentWorkspace } from './common.js';
export { createRnnWorkspace, rnnBackward, rnnForward } from './rnn.js';
export { createLstmWorkspace, lstmBackward, lstmForward, type LstmWorkspace } from './lstm.js';
export {
  createGruWorkspace,
  gruBackward,
  gruForward,
  type GruOptions,
  type GruWorkspace,
} from './gru.js';
