// The language server for a browser (the playground's Web Worker): startServer over any LSP
// connection, with the file system in memory. Nothing here reads the disk; the host bundles it
// with `node:path`/`node:url` mapped to their POSIX-path equivalents.

export { startServer, type ServerOptions } from './server.js';
export { MemoryFileSystem, type ServerFileSystem, type FolderEntry } from './file-system.js';
