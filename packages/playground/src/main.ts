// The playground page: the editor (language server in a worker), the model's diagram and summary
// after every check, the training panel (trainer in another worker, controls that edit the `train`
// block), the examples menu and the shareable link. Nothing trains on this thread.

import { createEditor } from './editor.js';
import { decodeState, encodeState } from './share.js';
import { TrainingPanel } from './training-panel.js';
import type { ViewsResult } from './protocol.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

async function start(): Promise<void> {
  const examples = (await (await fetch('./examples.json')).json()) as Record<string, string>;
  const shared = await decodeState(location.hash);
  const initial = shared?.text ?? examples['spiral.nnet'] ?? '';

  const menu = $<HTMLSelectElement>('examples');
  for (const name of Object.keys(examples))
    menu.append(new Option(name.replace(/\.nnet$/, ''), name));
  menu.value = shared ? '' : 'spiral.nnet';

  let panel: TrainingPanel | undefined;
  let viewsRequest = 0;
  const editor = createEditor(
    $('editor'),
    initial,
    (view) => {
      const text = view.state.doc.toString();
      const request = ++viewsRequest;
      void editor.client
        .request<{ text: string }, ViewsResult>('playground/views', { text })
        .then((views) => {
          if (request === viewsRequest) showViews(views);
        })
        .catch(() => undefined);
      panel?.textChecked(text);
      document.body.dataset.checked = String(Number(document.body.dataset.checked ?? 0) + 1);
    },
    () => {
      $('share-status').textContent = '';
    },
    examples,
  );
  panel = new TrainingPanel(editor);
  // Read-only handle for the browser tests and the console: the text as the editor holds it, and
  // how many points the loss curves have.
  (globalThis as { nnetPlayground?: unknown }).nnetPlayground = {
    text: () => editor.view.state.doc.toString(),
    lossPoints: () => panel?.lossPointCounts(),
  };
  panel.textChecked(initial);

  menu.addEventListener('change', () => {
    if (examples[menu.value]) editor.setText(examples[menu.value]);
  });
  $('format').addEventListener('click', () => editor.format());
  $('share').addEventListener('click', () => {
    void encodeState({ text: editor.view.state.doc.toString() }).then(async (hash) => {
      history.replaceState(null, '', `#${hash}`);
      const status = $('share-status');
      try {
        await navigator.clipboard.writeText(location.href);
        status.textContent = 'link copied';
      } catch {
        status.textContent = 'link in the address bar';
      }
    });
  });
}

let selectedModel: string | undefined;

function showViews(views: ViewsResult): void {
  const tabs = $('model-tabs');
  const names = views.models.map((m) => m.name);
  if (!selectedModel || !names.includes(selectedModel)) selectedModel = names[0];
  tabs.replaceChildren(
    ...names.map((name) => {
      const button = document.createElement('button');
      button.textContent = name;
      button.className = name === selectedModel ? 'tab selected' : 'tab';
      button.addEventListener('click', () => {
        selectedModel = name;
        showViews(views);
      });
      return button;
    }),
  );
  const model = views.models.find((m) => m.name === selectedModel);
  // The SVG is the compiler's own rendering; it escapes every name it draws.
  $('diagram').innerHTML =
    model?.svg ?? '<p class="empty">No model yet: write <code>model Name { … }</code>.</p>';
  $('summary').textContent = model?.summary ?? '';
}

void start();
