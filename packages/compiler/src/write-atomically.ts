// Writes a whole file or nothing: the text goes to a temporary file beside it, renamed over the
// target, so a reader (or a killed run) never sees half a file. Used by every command that writes.

import * as fs from 'node:fs';

/** Writes a file through a temporary sibling and a rename, so a crash never leaves half a file. */
export function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  } catch (error) {
    // The user named `file`, not the temporary beside it: report the error on theirs.
    const failure = error as NodeJS.ErrnoException;
    if (failure.path === temporary) failure.path = file;
    throw failure;
  } finally {
    // After a failed rename (the target is a folder) no temporary file stays behind.
    fs.rmSync(temporary, { force: true });
  }
}
