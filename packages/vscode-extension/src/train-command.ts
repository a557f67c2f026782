// Takes the `nnet.train.command` setting, the .nnet file's folders and what exists on disk;
// produces how "Train This Run" starts nnc: the user's command when set, else the workspace's own
// `node_modules/.bin/nnc`, else the nnc bundled in the extension run by VS Code's own Node
// (`process.execPath` with ELECTRON_RUN_AS_NODE=1). Never `npx` of a registry name. Pure.

import * as path from 'node:path';
import { shellQuote } from './runs.js';

export interface NncLookup {
  /** `nnet.train.command` as the user set it ('' or undefined: find nnc automatically). */
  configured: string | undefined;
  /** The folder of the .nnet file. */
  fileFolder: string;
  /** The workspace folder holding the file, if any: the search for node_modules stops there. */
  workspaceFolder: string | undefined;
  /** The extension's own bundled nnc (dist/nnc/nnc.mjs). */
  bundledNnc: string;
  /** The Node that runs the extension host (process.execPath: VS Code's Electron, or Node). */
  nodeExecutable: string;
  platform: NodeJS.Platform;
  isFile: (file: string) => boolean;
}

export interface NncLaunch {
  /** The shell words before `train FILE --run NAME`, quoted. */
  command: string;
  /** Environment the terminal needs (ELECTRON_RUN_AS_NODE for VS Code's own Node). */
  env: Record<string, string>;
  source: 'setting' | 'workspace' | 'bundled';
}

/** Folders from the file's up to the workspace folder (only the file's when it is outside it). */
function foldersUpward(fileFolder: string, workspaceFolder: string | undefined): string[] {
  const folders = [fileFolder];
  if (!workspaceFolder) return folders;
  const relative = path.relative(workspaceFolder, fileFolder);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return folders;
  for (let folder = fileFolder; folder !== workspaceFolder;) {
    const parent = path.dirname(folder);
    if (parent === folder) break;
    folders.push(parent);
    folder = parent;
  }
  return folders;
}

/** A program path as the first word of a shell line (PowerShell needs `&` before a quoted one). */
function program(file: string, platform: NodeJS.Platform): string {
  const quoted = shellQuote(file);
  return platform === 'win32' && quoted.startsWith("'") ? `& ${quoted}` : quoted;
}

export function resolveNnc(lookup: NncLookup): NncLaunch {
  const configured = lookup.configured?.trim();
  if (configured) return { command: configured, env: {}, source: 'setting' };
  const binName = lookup.platform === 'win32' ? 'nnc.cmd' : 'nnc';
  for (const folder of foldersUpward(lookup.fileFolder, lookup.workspaceFolder)) {
    const bin = path.join(folder, 'node_modules', '.bin', binName);
    if (lookup.isFile(bin)) {
      return { command: program(bin, lookup.platform), env: {}, source: 'workspace' };
    }
  }
  return {
    command: `${program(lookup.nodeExecutable, lookup.platform)} ${shellQuote(lookup.bundledNnc)}`,
    env: { ELECTRON_RUN_AS_NODE: '1' },
    source: 'bundled',
  };
}
