// How "Train This Run" starts nnc, from the setting, the workspace's files and the extension's own
// bundle: the setting wins; else the nearest node_modules/.bin/nnc between the file and the
// workspace folder; else the bundled nnc under VS Code's Node with ELECTRON_RUN_AS_NODE=1.

import { describe, expect, it } from 'vitest';
import { trainCommand } from '../src/runs.js';
import { resolveNnc, type NncLookup } from '../src/train-command.js';

function lookup(files: string[], overrides: Partial<NncLookup> = {}): NncLookup {
  return {
    configured: '',
    fileFolder: '/home/ada/course/models',
    workspaceFolder: '/home/ada/course',
    bundledNnc: '/ext/nnet/dist/nnc/nnc.mjs',
    nodeExecutable: '/usr/share/code/code',
    platform: 'linux',
    isFile: (file) => files.includes(file),
    ...overrides,
  };
}

describe('resolveNnc', () => {
  it('runs the bundled nnc with VS Code’s own Node when the workspace has none', () => {
    const launch = resolveNnc(lookup([]));
    expect(launch).toEqual({
      command: '/usr/share/code/code /ext/nnet/dist/nnc/nnc.mjs',
      env: { ELECTRON_RUN_AS_NODE: '1' },
      source: 'bundled',
    });
    expect(trainCommand(launch.command, 'models/xor.nnet', 'Xor')).toBe(
      '/usr/share/code/code /ext/nnet/dist/nnc/nnc.mjs train models/xor.nnet --run Xor',
    );
    expect(launch.command).not.toMatch(/npx/);
  });

  it("prefers the workspace's node_modules/.bin/nnc, the nearest to the file first", () => {
    const root = '/home/ada/course/node_modules/.bin/nnc';
    const near = '/home/ada/course/models/node_modules/.bin/nnc';
    expect(resolveNnc(lookup([root]))).toEqual({ command: root, env: {}, source: 'workspace' });
    expect(resolveNnc(lookup([root, near])).command).toBe(near);
  });

  it('does not look above the workspace folder', () => {
    const above = '/home/ada/node_modules/.bin/nnc';
    expect(resolveNnc(lookup([above])).source).toBe('bundled');
    const outside = lookup(['/tmp/x/node_modules/.bin/nnc'], {
      fileFolder: '/tmp/x',
      workspaceFolder: '/home/ada/course',
    });
    expect(resolveNnc(outside).command).toBe('/tmp/x/node_modules/.bin/nnc');
    expect(resolveNnc(lookup([above], { workspaceFolder: undefined })).source).toBe('bundled');
  });

  it('takes the setting as it is when set, ignoring blanks', () => {
    const files = ['/home/ada/course/node_modules/.bin/nnc'];
    expect(
      resolveNnc(lookup(files, { configured: ' node ~/nnet/packages/compiler/bin/nnc.js ' })),
    ).toEqual({ command: 'node ~/nnet/packages/compiler/bin/nnc.js', env: {}, source: 'setting' });
    expect(resolveNnc(lookup(files, { configured: '   ' })).source).toBe('workspace');
  });

  it('quotes paths with spaces, and calls them with & for PowerShell on Windows', () => {
    const spaced = lookup([], {
      nodeExecutable: '/opt/VS Code/code',
      bundledNnc: "/home/ada/.vscode/extensions/nnet's/dist/nnc/nnc.mjs",
    });
    expect(resolveNnc(spaced).command).toBe(
      `'/opt/VS Code/code' '/home/ada/.vscode/extensions/nnet'\\''s/dist/nnc/nnc.mjs'`,
    );
    const windows = lookup([], {
      platform: 'win32',
      nodeExecutable: 'C:/Program Files/Microsoft VS Code/Code.exe',
    });
    expect(resolveNnc(windows).command).toBe(
      `& 'C:/Program Files/Microsoft VS Code/Code.exe' /ext/nnet/dist/nnc/nnc.mjs`,
    );
    const windowsBin = lookup(['/home/ada/course/node_modules/.bin/nnc.cmd'], {
      platform: 'win32',
    });
    expect(resolveNnc(windowsBin).command).toBe('/home/ada/course/node_modules/.bin/nnc.cmd');
  });
});
