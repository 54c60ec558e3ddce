import type { DefsRuntimeState, HistoryEntry, NodeRuntimeState, ServerStateName } from '../model/index.js';
import { isNodeStateName } from '../model/index.js';
import type { ParseContext } from './parse-context.js';
import { parseInteger } from './tokenize.js';

/** Joins `abort<:reason with spaces>abort`-style tokens back into one. */
function stateWords(ctx: ParseContext, from: number): string[] {
  const words: string[] = [];
  for (let i = from; i < ctx.size; i++) {
    let word = ctx.token(i);
    if (word === '#') continue;
    if (word.charCodeAt(0) === 35) word = word.slice(1);
    const open = word.indexOf('<:');
    if (open >= 0) {
      const close = '>' + word.slice(0, open);
      while (!word.endsWith(close) && i + 1 < ctx.size) word += ' ' + ctx.token(++i);
    }
    words.push(word);
  }
  return words;
}

function valueOf(ctx: ParseContext, word: string, colon: number): string {
  const value = word.slice(colon + 1);
  if (value === '') throw ctx.fail(`missing value in '${word}'`, 'key:value', 0);
  return value;
}

/** Parses the `# state:… flag:… try:…` comment of a node line (state dialect). */
export function parseNodeRuntime(ctx: ParseContext, from: number): NodeRuntimeState | undefined {
  const runtime: NodeRuntimeState = {
    state: undefined,
    duration: undefined,
    flags: undefined,
    suspended: false,
    runtime: undefined,
    tryNo: undefined,
    extra: undefined,
  };
  const extra: string[] = [];
  for (const word of stateWords(ctx, from)) {
    const colon = word.indexOf(':');
    const key = colon < 0 || word.includes('<:') ? '' : word.slice(0, colon);
    if (key === 'state') {
      const state = valueOf(ctx, word, colon);
      if (!isNodeStateName(state)) throw ctx.fail(`invalid node state '${state}'`, 'a node state', 0);
      runtime.state = state;
    } else if (key === 'flag') runtime.flags = valueOf(ctx, word, colon).split(',');
    else if (key === 'dur') runtime.duration = valueOf(ctx, word, colon);
    else if (key === 'rt') runtime.runtime = valueOf(ctx, word, colon);
    else if (key === 'try') runtime.tryNo = parseInteger(valueOf(ctx, word, colon));
    else if (word === 'suspended:1') runtime.suspended = true;
    else extra.push(word);
  }
  if (extra.length > 0) runtime.extra = extra;
  return runtime;
}

const SERVER_STATES: readonly ServerStateName[] = ['HALTED', 'SHUTDOWN', 'RUNNING'];

/** `defs_state STATE|MIGRATE|NET [state>:…] [flag:…] … cal_count:N`. */
export function parseDefsState(ctx: ParseContext): DefsRuntimeState {
  const style = ctx.token(1);
  if (style !== 'STATE' && style !== 'MIGRATE' && style !== 'NET') {
    throw ctx.fail(`invalid defs_state style '${style}'`, 'STATE, MIGRATE or NET', 1);
  }
  const state: DefsRuntimeState = {
    style,
    state: undefined,
    flags: undefined,
    stateChange: undefined,
    modifyChange: undefined,
    serverState: undefined,
    calendarCount: undefined,
    extra: undefined,
  };
  const extra: string[] = [];
  for (let i = 2; i < ctx.size; i++) {
    const word = ctx.token(i);
    const colon = word.indexOf(':');
    const key = word.slice(0, Math.max(colon, 0));
    const value = word.slice(colon + 1);
    if (key === 'state>' && isNodeStateName(value)) state.state = value;
    else if (key === 'flag') state.flags = value.split(',');
    else if (key === 'state_change') state.stateChange = parseInteger(value);
    else if (key === 'modify_change') state.modifyChange = parseInteger(value);
    else if (key === 'server_state' && (SERVER_STATES as readonly string[]).includes(value)) {
      state.serverState = value as ServerStateName;
    } else if (key === 'cal_count') state.calendarCount = parseInteger(value);
    else extra.push(word);
  }
  if (extra.length > 0) state.extra = extra;
  return state;
}

/** `history /path \bREQUEST\bREQUEST…`. */
export function parseHistory(ctx: ParseContext, statement: string): HistoryEntry {
  const path = ctx.token(1);
  if (path === '') throw ctx.fail('history needs a node path', 'history /path requests', 1);
  const rest = statement.slice(statement.indexOf(path) + path.length);
  const requests = rest
    .split('\b')
    .slice(1)
    .map((request) => request.replaceAll('\\n', '\n'));
  return { path, requests };
}
