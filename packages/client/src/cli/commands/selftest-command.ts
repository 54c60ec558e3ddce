// `isobar selftest [--qty N]`: checks a running server end to end — health, session, a throwaway suite of N
// tasks driven to completion, cleanup — and prints each step as it goes, like web_ipc's test run.
import type { CliClient } from '../connect.js';
import type { CommandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { CliExit, describeError } from '../errors.js';

/** One step's outcome. */
interface StepResult {
  readonly step: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly ms: number;
}

const POLL_LIMIT_MS = 30_000;

function suiteText(suite: string, qty: number): string {
  const tasks = Array.from({ length: qty }, (_, i) => `  task t${i + 1}\n`).join('');
  // The tasks are completed by the self-test itself: their jobs must not run anything.
  return `suite ${suite}\n  edit ECF_JOB_CMD 'true'\n  edit ECF_DUMMY_TASK ''\n${tasks}endsuite\n`;
}

async function waitComplete(client: CliClient, path: string): Promise<string> {
  const deadline = Date.now() + POLL_LIMIT_MS;
  for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
    const { value } = await client.call<{ value: unknown }>('query', { kind: 'state', path });
    if (value === 'complete' || Date.now() > deadline) return String(value);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

function plan(client: CliClient, suite: string, qty: number): [string, () => Promise<string>][] {
  const path = `/${suite}`;
  const tasks = Array.from({ length: qty }, (_, i) => `${path}/t${i + 1}`);
  return [
    [
      'health',
      async () => {
        const health = await client.health();
        return `${health.status}, isobar ${health.version}`;
      },
    ],
    [
      'session',
      async () => {
        const who = await client.call<{ user: string; roles: string[] }>('whoami');
        return `${who.user} (${who.roles.join(', ')})`;
      },
    ],
    [
      'load',
      async () => {
        await client.call('load', { text: suiteText(suite, qty), file: 'selftest.def' });
        return `${path} with ${qty} task${qty === 1 ? '' : 's'}`;
      },
    ],
    [
      'begin',
      async () => {
        await client.call('begin', { suite });
        return suite;
      },
    ],
    [
      'run tasks',
      async () => {
        await client.call('force', { paths: tasks, to: 'complete' });
        const state = await waitComplete(client, path);
        if (state !== 'complete') throw new Error(`${path} is ${state}, not complete`);
        return `${qty}/${qty} complete`;
      },
    ],
  ];
}

async function timed(step: string, work: () => Promise<string>): Promise<StepResult> {
  const started = performance.now();
  try {
    const detail = await work();
    return { step, ok: true, detail, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { step, ok: false, detail: describeError(error).line, ms: Math.round(performance.now() - started) };
  }
}

function printStep(context: CommandContext, position: readonly [number, number], result: StepResult): void {
  if (context.out.json) return;
  const [index, total] = position;
  const { paint } = context.out;
  const mark = result.ok ? paint.green('ok  ') : paint.red('FAIL');
  const label = `[${index}/${total}] ${result.step} `.padEnd(22, '.');
  context.io.stdout.write(`  ${label} ${mark} ${result.detail} (${result.ms} ms)\n`);
}

/** `selftest`. */
export const SELFTEST_COMMAND = defineCommand({
  command: 'selftest',
  describe: 'Check a running server end to end with a throwaway suite',
  builder: (y) => y.option('qty', { type: 'number', default: 3, describe: 'Tasks in the throwaway suite (1-1000)' }),
  examples: [['isobar selftest --qty 10', 'health, session, load, begin, run 10 tasks, clean up']],
  async run(args, context) {
    const qty = Number(args['qty']);
    if (!Number.isInteger(qty) || qty < 1 || qty > 1000) throw new CliExit(reportQty(context, args['qty']));
    const client = context.client();
    const suite = `isobar_selftest_${process.pid}_${Date.now().toString(36)}`;
    const steps = plan(client, suite, qty);
    const total = steps.length + 1;
    if (!context.out.json) context.io.stdout.write(`isobar selftest against ${client.url}\n`);
    const results: StepResult[] = [];
    for (const [name, work] of steps) {
      const result = await timed(name, work);
      results.push(result);
      printStep(context, [results.length, total], result);
      if (!result.ok) break;
    }
    const loaded = results.some((r) => r.step === 'load' && r.ok);
    const cleanup = loaded
      ? await timed('cleanup', async () => {
          await client.call('delete', { paths: [`/${suite}`], force: true });
          return `deleted /${suite}`;
        })
      : { step: 'cleanup', ok: true, detail: 'nothing to delete', ms: 0 };
    results.push(cleanup);
    printStep(context, [total, total], cleanup);
    const ok = results.length === total && results.every((r) => r.ok);
    const ms = results.reduce((sum, r) => sum + r.ms, 0);
    context.out.result({ ok, url: client.url, suite, qty, steps: results }, () =>
      ok ? `selftest passed in ${ms} ms` : 'selftest FAILED',
    );
    if (!ok) throw new CliExit(1);
  },
});

function reportQty(context: CommandContext, given: unknown): number {
  const message = `--qty must be an integer from 1 to 1000, got ${String(given)}`;
  if (context.out.json)
    context.io.stdout.write(`${JSON.stringify({ ok: false, error: { code: 'INVALID_ARGUMENT', message } })}\n`);
  else context.io.stderr.write(`isobar: ${message}\n`);
  return 2;
}
