// The runtime cannot import the compiler, so its data loaders restate each source's arguments and
// defaults: this test keeps the two descriptions equal, so they cannot drift apart.

import { describe, expect, it } from 'vitest';
import { builtinCatalogue } from '@nnet/compiler';
import { dataSourceArguments, dataSourceNames } from '@nnet/runtime';

describe('data sources: catalogue and runtime agree', () => {
  const catalogue = builtinCatalogue();
  it('have the same names', () => {
    expect([...dataSourceNames].sort()).toEqual([...catalogue.dataSources.keys()].sort());
  });
  it.each([...catalogue.dataSources.values()].map((s) => [s.name, s]))('%s has the same arguments and defaults', (_name, spec) => {
    const runtime = dataSourceArguments(spec.name);
    const required = spec.args.filter((a) => a.required).map((a) => a.name);
    expect([...runtime.required].sort()).toEqual(required.sort());
    const defaults = Object.fromEntries(spec.args.filter((a) => a.default !== undefined).map((a) => [a.name, a.default]));
    expect(runtime.defaults).toEqual(defaults);
  });
});
