// Checks a whole-number flag of `nnc eval` / `nnc evaluate` (`--seed`, `--limit`) before anything
// runs: the message for text that is not a whole number at least `min`, or undefined when it is
// fine (or absent), so `--seed abc` is an error rather than a silent 0.

export function wholeNumberFlagProblem(
  flag: string,
  text: string | undefined,
  min: number,
): string | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() !== '' && Number.isInteger(value) && value >= min) return undefined;
  return `nnc: ${flag} expects a whole number${min >= 0 ? ` of at least ${min}` : ''}, found ${JSON.stringify(text)}\n`;
}
