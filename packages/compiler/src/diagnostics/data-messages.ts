// Diagnostic messages about data files and evaluation settings (NN41xx), part of the one catalogue:
// messages.ts spreads them into `Messages`, so codes stay unique and documented in one list. The
// data-file ones are reported by the command line and the language server, which read the files
// (check/data-files.ts).

import { define } from './message-define.js';

export const DataMessages = {
  CsvInputs: define<{ file: string; count: number; columns: string; input: string }>(
    'NN4151',
    'info',
    'How CSV columns become inputs',
    (a) => `\`${a.file}\` gives ${a.count} inputs to \`${a.input}\`: ${a.columns}`,
  ),
  CsvInputMismatch: define<{
    file: string;
    count: number;
    columns: string;
    input: string;
    shape: string;
    help: string;
  }>(
    'NN4152',
    'error',
    'CSV columns do not fit the input',
    (a) =>
      `\`${a.file}\` gives ${a.count} inputs (${a.columns}), but input \`${a.input}\` takes ${a.shape}`,
    (a) => a.help,
  ),
  DataFileMissing: define<{
    file: string;
    folder: string;
    suggestion?: string;
    /** The folder's files in words; undefined when the folder itself does not exist. */
    files?: string;
  }>(
    'NN4153',
    'warning',
    'Data file not found',
    (a) => `data file \`${a.file}\` does not exist`,
    (a) =>
      a.suggestion
        ? `did you mean \`${a.suggestion}\`?`
        : a.files === undefined
          ? `there is no folder \`${a.folder}\` either; paths are relative to the .nnet file`
          : `the folder \`${a.folder}\` holds ${a.files}; paths are relative to the .nnet file`,
  ),
  DataFileProblem: define<{ file: string; detail: string }>(
    'NN4154',
    'error',
    'Data file does not fit its arguments',
    (a) => `\`${a.file}\`: ${a.detail}`,
  ),
  MultilabelAccuracy: define<{ units: number }>(
    'NN4155',
    'warning',
    'accuracy on several sigmoid outputs',
    (a) =>
      `\`accuracy\` takes the argmax of the ${a.units} sigmoid outputs, as for one-hot classes; for multi-label outputs (each a yes/no) it is not the share of right labels`,
    () => 'use `binary_accuracy`: every (sample, label) decision at 0.5',
  ),
} as const;
