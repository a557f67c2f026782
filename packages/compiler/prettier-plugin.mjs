// Prettier's entry for the nnet plugin (`prettier --plugin @nnet/compiler/prettier-plugin`):
// the compiler ships TypeScript sources, so this loads src/prettier-plugin.ts through tsx's
// scoped loader (like bin/nnc.js does) and re-exports it.
import { tsImport } from 'tsx/esm/api';

const plugin = await tsImport('./src/prettier-plugin.ts', import.meta.url);

export const { languages, parsers, printers } = plugin;
export default { languages, parsers, printers };
