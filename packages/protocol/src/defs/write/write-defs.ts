import type { Defs, DefsRuntimeState } from '../model/index.js';
import { addVariable, writeVariable } from './write-basic-attributes.js';
import { WriteBuffer } from './write-buffer.js';
import { writeNodeInto } from './write-node.js';

/** The ecFlow release whose text format the writer produces (first line of the output). */
export const ECFLOW_FORMAT_VERSION = '5.9.2';

/** Options of {@link writeDefs}. */
export interface WriteDefsOptions {
  /**
   * Write the STATE dialect: `defs_state` header, `# server` variables, `history`, and run-time values in `#`
   * comments (what checkpoints and `get --state` hold). @default true when `defs.state` is set (the input was a
   * state file), else false
   */
  readonly state?: boolean;
}

function formatDefsState(state: DefsRuntimeState | undefined): string {
  const s = state ?? { style: 'STATE' };
  let text = 'defs_state ' + s.style;
  if (state === undefined) return text;
  if (state.state !== undefined) text += ' state>:' + state.state;
  if (state.flags !== undefined) text += ' flag:' + state.flags.join(',');
  if (state.stateChange !== undefined) text += ' state_change:' + String(state.stateChange);
  if (state.modifyChange !== undefined) text += ' modify_change:' + String(state.modifyChange);
  if (state.serverState !== undefined) text += ' server_state:' + state.serverState;
  if (state.calendarCount !== undefined) text += ' cal_count:' + String(state.calendarCount);
  for (const word of state.extra ?? []) text += ' ' + word;
  return text;
}

function writeHeader(out: WriteBuffer, defs: Defs): void {
  if (out.state) {
    out.line(0, formatDefsState(defs.state));
    for (const v of defs.serverVariables ?? []) {
      out.start(0, 'edit ');
      addVariable(out, v);
      out.add(' # server');
      out.end();
    }
  }
  for (const v of defs.variables ?? []) writeVariable(out, 0, v);
  if (out.state) {
    for (const entry of defs.history ?? []) {
      let text = 'history ' + entry.path + ' ';
      for (const request of entry.requests) text += '\b' + request.replaceAll('\n', '\\n');
      out.line(0, text);
    }
  }
  for (const path of defs.externs ?? []) out.line(0, 'extern ' + path);
}

/**
 * Writes a definition as canonical ecFlow text: attribute order, indentation and quoting as ecFlow's DEFS print
 * style (or the STATE dialect with `state: true`). `parseDefs(writeDefs(x))` deep-equals `x` for parsed input.
 *
 * @example
 * ```ts
 * const text = writeDefs(parseDefs(source));
 * ```
 */
export function writeDefs(defs: Defs, options: WriteDefsOptions = {}): string {
  const out = new WriteBuffer(options.state ?? defs.state !== undefined);
  out.line(0, '#' + ECFLOW_FORMAT_VERSION);
  writeHeader(out, defs);
  for (const suite of defs.suites) writeNodeInto(out, suite, 0);
  out.line(0, '# enddef');
  return out.toString();
}
