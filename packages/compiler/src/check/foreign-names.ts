// Keras and PyTorch habits: looks an unknown name up in the catalogue's synonyms and, when it is a
// foreign spelling of a real name, reports NN2030 with a did-you-mean and a quick fix that writes
// the nnet name. Returns whether it reported, so the caller skips its generic "unknown" message.

import type { Catalogue, Synonym, Synonyms } from '../catalogue/index.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { Messages } from '../diagnostics/messages.js';
import type { Span } from '../syntax/source.js';

type NameTable = Exclude<keyof Synonyms, 'arguments'>;

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

function report(bag: DiagnosticBag, synonym: Synonym, what: string, options: ForeignNameOptions) {
  const newText = options.quoted ? JSON.stringify(synonym.canonical) : synonym.canonical;
  bag.report(
    Messages.ForeignName,
    options.span,
    { written: synonym.written, canonical: synonym.canonical, what, origin: synonym.origin },
    { fixes: [{ title: `Replace with \`${newText}\``, edits: [{ span: options.span, newText }] }] },
  );
}
