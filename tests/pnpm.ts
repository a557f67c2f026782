// The pnpm that runs this test run (npm_execpath under `pnpm test`), else `corepack pnpm`: tests
// that pack a package or run a package script call it, so they also work where .ci/run installed
// pnpm with npm because corepack was missing.

/** The command and leading arguments that run pnpm. */
export function pnpmCommand(): [string, ...string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm(\.c?js)?$/.test(execPath)) return [process.execPath, execPath];
  return ['corepack', 'pnpm'];
}
