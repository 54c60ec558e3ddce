/**
 * Splits `text` at spaces and tabs into `tokens`, recording each token's 1-based column (offset by `base`).
 * Hand-written so that it is linear and allocation-light on large files.
 */
export function tokenize(text: string, base: number, target: { tokens: string[]; columns: number[] }): void {
  const { tokens, columns } = target;
  tokens.length = 0;
  columns.length = 0;
  const length = text.length;
  let i = 0;
  while (i < length) {
    let code = text.charCodeAt(i);
    if (code === 32 || code === 9) {
      i++;
      continue;
    }
    const start = i;
    while (i < length) {
      code = text.charCodeAt(i);
      if (code === 32 || code === 9) break;
      i++;
    }
    tokens.push(text.slice(start, i));
    columns.push(base + start + 1);
  }
}

/** Removes one pair of surrounding quotes (`"x"` or `'x'`), as ecFlow does for values. */
export function unquote(value: string): string {
  const n = value.length;
  if (n >= 2) {
    const first = value.charCodeAt(0);
    if ((first === 34 || first === 39) && value.charCodeAt(n - 1) === first) return value.slice(1, n - 1);
  }
  return value;
}

/** True when `name` is a valid ecFlow name: `[A-Za-z0-9_][A-Za-z0-9_.]*`. */
export function isValidName(name: string): boolean {
  const n = name.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c === 46 && i > 0);
    if (!ok) return false;
  }
  return true;
}

/** Parses a base-10 integer with an optional sign; `undefined` when `text` is not exactly one. */
export function parseInteger(text: string): number | undefined {
  const n = text.length;
  let i = 0;
  if (n > 0 && (text.charCodeAt(0) === 45 || text.charCodeAt(0) === 43)) i = 1;
  if (i === n || n - i > 15) return undefined;
  for (let j = i; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(text);
}
