// `isobar load FILE [--force] [--check-only]`: send a .def file, or validate it offline with the protocol's
// parser and checker (located errors, file:line:col).
import { readFile, stat } from 'node:fs/promises';
import { defineCommand, flag, requiredString } from '../define-command.js';
import type { CommandContext } from '../context.js';
import { CliError, CliExit } from '../errors.js';

/** One problem found offline. */
interface Finding {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly path?: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

async function readDefinition(file: string, context: CommandContext): Promise<string> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  if (size > 1_000_000) context.out.progress(`reading ${file} (${(size / 1e6).toFixed(1)} MB)…`);
  return readFile(file, 'utf8');
}

function locate(finding: Finding): string {
  const where = [finding.file, finding.line, finding.column].filter((part) => part !== undefined).join(':');
  const path = finding.path === undefined ? '' : `${finding.path}: `;
  return `${where}: ${finding.severity}: ${path}${finding.message}`;
}

async function checkOffline(file: string, text: string): Promise<{ suites: string[]; findings: Finding[] }> {
  const defs = await import('@isobar/protocol/defs');
  let parsed: ReturnType<typeof defs.parseDefs>;
  try {
    parsed = defs.parseDefs(text, { file });
  } catch (error) {
    const details = (error as { details?: Record<string, unknown> }).details ?? {};
    const line = typeof details['line'] === 'number' ? details['line'] : undefined;
    const column = typeof details['column'] === 'number' ? details['column'] : undefined;
    const reason = typeof details['reason'] === 'string' ? details['reason'] : (error as Error).message;
    return { suites: [], findings: [{ file, line, column, severity: 'error', message: reason }] };
  }
  const findings = defs.check(parsed).map((finding) => ({
    file,
    ...(finding.line === undefined ? {} : { line: finding.line }),
    path: finding.path,
    severity: finding.severity,
    message: finding.message,
  }));
  return { suites: parsed.suites.map((suite) => suite.name), findings };
}

async function runCheckOnly(file: string, text: string, context: CommandContext): Promise<void> {
  const { suites, findings } = await checkOffline(file, text);
  const ok = !findings.some((finding) => finding.severity === 'error');
  context.out.result({ ok, file, suites, findings }, () => {
    const lines = findings.map(locate);
    lines.push(
      ok
        ? `${file}: ok (${suites.length} suite${suites.length === 1 ? '' : 's'}: ${suites.join(' ')})`
        : `${file}: check failed`,
    );
    return lines.join('\n');
  });
  if (!ok) throw new CliExit(1);
}

/** `load`. */
export const LOAD_COMMAND = defineCommand({
  command: 'load <file>',
  describe: 'Load suites from a .def file (or only check it with --check-only)',
  builder: (y) =>
    y
      .positional('file', { type: 'string', describe: '.def file to load' })
      .option('force', { type: 'boolean', describe: 'Replace suites that already exist' })
      .option('check-only', { type: 'boolean', describe: 'Parse and check offline; send nothing' }),
  examples: [
    ['isobar load suite.def', 'load the suites of suite.def'],
    ['isobar load suite.def --force', 'replace suites that exist'],
    ['isobar load suite.def --check-only', 'validate offline, print file:line:col errors'],
  ],
  async run(args, context) {
    const file = requiredString(args, 'file');
    const text = await readDefinition(file, context);
    if (flag(args, 'check-only')) return runCheckOnly(file, text, context);
    context.out.progress(`loading ${file}…`);
    const started = performance.now();
    const result = await context
      .client()
      .call<{ seq: number; suites: string[]; warnings: string[] }>('load', { text, force: flag(args, 'force'), file })
      .finally(() => context.out.progress('', true));
    const ms = Math.round(performance.now() - started);
    context.out.result(result, () =>
      [
        ...result.warnings.map((w) => `warning: ${w}`),
        `loaded ${result.suites.join(' ')} from ${file} (${ms} ms)`,
      ].join('\n'),
    );
  },
});
