// The editor: CodeMirror 6 talking to nnet's language server in a Web Worker through the official
// LSP client (diagnostics, hover, completion, signature help, formatting, rename), plus inlay hints
// (shapes, parameter counts), which that client does not draw, requested after every check.

import { autocompletion, closeBrackets } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentOnInput } from '@codemirror/language';
import { lintGutter } from '@codemirror/lint';
import {
  formatDocument,
  languageServerExtensions,
  LSPClient,
  LSPPlugin,
  type Transport,
} from '@codemirror/lsp-client';
import { EditorState, StateEffect, StateField, type Extension } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  drawSelection,
  highlightActiveLine,
  keymap,
  lineNumbers,
  WidgetType,
  type DecorationSet,
} from '@codemirror/view';
import { nnetLanguage } from './nnet-language.js';
import { DOCUMENT_URI } from './protocol.js';
import { sanitizeHtml } from './sanitize.js';

/**
 * JSON-RPC over the worker's port; every edit and request bumps the shared counter first ([0]:
 * the server's `pendingInput`), and every document edit a second one ([1]: its `receivedEdits`).
 */
function workerTransport(worker: Worker, pendingInput: Int32Array | undefined): Transport {
  const handlers = new Set<(value: string) => void>();
  worker.addEventListener('message', (event) => {
    const text = JSON.stringify(event.data);
    for (const handler of handlers) handler(text);
  });
  return {
    send(message) {
      const parsed = JSON.parse(message) as { id?: unknown; method?: string };
      if (
        pendingInput &&
        (parsed.method === 'textDocument/didChange' || (parsed.id !== undefined && parsed.method))
      )
        Atomics.add(pendingInput, 0, 1);
      if (pendingInput && /^textDocument\/did(Open|Change|Close)$/.test(parsed.method ?? ''))
        Atomics.add(pendingInput, 1, 1);
      worker.postMessage(parsed);
    },
    subscribe: (handler) => handlers.add(handler),
    unsubscribe: (handler) => handlers.delete(handler),
  };
}

class HintWidget extends WidgetType {
  constructor(readonly label: string) {
    super();
  }
  override eq(other: HintWidget): boolean {
    return other.label === this.label;
  }
  toDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = 'cm-inlay-hint';
    span.textContent = this.label;
    return span;
  }
}

const setHints = StateEffect.define<DecorationSet>();
const hintField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(hints, transaction) {
    for (const effect of transaction.effects) if (effect.is(setHints)) return effect.value;
    return hints.map(transaction.changes);
  },
  provide: (field) => EditorView.decorations.from(field),
});

interface InlayHint {
  position: { line: number; character: number };
  label: string | { value: string }[];
  paddingLeft?: boolean;
}

async function refreshHints(view: EditorView, client: LSPClient): Promise<void> {
  const plugin = LSPPlugin.get(view);
  if (!plugin) return;
  client.sync();
  const doc = view.state.doc;
  const hints = await client.request<unknown, InlayHint[] | null>('textDocument/inlayHint', {
    textDocument: { uri: DOCUMENT_URI },
    range: { start: { line: 0, character: 0 }, end: plugin.toPosition(doc.length) },
  });
  if (view.state.doc !== doc) return; // edited meanwhile: the next check asks again
  const ranges = (hints ?? [])
    .map((hint) => {
      const label =
        typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
      const at = plugin.fromPosition(hint.position, doc);
      return Decoration.widget({ widget: new HintWidget(label), side: 1 }).range(at);
    })
    .sort((a, b) => a.from - b.from);
  view.dispatch({ effects: setHints.of(Decoration.set(ranges, true)) });
}

export interface PlaygroundEditor {
  view: EditorView;
  client: LSPClient;
  setText(text: string): void;
  format(): void;
}

export function createEditor(
  parent: HTMLElement,
  text: string,
  onChecked: (view: EditorView) => void,
  onChange: () => void,
  /** Files next to the model, by name (the examples): `import "blocks.nnet"` reads them. */
  library: Record<string, string> = {},
): PlaygroundEditor {
  const worker = new Worker(new URL('./lsp-worker.js', import.meta.url), { type: 'module' });
  const pendingInput =
    typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated
      ? new Int32Array(new SharedArrayBuffer(8))
      : undefined;
  worker.postMessage({ pendingInput: pendingInput?.buffer, library });
  let view: EditorView | undefined;
  const client = new LSPClient({
    rootUri: 'file:///playground/',
    // Hover and completion docs quote doc comments, which a shared link can fill with anything.
    sanitizeHTML: sanitizeHtml,
    timeout: 10_000,
    extensions: languageServerExtensions(),
    notificationHandlers: {
      // After each check: the hints and the views follow (the built-in handler draws squiggles).
      'textDocument/publishDiagnostics': () => {
        if (view) {
          const current = view;
          setTimeout(() => {
            void refreshHints(current, client).catch(() => undefined);
            onChecked(current);
          }, 0);
        }
        return false;
      },
    },
  }).connect(workerTransport(worker, pendingInput));
  const extensions: Extension[] = [
    lineNumbers(),
    history(),
    drawSelection(),
    highlightActiveLine(),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    autocompletion(),
    lintGutter(),
    nnetLanguage,
    hintField,
    keymap.of([indentWithTab, ...defaultKeymap, ...historyKeymap]),
    client.plugin(DOCUMENT_URI, 'nnet'),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) onChange();
    }),
  ];
  view = new EditorView({ parent, state: EditorState.create({ doc: text, extensions }) });
  return {
    view,
    client,
    setText(next) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
    },
    format() {
      formatDocument(view);
    },
  };
}
