import { expandIncludes, parseEcfMicro, type ScriptContext } from './expand-includes.js';
import { jobError } from './job-error.js';
import { startsDirective, type ScriptLine } from './script-line.js';
import { substituteVariables } from './substitute-variables.js';

const enum Block {
  nopp,
  comment,
  manual,
}

/**
 * Turns a `.ecf` script into job text exactly as ecFlow does: includes expanded, variables substituted
 * (failures inside `%comment`/`%manual` tolerated), then `%comment`/`%manual` blocks and the `%nopp`, `%end`
 * and `%ecfmicro` lines removed. A pure function of the text, the variables and the files `context` gives.
 * Throws an IsobarError with `details.flag = 'edit_failed'` naming the file and line on any failure.
 *
 * @example
 * preprocessScript('echo %TASK%\n', { lookup, readFile, fileExists, scriptPath: '/h/s/t.ecf' }); // 'echo t'
 */
export function preprocessScript(text: string, context: ScriptContext): string {
  const lines = expandIncludes(text, context);
  substituteLines(lines, context);
  const kept = removeDirectives(lines, context.micro ?? '%');
  if (kept.length === 0) throw jobError('edit_failed', 'the script is empty', { file: context.scriptPath });
  // ecFlow writes the lines joined by newlines, without one after the last.
  return kept.map((line) => line.text).join('\n');
}

/**
 * The `%manual … %end` text of a script (includes expanded, variables substituted where they can be), for
 * `file manual`. Empty when the script has no manual.
 */
export function extractManual(text: string, context: ScriptContext): string {
  const lines = expandIncludes(text, context);
  let micro = context.micro ?? '%';
  let inside = false;
  const manual: string[] = [];
  for (const line of lines) {
    if (line.text.startsWith(micro)) {
      if (startsDirective(line.text, micro, 'manual')) {
        inside = true;
        continue;
      }
      if (inside && startsDirective(line.text, micro, 'end')) {
        inside = false;
        continue;
      }
      if (startsDirective(line.text, micro, 'ecfmicro')) {
        micro = parseEcfMicro(line);
        continue;
      }
    }
    if (inside) manual.push(substituteVariables(line.text, context.lookup, micro) ?? line.text);
  }
  return manual.map((line) => `${line}\n`).join('');
}

function substituteLines(lines: ScriptLine[], context: ScriptContext): void {
  let micro = context.micro ?? '%';
  const stack: Block[] = [];
  for (const line of lines) {
    const { text } = line;
    const at = text.indexOf(micro);
    if (at === 0) {
      const block = openedBlock(text, micro);
      if (block !== undefined) {
        stack.push(block);
        continue;
      }
      if (startsDirective(text, micro, 'end')) {
        if (stack.pop() === undefined) throw jobError('edit_failed', `unpaired ${micro}end`, line);
        continue;
      }
      if (startsDirective(text, micro, 'ecfmicro')) {
        micro = parseEcfMicro(line);
        continue;
      }
    }
    if (stack.includes(Block.nopp) || at < 0) continue;
    const substituted = substituteVariables(text, context.lookup, micro);
    if (substituted !== undefined) line.text = substituted;
    else if (stack.length === 0) throw jobError('edit_failed', `variable substitution failed: '${text}'`, line);
  }
}

function openedBlock(text: string, micro: string): Block | undefined {
  if (startsDirective(text, micro, 'manual')) return Block.manual;
  if (startsDirective(text, micro, 'comment')) return Block.comment;
  if (startsDirective(text, micro, 'nopp')) return Block.nopp;
  return undefined;
}

function removeDirectives(lines: readonly ScriptLine[], initialMicro: string): ScriptLine[] {
  let micro = initialMicro;
  const stack: Block[] = [];
  const kept: ScriptLine[] = [];
  for (const line of lines) {
    const nopp = stack.includes(Block.nopp);
    if (line.text.startsWith(micro)) {
      const block = openedBlock(line.text, micro);
      if (block !== undefined) {
        stack.push(block);
        if (nopp) kept.push(line);
        continue;
      }
      if (startsDirective(line.text, micro, 'end')) {
        const closed = stack.pop();
        if (closed !== Block.nopp && nopp) kept.push(line);
        continue;
      }
      if (!nopp && startsDirective(line.text, micro, 'ecfmicro')) {
        micro = parseEcfMicro(line);
        continue;
      }
    }
    if (nopp || !stack.some((b) => b === Block.comment || b === Block.manual)) kept.push(line);
  }
  return kept;
}
