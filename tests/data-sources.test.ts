// The runtime cannot import the compiler, so its data loaders and initializers restate the
// catalogue's names and defaults: these tests keep the two descriptions equal.

import { describe, expect, it } from 'vitest';
import { builtinCatalogue } from '@nnet/compiler';
import { initializerNames } from '@nnet/runtime';
import { dataSourceArguments, dataSourceNames } from '@nnet/runtime/train';

describe('data sources: catalogue and runtime agree', () => {
  const catalogue = builtinCatalogue();
  it('have the same names', () => {
    expect([...dataSourceNames].sort()).toEqual([...catalogue.dataSources.keys()].sort());
  });
  it.each([...catalogue.dataSources.values()].map((s) => [s.name, s]))(
    '%s has the same arguments and defaults',
    (_name, spec) => {
      const runtime = dataSourceArguments(spec.name);
      const required = spec.args.filter((a) => a.required).map((a) => a.name);
      expect([...runtime.required].sort()).toEqual(required.sort());
      const defaults = Object.fromEntries(
        spec.args.filter((a) => a.default !== undefined).map((a) => [a.name, a.default]),
      );
      expect(runtime.defaults).toEqual(defaults);
    },
  );
});

describe('initializers: catalogue and runtime agree', () => {
  it('every initializer the language names has a runtime kernel', () => {
    // `constant` (PReLU's 0.25 default) is named too, with its value: `init = constant(0.1)`.
    const runtimeOnly = [...initializerNames].filter(
      (n) => !builtinCatalogue().initializers.has(n),
    );
    expect(runtimeOnly).toEqual([]);
    for (const name of builtinCatalogue().initializers.keys())
      expect(initializerNames).toContain(name);
  });
});
