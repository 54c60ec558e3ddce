// The attributes almost every task carries, written piece by piece into the buffer (no per-line strings).
import type { Event, Expression, Label, Meter, Variable } from '../model/index.js';
import type { WriteBuffer } from './write-buffer.js';

/** Newlines in values are written as `\n`. */
function escapeNewlines(text: string): string {
  return text.includes('\n') ? text.replaceAll('\n', '\\n') : text;
}

/** `NAME 'value'` of an `edit` line (newlines written as `\n`). */
export function addVariable(out: WriteBuffer, variable: Variable): void {
  out.add(variable.name);
  out.add(" '");
  out.add(escapeNewlines(variable.value));
  out.add("'");
}

/** `edit NAME 'value'`. */
export function writeVariable(out: WriteBuffer, depth: number, variable: Variable): void {
  out.start(depth, 'edit ');
  addVariable(out, variable);
  out.end();
}

/** `label NAME "value"` plus the state dialect's `# "new value"`. */
export function writeLabel(out: WriteBuffer, depth: number, label: Label): void {
  out.start(depth, 'label ');
  out.add(label.name);
  out.add(' "');
  out.add(escapeNewlines(label.value));
  if (out.state && label.newValue !== undefined && label.newValue !== '') {
    out.add('" # "');
    out.add(escapeNewlines(label.newValue));
  }
  out.add('"\n');
}

/** `event [N] [NAME] [set]` plus `# set|clear`. */
export function writeEvent(out: WriteBuffer, depth: number, event: Event): void {
  out.start(depth, 'event ');
  if (event.number === undefined) out.add(event.name);
  else {
    out.add(String(event.number));
    if (event.name !== '') {
      out.add(' ');
      out.add(event.name);
    }
  }
  if (event.initial) out.add(' set');
  if (out.state && event.value !== undefined && event.value !== event.initial)
    out.add(event.value ? ' # set' : ' # clear');
  out.end();
}

/** `meter NAME MIN MAX CC` plus `# value`. */
export function writeMeter(out: WriteBuffer, depth: number, meter: Meter): void {
  out.start(depth, 'meter ');
  out.add(meter.name);
  out.add(' ');
  out.add(String(meter.min));
  out.add(' ');
  out.add(String(meter.max));
  out.add(' ');
  out.add(String(meter.colorChange));
  if (out.state && meter.value !== undefined && meter.value !== meter.min) {
    out.add(' # ');
    out.add(String(meter.value));
  }
  out.end();
}

/** A trigger or complete with its keyword. */
export interface ExpressionLines {
  /** `trigger` or `complete`. */
  readonly keyword: string;
  /** The expression. */
  readonly expression: Expression;
}

/** The lines of a trigger/complete: `KEYWORD text`, then `KEYWORD -a text` / `KEYWORD -o text`. */
export function writeExpression(out: WriteBuffer, depth: number, lines: ExpressionLines): void {
  const { keyword, expression } = lines;
  const parts = expression.parts;
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index] as Expression['parts'][number];
    out.start(depth, keyword);
    out.add(part.kind === 'first' ? ' ' : part.kind === 'and' ? ' -a ' : ' -o ');
    out.add(part.text);
    if (out.state && index === 0 && expression.free) out.add(' # free');
    out.end();
  }
}
