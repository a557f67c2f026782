// The recurrent kernels generated code imports: rnn, lstm and gru forward/backward over
// x[batch, T, features] with Keras weight layouts, each with its state factory (core/state.ts).

export type { RecurrentOptions, RecurrentSpec, RecurrentState } from './common.js';
export { createRnnState, rnnBackward, rnnForward } from './rnn.js';
export { createLstmState, lstmBackward, lstmForward, type LstmState } from './lstm.js';
export { createGruState, gruBackward, gruForward, type GruOptions, type GruState } from './gru.js';
