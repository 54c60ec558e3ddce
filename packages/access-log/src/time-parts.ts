/** The calendar fields of one instant in UTC or in the process's local time zone. */
export interface TimeParts {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  /** 1–31. */
  readonly day: number;
  /** 0 (Sunday) – 6. */
  readonly weekDay: number;
  /** 1–366. */
  readonly yearDay: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** Seconds east of UTC. */
  readonly offsetSeconds: number;
  /** Zone abbreviation (`UTC`, `CET`, `EST`…), or `''` when the zone has none that we can tell. */
  readonly zoneName: string;
}

const DAY_MS = 86_400_000;
let zoneNameFormat: Intl.DateTimeFormat | undefined;

/**
 * The local zone's abbreviation. ICU gives real abbreviations only for some zones in `en-US` (EST, PDT…) and
 * `GMT+1`-style names for the others; Go would print the tz database abbreviation, so for the latter we return
 * `''` and the caller prints a numeric offset as Go does for zones without an abbreviation.
 */
function localZoneName(date: Date): string {
  zoneNameFormat ??= new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' });
  const name = zoneNameFormat.formatToParts(date).find((part) => part.type === 'timeZoneName')?.value ?? '';
  return /^[A-Z]{2,6}$/.test(name) ? name : '';
}

/**
 * Breaks `date` down in UTC or local time. The zone name is looked up only when asked for, because
 * `Intl` is by far the most expensive part.
 */
export function breakDownTime(date: Date, utc: boolean, withZoneName: boolean): TimeParts {
  if (utc) {
    const year = date.getUTCFullYear();
    return {
      year,
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      weekDay: date.getUTCDay(),
      yearDay: Math.floor((Date.UTC(year, date.getUTCMonth(), date.getUTCDate()) - Date.UTC(year, 0, 1)) / DAY_MS) + 1,
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
      millisecond: date.getUTCMilliseconds(),
      offsetSeconds: 0,
      zoneName: 'UTC',
    };
  }
  const year = date.getFullYear();
  return {
    year,
    month: date.getMonth() + 1,
    day: date.getDate(),
    weekDay: date.getDay(),
    yearDay: Math.floor((Date.UTC(year, date.getMonth(), date.getDate()) - Date.UTC(year, 0, 1)) / DAY_MS) + 1,
    hour: date.getHours(),
    minute: date.getMinutes(),
    second: date.getSeconds(),
    millisecond: date.getMilliseconds(),
    offsetSeconds: -date.getTimezoneOffset() * 60,
    zoneName: withZoneName ? localZoneName(date) : '',
  };
}
