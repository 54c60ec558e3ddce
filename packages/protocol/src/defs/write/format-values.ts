import type { ClockTime, TimeSeries } from '../model/index.js';

/** `hh:mm` with two-digit fields, as ecFlow's TimeSlot writes it. */
export function formatTime(time: ClockTime): string {
  return (time.hour < 10 ? '0' : '') + String(time.hour) + (time.minute < 10 ? ':0' : ':') + String(time.minute);
}

/** `[+]start [finish increment]`. */
export function formatSeries(series: TimeSeries): string {
  let text = (series.relative ? '+' : '') + formatTime(series.start);
  if (series.finish !== undefined && series.increment !== undefined) {
    text += ' ' + formatTime(series.finish) + ' ' + formatTime(series.increment);
  }
  return text;
}

/** ` # text` when `text` is set, else ''. */
export function stateSuffix(text: string | undefined, state: boolean): string {
  return state && text !== undefined ? ' # ' + text : '';
}
