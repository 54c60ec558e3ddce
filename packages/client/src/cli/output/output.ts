// Where command results go: exactly one JSON document on stdout with --json, human text otherwise; notes and
// progress on stderr so stdout stays clean for pipes.
import type { CliIo } from '../io.js';
import { createPainter, isColourEnabled, type Painter } from './colors.js';

/** Output of one command. */
export interface Output {
  readonly json: boolean;
  /** Colours for stdout text. */
  readonly paint: Painter;
  /** Prints the result: `value` as JSON with --json, else the text `human()` returns (if any). */
  result(value: unknown, human: () => string): void;
  /** A note on stderr (human mode only). */
  note(text: string): void;
  /** A progress line on stderr: rewritten in place on a terminal, silent otherwise; `done` ends the line. */
  progress(text: string, done?: boolean): void;
}

/** Creates the {@link Output} of a run. */
export function createOutput(io: CliIo, json: boolean): Output {
  const paint = createPainter(!json && isColourEnabled(io.env, io.stdoutIsTty));
  return {
    json,
    paint,
    result(value, human) {
      if (json) {
        io.stdout.write(`${JSON.stringify(value ?? null)}\n`);
        return;
      }
      const text = human();
      if (text !== '') io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    note(text) {
      if (!json) io.stderr.write(`${text}\n`);
    },
    progress(text, done = false) {
      if (json || !io.stderrIsTty) return;
      io.stderr.write(`\r\u001b[2K${text}${done && text !== '' ? '\n' : ''}`);
    },
  };
}
