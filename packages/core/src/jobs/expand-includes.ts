import { jobError } from './job-error.js';
import { countMicro, secondToken, startsDirective, toScriptLines, type ScriptLine } from './script-line.js';
import { substituteVariables, type VariableLookup } from './substitute-variables.js';

/** What pre-processing needs from the outside world: variables and files. */
export interface ScriptContext {
  /** Variables as the task sees them (ECF_INCLUDE, ECF_HOME, SUITE, FAMILY, …). */
  readonly lookup: VariableLookup;
  /** Text of a file, or `undefined` when it cannot be read. */
  readonly readFile: (path: string) => string | undefined;
  /** Whether a file exists (for the ECF_INCLUDE search). */
  readonly fileExists: (path: string) => boolean;
  /** Path of the script (for messages). */
  readonly scriptPath: string;
  /**
   * File whose directory `%include "./x"` and `"../x"` are relative to. ecFlow uses the script only when it was
   * found as ECF_SCRIPT, and ECF_JOB otherwise (ECF_FILES, ECF_HOME search, ECF_FETCH). @default scriptPath
   */
  readonly relativeTo?: string;
  /** Initial micro character. @default '%' */
  readonly micro?: string;
}

interface ExpandState {
  micro: string;
  nopp: boolean;
  comment: boolean;
  manual: boolean;
  readonly once: Set<string>;
  readonly stack: string[];
  readonly out: ScriptLine[];
}

/**
 * ecFlow's first pass: copies the script's lines, replacing each `%include`/`%includenopp`/`%includeonce` line by
 * the included file's lines (recursively; not inside `%nopp`), and checks directive pairing. Directive lines stay.
 */
export function expandIncludes(text: string, context: ScriptContext): ScriptLine[] {
  const state: ExpandState = {
    micro: context.micro ?? '%',
    nopp: false,
    comment: false,
    manual: false,
    once: new Set(),
    stack: [context.scriptPath],
    out: [],
  };
  expandLines(toScriptLines(text, context.scriptPath), context, state);
  return state.out;
}

function expandLines(lines: readonly ScriptLine[], context: ScriptContext, state: ExpandState): void {
  const inBlock = state.comment || state.manual;
  for (const line of lines) {
    state.out.push(line);
    expandLine(line, context, state);
  }
  const last = lines[lines.length - 1];
  const place = { file: last?.file ?? context.scriptPath };
  if (state.nopp) throw jobError('edit_failed', "unterminated nopp, matching 'end' is missing", place);
  if (inBlock) return;
  if (state.comment) throw jobError('edit_failed', "unterminated comment, matching 'end' is missing", place);
  if (state.manual) throw jobError('edit_failed', "unterminated manual, matching 'end' is missing", place);
}

function expandLine(line: ScriptLine, context: ScriptContext, state: ExpandState): void {
  const { text } = line;
  const { micro } = state;
  const at = text.indexOf(micro);
  if (at < 0) return;
  if (at !== 0) {
    if (!state.nopp && !state.comment && !state.manual && countMicro(text, micro) % 2 !== 0) {
      throw jobError('edit_failed', `mismatched micro character '${micro}' count`, line);
    }
    return;
  }
  if (openOrCloseBlock(line, state)) return;
  if (state.nopp) return;
  if (text.startsWith('ecfmicro', 1)) {
    state.micro = parseEcfMicro(line);
    return;
  }
  if (text.startsWith('ecf_micro', 1)) throw jobError('edit_failed', "misspelled 'ecf_micro', use 'ecfmicro'", line);
  if (secondToken(text) === undefined) {
    if (countMicro(text, micro) % 2 !== 0) throw jobError('edit_failed', 'unrecognised pre-processing directive', line);
    return;
  }
  expandInclude(line, context, state);
}

function openOrCloseBlock(line: ScriptLine, state: ExpandState): boolean {
  const { text } = line;
  const { micro } = state;
  if (startsDirective(text, micro, 'manual') || startsDirective(text, micro, 'comment')) {
    if (state.comment || state.manual)
      throw jobError('edit_failed', 'embedded comments/manuals are not supported', line);
    if (text.startsWith('manual', micro.length)) state.manual = true;
    else state.comment = true;
    return true;
  }
  if (startsDirective(text, micro, 'nopp')) {
    if (state.nopp) throw jobError('edit_failed', 'embedded nopp is not supported', line);
    state.nopp = true;
    return true;
  }
  if (!startsDirective(text, micro, 'end')) return false;
  if (state.comment) state.comment = false;
  else if (state.manual) state.manual = false;
  else if (state.nopp) state.nopp = false;
  else throw jobError('edit_failed', `${micro}end with no matching comment, manual or nopp`, line);
  return true;
}

/** The character of a `%ecfmicro X` line. */
export function parseEcfMicro(line: ScriptLine): string {
  const micro = secondToken(line.text);
  if (micro === undefined) throw jobError('edit_failed', 'ecfmicro without a replacement character', line);
  // ecFlow allows two bytes (a `£` in UTF-8); one character here.
  if ([...micro].length > 1) throw jobError('edit_failed', `ecfmicro expects a single character, got '${micro}'`, line);
  return micro;
}

function expandInclude(line: ScriptLine, context: ScriptContext, state: ExpandState): void {
  const { text } = line;
  const nopp = text.startsWith('includenopp ', 1);
  const once = !nopp && text.startsWith('includeonce ', 1);
  if (!nopp && !once && !text.startsWith('include ', 1)) {
    if (text.startsWith('include', 1)) throw jobError('edit_failed', 'unrecognised or misspelled include', line);
    return;
  }
  const token = secondToken(text) ?? '';
  const file = resolveIncludePath(token, line, { context, micro: state.micro });
  state.out.pop();
  if (once) {
    if (state.once.has(file)) return;
    state.once.add(file);
  }
  if (state.stack.includes(file)) {
    throw jobError('edit_failed', `recursive include of ${file}: ${[...state.stack, file].join(' -> ')}`, line);
  }
  const content = context.readFile(file);
  if (content === undefined) throw jobError('edit_failed', `could not open include file ${file}`, line);
  const lines = toScriptLines(content, file);
  if (nopp) {
    lines.unshift({ text: `${state.micro}nopp`, file, line: 0 });
    lines.push({ text: `${state.micro}end`, file, line: lines.length });
  }
  state.stack.push(file);
  expandLines(lines, context, state);
  state.stack.pop();
}

/**
 * Where `%include <f>`, `"f"`, `"./f"`, `"../f"`, `/abs` or a bare name points, as ecFlow resolves it:
 * `<f>` = first ECF_INCLUDE directory (`:`-separated, variables expanded) holding f, else ECF_HOME/f;
 * `"f"` = ECF_HOME/SUITE/FAMILY/f; `"./f"`/`"../f"` = relative to the directory of `relativeTo`.
 */
export function resolveIncludePath(
  token: string,
  line: ScriptLine,
  options: { readonly context: ScriptContext; readonly micro: string },
): string {
  const { context, micro } = options;
  let include = token;
  if (include.includes(micro)) {
    if (countMicro(include, micro) % 2 !== 0) throw jobError('edit_failed', 'mismatched micro count in include', line);
    include = substituteVariables(include, context.lookup, micro) ?? include;
  }
  const inner = include.slice(1, -1);
  if (include[1] === '/') return inner;
  if (include.startsWith('<')) return angleInclude(inner, line, context);
  if (!include.startsWith('"')) return include;
  if (inner.startsWith('./') || inner.startsWith('../')) {
    const base = context.relativeTo ?? context.scriptPath;
    const slash = base.lastIndexOf('/');
    if (slash >= 0) return base.slice(0, slash + 1) + inner;
  }
  const parts = ['ECF_HOME', 'SUITE', 'FAMILY'].map((name) => {
    const value = context.lookup(name) ?? '';
    if (value === '') throw jobError('edit_failed', `${name} not specified for include ${token}`, line);
    return value;
  });
  return `${parts.join('/')}/${inner}`;
}

function angleInclude(inner: string, line: ScriptLine, context: ScriptContext): string {
  const includes = context.lookup('ECF_INCLUDE');
  if (includes !== undefined && includes !== '') {
    // ecFlow substitutes with ECF_MICRO (not a micro switched by %ecfmicro).
    const expanded = substituteVariables(includes, context.lookup, context.micro ?? '%') ?? includes;
    for (const dir of expanded.split(':')) {
      if (dir !== '' && context.fileExists(`${dir}/${inner}`)) return `${dir}/${inner}`;
    }
  }
  const home = context.lookup('ECF_HOME') ?? '';
  if (home === '') throw jobError('edit_failed', `ECF_INCLUDE/ECF_HOME not specified for include <${inner}>`, line);
  return `${home}/${inner}`;
}
