// Keras and PyTorch habits: looks an unknown name up in the catalogue's synonyms and, when it is a
// foreign spelling of a real name, reports NN2030 with a did-you-mean and a quick fix that writes
// the nnet name. Returns whether it reported, so the caller skips its generic "unknown" message.

import type { Catalogue, Synonym, Synonyms } from '../catalogue/index.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { Messages } from '../diagnostics/messages.js';
import type { Argument, Step } from '../syntax/ast.js';
import type { Span } from '../syntax/source.js';

type NameTable = Exclude<keyof Synonyms, 'arguments' | 'inputSizes' | 'inputSizeArguments'>;

const whatOf: Record<NameTable, string> = {
  layers: 'a layer',
  activations: 'an activation',
  losses: 'a loss',
  optimizers: 'an optimizer',
  metrics: 'a metric',
  dataSources: 'a data source',
  trainSettings: 'a train setting',
  values: 'a value',
};

export interface ForeignNameOptions {
  /** The name as written (without quotes). */
  written: string;
  /** The span the fix replaces: the name, or the whole string literal when `quoted`. */
  span: Span;
  /** The name was written as a string literal: the fix keeps the quotes. */
  quoted?: boolean;
}

/** Reports a foreign spelling from the first of `tables` that knows it; false when none does. */
export function reportForeignName(
  catalogue: Catalogue,
  bag: DiagnosticBag,
  tables: readonly NameTable[],
  options: ForeignNameOptions,
): boolean {
  for (const table of tables) {
    const synonym = catalogue.synonyms[table].get(options.written);
    if (synonym) {
      report(bag, synonym, whatOf[table], options);
      return true;
    }
  }
  return false;
}

/**
 * Reports an argument written under its Keras/PyTorch name when the callee has the nnet one, and
 * returns that nnet name (so the caller does not also report it missing).
 */
export function reportForeignArgument(
  catalogue: Catalogue,
  bag: DiagnosticBag,
  callee: string,
  argumentNames: readonly string[],
  options: ForeignNameOptions,
): string | undefined {
  const synonym = catalogue.synonyms.arguments
    .get(options.written)
    ?.find((s) => argumentNames.includes(s.canonical));
  if (!synonym) return undefined;
  report(bag, synonym, `an argument of \`${callee}\``, options);
  return synonym.canonical;
}

/**
 * A layer step written with its Keras/PyTorch name (`Linear(784, 10)`): NN2030, and when the call
 * passes PyTorch's input size (positionally or as `in_features = …`), the help says nnet infers it
 * and the fix drops it with the rename (`dense(10)`). False when the name is not a foreign layer.
 */
export function reportForeignLayer(catalogue: Catalogue, bag: DiagnosticBag, step: Step): boolean {
  const written = step.callee.name;
  const synonym = catalogue.synonyms.layers.get(written);
  if (!synonym) return false;
  const args = step.args ?? [];
  const positional = args.filter((arg) => arg.name === undefined);
  const sizes = catalogue.synonyms.inputSizes.get(written);
  const dropped = [
    ...(sizes && positional.length >= sizes.whenAtLeast ? positional.slice(0, sizes.leading) : []),
    ...args.filter((arg) => arg.name && catalogue.synonyms.inputSizeArguments.has(arg.name.name)),
  ];
  if (dropped.length === 0) {
    report(bag, synonym, whatOf.layers, { written, span: step.callee.span });
    return true;
  }
  // Keras/PyTorch argument names the nnet layer has (`out_features` → `units`) are renamed too.
  const own = new Set(catalogue.layers.get(synonym.canonical)?.args.map((spec) => spec.name));
  const renamed = args.flatMap((arg) => {
    if (!arg.name || dropped.includes(arg)) return [];
    const to = catalogue.synonyms.arguments.get(arg.name.name)?.find((s) => own.has(s.canonical));
    return to ? [{ span: arg.name.span, newText: to.canonical }] : [];
  });
  const edits = [
    { span: step.callee.span, newText: synonym.canonical },
    ...dropped.map((arg) => ({ span: deletionSpan(args, arg), newText: '' })),
    ...renamed,
  ];
  bag.report(
    Messages.ForeignName,
    step.callee.span,
    { written, canonical: synonym.canonical, what: whatOf.layers, origin: synonym.origin },
    {
      help: `PyTorch's \`nn.${written}\` takes the input size first; nnet infers it from the value before, so \`${synonym.canonical}\` takes only what comes after`,
      fixes: [{ title: `Replace with \`${synonym.canonical}\` without the input size`, edits }],
    },
  );
  return true;
}

/** The text to delete for one argument: it and the separator after it (or before it, if last). */
function deletionSpan(args: readonly Argument[], arg: Argument): Span {
  const index = args.indexOf(arg);
  if (index + 1 < args.length) return { start: arg.span.start, end: args[index + 1].span.start };
  if (index > 0) return { start: args[index - 1].span.end, end: arg.span.end };
  return arg.span;
}

function report(bag: DiagnosticBag, synonym: Synonym, what: string, options: ForeignNameOptions) {
  const newText = options.quoted ? JSON.stringify(synonym.canonical) : synonym.canonical;
  bag.report(
    Messages.ForeignName,
    options.span,
    { written: synonym.written, canonical: synonym.canonical, what, origin: synonym.origin },
    { fixes: [{ title: `Replace with \`${newText}\``, edits: [{ span: options.span, newText }] }] },
  );
}
