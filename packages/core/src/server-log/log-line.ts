// One line of the server log in ecFlow's format: `TYPE:[HH:MM:SS DD.MM.YYYY] text`. Tools that parse ecFlow logs
// (log viewers, `server_load` plots, site scripts grepping for ` complete: /s/f/t`) read Isobar's log unchanged.

/** The kinds of lines, as ecFlow names them: requests (MSG), state changes (LOG), errors, warnings, debug. */
export const LOG_LINE_TYPES = ['MSG', 'LOG', 'ERR', 'WAR', 'DBG'] as const;

/** One of {@link LOG_LINE_TYPES}. */
export type LogLineType = (typeof LOG_LINE_TYPES)[number];

const pad2 = (value: number): string => (value < 10 ? `0${value}` : String(value));

/**
 * ecFlow's time stamp, `[HH:MM:SS DD.MM.YYYY] ` with its trailing space (strftime `[%H:%M:%S %d.%m.%Y] `), in
 * local time as ecFlow writes it, or in UTC.
 *
 * @example
 * ```ts
 * formatLogTimestamp(Date.UTC(2026, 10, 23, 7, 12, 3), { utc: true }); // '[07:12:03 23.11.2026] '
 * ```
 */
export function formatLogTimestamp(at: number, options: { readonly utc?: boolean } = {}): string {
  const date = new Date(at);
  const utc = options.utc === true;
  const [h, m, s] = utc
    ? [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    : [date.getHours(), date.getMinutes(), date.getSeconds()];
  const [day, month, year] = utc
    ? [date.getUTCDate(), date.getUTCMonth() + 1, date.getUTCFullYear()]
    : [date.getDate(), date.getMonth() + 1, date.getFullYear()];
  return `[${pad2(h)}:${pad2(m)}:${pad2(s)} ${pad2(day)}.${pad2(month)}.${year}] `;
}

/**
 * The lines of one message: a message with newlines becomes one line per part, each with the prefix (as ecFlow
 * splits them), so every line of the file starts with a type and a time stamp. `prefix` is `TYPE:[stamp] `.
 */
export function formatLogLines(prefix: string, text: string): string {
  if (!text.includes('\n')) return `${prefix}${text}\n`;
  let out = '';
  for (const part of text.split('\n')) out += `${prefix}${part.endsWith('\r') ? part.slice(0, -1) : part}\n`;
  return out;
}

/**
 * Splits a line of the log into its type, time stamp and text; `undefined` for a line not in the format.
 *
 * @example
 * ```ts
 * parseLogLine('LOG:[07:12:03 23.11.2026]  complete: /s/t');
 * // { type: 'LOG', stamp: '07:12:03 23.11.2026', text: ' complete: /s/t' }
 * ```
 */
export function parseLogLine(line: string): { type: LogLineType; stamp: string; text: string } | undefined {
  const match = /^(MSG|LOG|ERR|WAR|DBG):\[(\d\d:\d\d:\d\d \d\d\.\d\d\.\d{4})\] (.*)$/.exec(line);
  if (match === null) return undefined;
  return { type: match[1] as LogLineType, stamp: match[2] ?? '', text: match[3] ?? '' };
}
