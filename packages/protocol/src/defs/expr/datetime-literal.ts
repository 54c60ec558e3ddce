const DATE_TIME_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/;

/**
 * Reads a `YYYYMMDDTHHMMSS` literal as seconds since 1970-01-01T00:00:00 UTC (how ecFlow compares date-time
 * values in expressions). Returns undefined when the text is not of that shape or names no real instant
 * (month 13, 30 February, hour 24, …).
 *
 * @example
 * ```ts
 * parseDateTimeLiteral('19700101T000001'); // 1
 * ```
 */
export function parseDateTimeLiteral(text: string): number | undefined {
  const match = DATE_TIME_PATTERN.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 30 February over into March; a real date survives the round trip.
  if (new Date(millis).getUTCDate() !== day) return undefined;
  return millis / 1000;
}
