// One entry of the message catalogue: its code, severity, title, and how its message and help are
// worded from its arguments (messages.ts, limit-messages.ts).

import type { MessageSpec, Severity } from './diagnostic.js';

export function define<A = Record<string, never>>(
  code: string,
  severity: Severity,
  title: string,
  message: (args: A) => string,
  help?: (args: A) => string | undefined,
): MessageSpec<A> {
  return { code, severity, title, message, ...(help ? { help } : {}) };
}
