// Takes the running language client (or none); produces the server's custom requests `nnet/summary`,
// `nnet/graph`, `nnet/modelAt`, `nnet/trainRuns` and `nnet/ir` as async functions that answer undefined
// when the server is not running, does not know the document or model, or fails — callers say so.

import type { LanguageClient } from 'vscode-languageclient/node.js';
import type { IrAnswer } from './ir-text.js';
import type { ModelsAt } from './model-at.js';
import type { RunInfo } from './runs.js';

/** The `nnet/graph` answer (see packages/lsp/src/features/code-lens.ts). */
export interface GraphData {
  model: string;
  complete: boolean;
  /** The compiler's diagram, as `nnc graph` draws it; its layer boxes carry data-node="<index>". */
  svg: string;
  nodes: { name: string; location?: { uri: string; start: number; end: number } }[];
}

export interface SummaryAnswer {
  markdown: string;
  text: string;
  json: { convention?: string } & Record<string, unknown>;
}

export interface ServerRequests {
  summary(uri: string, model: string, convention: string): Promise<SummaryAnswer | undefined>;
  graph(uri: string, model: string): Promise<GraphData | undefined>;
  modelsAt(uri: string, offset: number, convention: string): Promise<ModelsAt | undefined>;
  /** The document's train runs, the one under `offset` first. */
  trainRuns(uri: string, offset: number): Promise<{ runs: RunInfo[] } | undefined>;
  /** The model's IR for a target (`js`, `onnx`, `pytorch`) and what that target cannot express. */
  ir(uri: string, model: string, target: string): Promise<IrAnswer | undefined>;
}

export function serverRequests(
  client: () => LanguageClient | undefined,
  log: (message: string) => void,
): ServerRequests {
  const request = async <R>(method: string, params: object): Promise<R | undefined> => {
    const running = client();
    if (!running?.isRunning()) return undefined;
    try {
      return ((await running.sendRequest(method, params)) as R | null) ?? undefined;
    } catch (error) {
      log(`${method} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  return {
    summary: (uri, model, convention) =>
      request<SummaryAnswer>('nnet/summary', { uri, model, convention }),
    graph: (uri, model) => request<GraphData>('nnet/graph', { uri, model }),
    modelsAt: (uri, offset, convention) =>
      request<ModelsAt>('nnet/modelAt', { uri, offset, convention }),
    trainRuns: (uri, offset) => request<{ runs: RunInfo[] }>('nnet/trainRuns', { uri, offset }),
    ir: (uri, model, target) => request<IrAnswer>('nnet/ir', { uri, model, target }),
  };
}
