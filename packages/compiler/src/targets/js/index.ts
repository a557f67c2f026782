// The JavaScript target (training and inference graphs → an ES module over @nnet/runtime). Its
// implementation still lives in codegen/ (compile-js.ts, js/); moving it here is mechanical.

export { jsTarget, type JsCompileOptions, type JsOutput } from '../../codegen/compile-js.js';
