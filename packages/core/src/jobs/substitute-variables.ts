/** Looks a variable up as a job sees it; `undefined` when it is not defined anywhere. */
export type VariableLookup = (name: string) => string | undefined;

// ecFlow's guard against self-referencing values (`edit A '%A%'`).
const MAX_SUBSTITUTIONS = 1000;

/**
 * Expands `%VAR%` and `%VAR:default%` in `line` the way ecFlow does: left to right, re-scanning from the start
 * after each replacement (so a value may itself hold `%X%`), `%%` kept until the end and then turned into `%`.
 * Returns `undefined` when a variable without default is undefined (or substitution does not terminate).
 *
 * @example
 * substituteVariables('echo %A% %B:x% 100%%', (n) => (n === 'A' ? '1' : undefined)); // 'echo 1 x 100%'
 */
export function substituteVariables(line: string, lookup: VariableLookup, micro = '%'): string | undefined {
  let text = line;
  let pos = 0;
  let doubleMicro = false;
  for (let count = 0; ; count++) {
    const first = text.indexOf(micro, pos);
    if (first < 0) break;
    const second = text.indexOf(micro, first + 1);
    if (second < 0) break;
    pos = 0;
    if (second - first <= 1) {
      // `%%` is skipped now and becomes `%` at the end (ecFlow: "printf %%02d %HOUR:00%").
      pos = second + 1;
      doubleMicro = true;
      continue;
    }
    const value = resolveReference(text.slice(first + 1, second), lookup);
    if (value === undefined || count > MAX_SUBSTITUTIONS) return undefined;
    text = text.slice(0, first) + value + text.slice(second + 1);
  }
  return doubleMicro ? text.split(micro + micro).join(micro) : text;
}

function resolveReference(reference: string, lookup: VariableLookup): string | undefined {
  const colon = reference.indexOf(':');
  if (colon < 0) return lookup(reference);
  return lookup(reference.slice(0, colon)) ?? reference.slice(colon + 1);
}
