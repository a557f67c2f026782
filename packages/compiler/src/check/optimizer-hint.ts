// A train setting that is really an optimizer argument (`lr = 0.1`, Keras's `learning_rate`,
// `momentum`): the help line that says where it goes, written from the catalogue's optimizers
// and argument synonyms, with the run's own optimizer when it names one.

import type { Catalogue } from '../catalogue/index.js';
import type { TrainDecl } from '../syntax/ast.js';

/**
 * Help for an unknown train setting named like an optimizer argument, or undefined. `optimizer`
 * is the optimizer the run names, if any; otherwise the first optimizer that takes the argument.
 */
export function optimizerArgumentHelp(
  catalogue: Catalogue,
  written: string,
  optimizer: string | undefined,
): string | undefined {
  const canonical = [
    written,
    ...(catalogue.synonyms.arguments.get(written) ?? []).map((synonym) => synonym.canonical),
  ];
  const takes = (name: string) =>
    canonical.find((argument) =>
      catalogue.optimizers.get(name)?.args.some((spec) => spec.name === argument),
    );
  const chosen =
    optimizer !== undefined && takes(optimizer) !== undefined
      ? optimizer
      : [...catalogue.optimizers.keys()].find((name) => takes(name) !== undefined);
  if (chosen === undefined) return undefined;
  const argument = takes(chosen)!;
  return `\`${argument}\` is an argument of the optimizer, not a train setting: write \`optimizer = ${chosen}(${argument} = …)\``;
}

/** The optimizer a train run names (`optimizer = sgd(…)` or `optimizer = adam`), if any. */
export function optimizerOf(decl: TrainDecl): string | undefined {
  const value = decl.fields.find((field) => field.name.name === 'optimizer')?.value;
  if (value?.kind === 'Call') return value.callee.name;
  if (value?.kind === 'Name') return value.name.name;
  return undefined;
}
