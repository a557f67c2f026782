// Golden files: compares produced text with a committed file next to the case. UPDATE_GOLDEN=1
// rewrites them; a missing one is written on first run (and fails under CI, where it must exist).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';

export const repoRoot = path.resolve(import.meta.dirname, '..');

export function expectGolden(file: string, actual: string): void {
  const update = process.env.UPDATE_GOLDEN === '1';
  if (update || !fs.existsSync(file)) {
    if (!update && process.env.CI) {
      throw new Error(
        `golden file ${path.relative(repoRoot, file)} is missing; run UPDATE_GOLDEN=1 pnpm test and commit it`,
      );
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  expect(
    actual,
    `golden ${path.relative(repoRoot, file)} differs (UPDATE_GOLDEN=1 rewrites it)`,
  ).toBe(fs.readFileSync(file, 'utf8'));
}

/** Every .nnet file below a folder, skipping `support/` folders (files that cases import). */
export function nnetFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'support') out.push(...nnetFiles(full));
    } else if (entry.name.endsWith('.nnet')) out.push(full);
  }
  return out.sort();
}
