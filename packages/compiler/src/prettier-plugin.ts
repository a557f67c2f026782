// A Prettier plugin for .nnet files: takes Prettier's text, gives back the canonical formatter's
// output (format/) as one document, so Prettier and `nnc fmt` always agree. A file with syntax
// errors makes Prettier report the first error at its position and leaves the file alone.
// Prettier loads the built file (dist/prettier-plugin.js, the package export `./prettier-plugin`).

import { formatText } from './format/index.js';
import { SourceText } from './syntax/source.js';

/** What the parser hands to the printer: the whole formatted file (comments are already in it). */
interface NnetRoot {
  type: 'nnet-file';
  formatted: string;
  start: number;
  end: number;
}

export const languages = [
  {
    name: 'nnet',
    parsers: ['nnet'],
    extensions: ['.nnet'],
    vscodeLanguageIds: ['nnet'],
  },
];

export const parsers = {
  nnet: {
    astFormat: 'nnet-ast',
    parse(text: string, options?: { filepath?: string }): NnetRoot {
      const path = options?.filepath ?? 'input.nnet';
      const result = formatText(path, text);
      if (result.value === undefined) {
        const first =
          result.diagnostics.find((d) => d.severity === 'error') ?? result.diagnostics[0];
        const source = new SourceText(path, text);
        const error = new SyntaxError(
          first ? `${first.code} ${first.message}` : 'the file could not be formatted',
        );
        const start = source.position(first?.span.start ?? 0);
        const end = source.position(first?.span.end ?? 0);
        // Prettier prints a code frame from `loc`.
        Object.assign(error, { loc: { start, end } });
        throw error;
      }
      return { type: 'nnet-file', formatted: result.value, start: 0, end: text.length };
    },
    locStart: (node: NnetRoot) => node.start,
    locEnd: (node: NnetRoot) => node.end,
  },
};

export const printers = {
  'nnet-ast': {
    print(path: { node: NnetRoot }): string {
      return path.node.formatted;
    },
  },
};

export default { languages, parsers, printers };
