// Signature help inside an argument list: the callee's parameters (a layer's, activation's, loss's,
// optimizer's, data source's from the catalogue; a block's from its declaration) with the one the
// cursor's argument fills, bound as the checker binds arguments.

import {
  MarkupKind,
  type ParameterInformation,
  type SignatureHelp,
  type SignatureHelpParams,
} from 'vscode-languageserver';
import { isActivationName, paramForArgument, resolveCall } from '../calls.js';
import { cursorContext, placeOfCall } from '../completion-context.js';
import { editorMarkdown } from '../describe.js';
import type { ServerContext } from '../context.js';
import { offsetAt } from '../positions.js';

export function signatureHelp(
  ctx: ServerContext,
  params: SignatureHelpParams,
): SignatureHelp | null {
  const doc = ctx.document(params.textDocument.uri);
  if (!doc) return null;
  const cc = cursorContext(doc.source.text, offsetAt(doc.source, params.position));
  if (cc.inComment) return null;
  // The innermost call around the cursor; lists inside it (`reshape([`) belong to its argument.
  let index = cc.frames.length - 1;
  while (index >= 0 && cc.frames[index].open === '[') index--;
  const frame = cc.frames[index];
  if (!frame || frame.owner !== 'call' || !frame.callee) return null;
  const call = resolveCall(ctx, doc.analysis, frame.callee, placeOfCall(cc, frame));
  if (!call) return null;

  const labels = [
    ...(call.leadingValues ? ['value', 'value', '…'] : []),
    ...call.params.map((p) => p.label),
  ];
  let label = `${call.name}(`;
  const parameters: ParameterInformation[] = [];
  labels.forEach((text, i) => {
    if (i > 0) label += ', ';
    const start = label.length;
    label += text;
    const param = call.leadingValues ? call.params[i - 3] : call.params[i];
    parameters.push({
      label: [start, label.length],
      ...(param
        ? { documentation: { kind: MarkupKind.Markdown, value: editorMarkdown(param.doc) } }
        : { documentation: 'A named value to merge.' }),
    });
  });
  label += ')';

  const written = frame.args.map((a, i) => {
    const isLast = i === frame.args.length - 1;
    if (a.name) return { name: a.name };
    if (!a.firstWord) return {};
    const activation = isActivationName(ctx, a.firstWord);
    return isLast && !activation ? {} : { isActivation: activation, isValue: !activation };
  });
  const current = Math.max(0, frame.args.length - 1);
  const param = paramForArgument(call, written, current);
  const valuesBefore = written.slice(0, current + 1).filter((w) => w.isValue).length;
  const activeParameter = param
    ? call.params.indexOf(param) + (call.leadingValues ? 3 : 0)
    : call.leadingValues
      ? Math.min(valuesBefore, 2)
      : call.params.length;
  const documentation = call.entry?.summary ?? call.block?.decl.doc;
  return {
    signatures: [
      {
        label,
        parameters,
        ...(documentation
          ? { documentation: { kind: MarkupKind.Markdown, value: documentation } }
          : {}),
      },
    ],
    activeSignature: 0,
    activeParameter,
  };
}
