// The compiler's public API: check a file, summarize its models, and the data types they return.

export {
  checkFile,
  builtinCatalogue,
  compileModel,
  targetIr,
  type CheckOptions,
  type TargetCompileOptions,
  type CheckResult,
} from './compile.js';
// The targets themselves (src/targets/) import the runtime, whose entry is not browser-safe yet, so
// the editor's bundle gets only their types from here.
export type { Target, TargetInput, TargetProblem } from './targets/target.js';
export { printIr } from './ir/print.js';
export type { IrModel } from './ir/ir.js';
export {
  defaultLimits,
  formatBytes,
  formatCount,
  limitsFromEnvironment,
  limitVariables,
  type Limits,
} from './limits.js';
export { readSourceFile, type SourceRead } from './source-files.js';
export {
  loadProgram,
  nodeHost,
  type CompilerHost,
  type Program,
  type ParsedFile,
} from './program.js';
export { parse } from './syntax/parse.js';
export { SourceText, type Span, type LineColumn } from './syntax/source.js';
export type * from './syntax/ast.js';
export type { Diagnostic, Fix, TextEdit, Severity, MessageSpec } from './diagnostics/diagnostic.js';
export { sortDiagnostics } from './diagnostics/diagnostic.js';
export { Messages } from './diagnostics/messages.js';
export { renderDiagnostic, renderDiagnostics } from './diagnostics/render.js';
export { createCatalogue, findActivation } from './catalogue/index.js';
export { monitoredQuantities } from './catalogue/train-settings.js';
export { describeArgType } from './catalogue/index.js';
export type * from './catalogue/types.js';
export type { CheckedProgram } from './check/index.js';
export type { ModelGraph, LayerNode, GraphValue } from './check/graph.js';
export type { TrainRun } from './check/train.js';
export { summarize, type ModelSummary, type SummaryRow } from './summary/summary.js';
export { renderSummaryText, renderSummaryMarkdown, summaryJson } from './summary/render.js';
export { formatText, formatEdits } from './format/index.js';
export { renderModelSvg, type SvgOptions } from './graph/svg.js';
export { describeNetwork, type NetworkView } from './graph/weights/network.js';
export { unitValues } from './graph/weights/forward.js';
export {
  renderWeightsSvg,
  type WeightsFrame,
  type WeightsSvgOptions,
} from './graph/weights/svg.js';
export { renderWeightsAnimation } from './graph/weights/animate.js';
export { latexToUnicode, markdownWithUnicodeMath } from './docs/unicode-math.js';
export type { CheckedSearch } from './check/search.js';
export { describeSearch } from './search/describe.js';
export { describeDistribution, type Dimension, type Distribution } from './search/space.js';
