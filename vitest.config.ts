// Tests run on the TypeScript sources: the `@nnet/source` export condition makes `@nnet/runtime`,
// `@nnet/compiler` and `@nnet/lsp` resolve to src/*.ts, so no build is needed between an edit and a
// test (tests that run a bin or pack a package use the build: `corepack pnpm build`).
import { defineConfig } from 'vitest/config';

// The rest is Vite's default for the server side (`vite` is not a direct dependency to import it).
const conditions = ['@nnet/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'tests/**/*.test.ts'],
    // Property tests use a fixed seed unless FC_SEED=random (tests/setup/fast-check.ts).
    setupFiles: ['tests/setup/fast-check.ts'],
    testTimeout: 60_000,
    // Set-up that starts Python (`import torch` takes seconds) or a language server gets the same room.
    hookTimeout: 60_000,
  },
});
