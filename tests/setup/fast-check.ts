// Property tests run the same cases on every machine: a red CI run is a real finding that
// reproduces, not a dice roll. `FC_SEED=random corepack pnpm test` explores new cases (the seed of
// any failure is printed with its counterexample); `FC_SEED=N` replays one.
import fc from 'fast-check';

const requested = process.env.FC_SEED;
if (requested !== 'random') {
  const seed = requested === undefined ? 20_261_206 : Number(requested);
  if (!Number.isSafeInteger(seed))
    throw new Error(`FC_SEED must be an integer or "random", found ${JSON.stringify(requested)}`);
  fc.configureGlobal({ seed });
}
