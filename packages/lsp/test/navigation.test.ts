// Go to definition, find references, rename (values, consts, blocks, models, across imports, into
// files that are not open) and document highlight.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DocumentHighlight,
  Location,
  Position,
  Range,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { fileUri, marked, TestClient } from './client.js';

let client: TestClient;
let dir: string;
let libUri: string;
let mainUri: string;
let lib: ReturnType<typeof marked>;
let main: ReturnType<typeof marked>;

const libText = `const <|>width = 16

/// Dense then ReLU.
block <|>Wide(units = <|>width) {
  dense(<|>units, relu)
}
`;

const mainText = `import <|>"lib.nnet"

model <|>Net {
  input <|>x: [8]
  <|>h = <|>Wide()
  <|>h -> <|>Wide(units = 4)
  <|>dense(width)
}

train <|>Net {
  data = random(8, 16)
  loss = mse
}
`;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-lsp-nav-'));
  lib = marked(libText);
  main = marked(mainText);
  fs.writeFileSync(path.join(dir, 'lib.nnet'), lib.text);
  fs.writeFileSync(path.join(dir, 'main.nnet'), main.text);
  libUri = fileUri(path.join(dir, 'lib.nnet'));
  mainUri = fileUri(path.join(dir, 'main.nnet'));
  client = await TestClient.start(dir);
});
afterAll(async () => {
  await client.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const range = (start: Position, length: number): Range => ({
  start,
  end: { line: start.line, character: start.character + length },
});
const sortLocations = (locations: Location[]) =>
  [...locations].sort(
    (a, b) =>
      a.uri.localeCompare(b.uri) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character,
  );

describe('navigation', () => {
  beforeAll(async () => {
    await client.openMarked(mainUri, main.text);
  });

  it('goes to the definition of a block, a const and a value, across the import', async () => {
    const definitionAt = (position: Position) =>
      client.request<Location | null>('textDocument/definition', {
        textDocument: { uri: mainUri },
        position,
      });
    expect(await definitionAt(main.positions[4])).toEqual({
      uri: libUri,
      range: range(lib.positions[1], 'Wide'.length),
    });
    expect(
      await definitionAt({ ...main.positions[7], character: main.positions[7].character + 7 }),
    ).toEqual({ uri: libUri, range: range(lib.positions[0], 'width'.length) });
    expect(await definitionAt(main.positions[5])).toEqual({
      uri: mainUri,
      range: range(main.positions[3], 1),
    });
    expect(await definitionAt(main.positions[8])).toEqual({
      uri: mainUri,
      range: range(main.positions[1], 'Net'.length),
    });
    expect(await definitionAt(main.positions[0])).toMatchObject({ uri: libUri });
  });

  it('goes nowhere from a built-in layer', async () => {
    expect(
      await client.request('textDocument/definition', {
        textDocument: { uri: mainUri },
        position: main.positions[7],
      }),
    ).toBeNull();
  });

  it('finds the references of a block from its library, in importers that are not open', async () => {
    await client.openMarked(libUri, lib.text);
    await client.close(mainUri);
    const references = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: libUri },
      position: lib.positions[1],
      context: { includeDeclaration: true },
    });
    expect(sortLocations(references)).toEqual(
      sortLocations([
        { uri: libUri, range: range(lib.positions[1], 4) },
        { uri: mainUri, range: range(main.positions[4], 4) },
        { uri: mainUri, range: range(main.positions[6], 4) },
      ]),
    );
    const withoutDeclaration = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: libUri },
      position: lib.positions[1],
      context: { includeDeclaration: false },
    });
    expect(withoutDeclaration).toHaveLength(2);
  });

  it('finds the references of a block parameter inside the block', async () => {
    const references = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: libUri },
      position: lib.positions[3],
      context: { includeDeclaration: true },
    });
    expect(references).toHaveLength(2);
  });

  it('renames a const across files, and a block in every importer', async () => {
    const constEdit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: libUri },
      position: lib.positions[0],
      newName: 'size',
    });
    expect(constEdit.changes?.[libUri]).toHaveLength(2);
    expect(constEdit.changes?.[mainUri]).toEqual([
      {
        range: range({ ...main.positions[7], character: main.positions[7].character + 6 }, 5),
        newText: 'size',
      },
    ]);
    const blockEdit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: libUri },
      position: lib.positions[1],
      newName: 'Wider',
    });
    expect(blockEdit.changes?.[libUri]).toHaveLength(1);
    expect(blockEdit.changes?.[mainUri]).toHaveLength(2);
  });

  it('renames a value and a model within a file', async () => {
    await client.openMarked(mainUri, main.text);
    const valueEdit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: mainUri },
      position: main.positions[5],
      newName: 'hidden',
    });
    expect(valueEdit.changes?.[mainUri]?.map((e) => e.range.start)).toEqual([
      main.positions[3],
      main.positions[5],
    ]);
    const modelEdit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: mainUri },
      position: main.positions[1],
      newName: 'Net2',
    });
    expect(modelEdit.changes?.[mainUri]?.map((e) => e.range.start)).toEqual([
      main.positions[1],
      main.positions[8],
    ]);
  });

  it('prepares a rename only on user names, and refuses names that are not identifiers', async () => {
    const prepare = (position: Position) =>
      client.request<{ range: Range; placeholder: string } | null>('textDocument/prepareRename', {
        textDocument: { uri: mainUri },
        position,
      });
    expect(await prepare(main.positions[4])).toEqual({
      range: range(main.positions[4], 4),
      placeholder: 'Wide',
    });
    expect(await prepare(main.positions[7])).toBeNull();
    expect(
      await client.request('textDocument/rename', {
        textDocument: { uri: mainUri },
        position: main.positions[4],
        newName: '2bad',
      }),
    ).toBeNull();
  });

  it('highlights a value’s definition and uses in the document', async () => {
    const highlights = await client.request<DocumentHighlight[]>('textDocument/documentHighlight', {
      textDocument: { uri: mainUri },
      position: main.positions[3],
    });
    expect(highlights).toEqual([
      { range: range(main.positions[3], 1), kind: 3 },
      { range: range(main.positions[5], 1), kind: 2 },
    ]);
  });
});
