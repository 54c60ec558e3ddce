// The tutorial suite of fixtures/tutorial-suite, shared by the end-to-end and the ecFlow-compatibility tests:
// writing its .def for a run, driving a run on any server (ecFlow or Isobar) through the same steps, reading
// the final state from ecFlow's STATE dialect (`get_state`, Isobar's `get {state: true}`), the final state
// both servers must reach, and killing whatever job a failed run left behind.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRpcClient } from '@isobar/protocol';
import { parseDefs, type DefsNode } from '@isobar/protocol/defs';

/** The fixture: `tutorial.def`, `include/head.h`, `include/tail.h` and the task scripts under `files/`. */
export const FIXTURE_DIR = fileURLToPath(new URL('./fixtures/tutorial-suite', import.meta.url));
/** Isobar's own job-side files (`isobar-child`, `head.h`, `tail.h`). */
export const SHARE_DIR = fileURLToPath(new URL('../../core/share', import.meta.url));
/** The task the test kills while it sleeps. */
export const LONG_TASK = '/tutorial/slow/long';
/** The last task: it runs once everything but the killed task is complete. */
const REPORT_TASK = '/tutorial/report';

/** What one run of the suite is given: where the scripts and the include files are. */
export interface TutorialDirs {
  /** ECF_FILES: the task scripts. */
  readonly files: string;
  /** ECF_INCLUDE: `head.h` and `tail.h`. */
  readonly include: string;
}

/** A written `.def` for one run. */
export interface TutorialRun {
  readonly defPath: string;
  readonly defText: string;
  /** The suite's ECF_HOME, where jobs, their outputs and `limited.log` go. */
  readonly jobsDir: string;
}

/** Writes `dir/tutorial.def` from the fixture with ECF_HOME = `dir/jobs` and the given script folders. */
export async function writeTutorialDef(dir: string, dirs: TutorialDirs): Promise<TutorialRun> {
  const jobsDir = join(dir, 'jobs');
  await mkdir(jobsDir, { recursive: true });
  const template = await readFile(join(FIXTURE_DIR, 'tutorial.def'), 'utf8');
  const values: Record<string, string> = { ECF_HOME: jobsDir, ECF_FILES: dirs.files, ECF_INCLUDE: dirs.include };
  const defText = template.replace(/@(ECF_[A-Z]+)@/g, (_, name: string) => values[name] ?? `@${name}@`);
  const defPath = join(dir, 'tutorial.def');
  await writeFile(defPath, defText);
  return { defPath, defText, jobsDir };
}

/**
 * Copies the fixture's task scripts to `target` with `ecflow_client` replaced by `isobar-child`: the same suite
 * written for Isobar's own job client (whose spelling of every child command is ecflow_client's).
 */
export async function writeIsobarScripts(target: string): Promise<void> {
  const source = join(FIXTURE_DIR, 'files');
  for (const entry of await readdir(source, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const relative = join(entry.parentPath, entry.name).slice(source.length + 1);
    const text = await readFile(join(source, relative), 'utf8');
    await mkdir(join(target, relative, '..'), { recursive: true });
    await writeFile(join(target, relative), text.replaceAll('ecflow_client', 'isobar-child'));
  }
}

/** What the test checks of one node. */
export interface NodeSummary {
  readonly state: string | undefined;
  readonly tryNo: number | undefined;
  readonly flags: readonly string[];
  readonly events: Readonly<Record<string, boolean>>;
  readonly meters: Readonly<Record<string, number>>;
  readonly labels: Readonly<Record<string, string>>;
  /** The repeat's current value as the STATE dialect writes it (`# 4`). */
  readonly repeat: string | undefined;
  readonly limits: Readonly<Record<string, number>>;
}

/** Every node of STATE-dialect text by path. */
export function summarizeState(text: string): Map<string, NodeSummary> {
  const summary = new Map<string, NodeSummary>();
  const visit = (node: DefsNode, parent: string): void => {
    const path = `${parent}/${node.name}`;
    summary.set(path, summarizeNode(node));
    for (const child of node.children ?? []) visit(child, path);
  };
  for (const suite of parseDefs(text, { file: 'get_state' }).suites) visit(suite, '');
  return summary;
}

function summarizeNode(node: DefsNode): NodeSummary {
  const entries = <T, V>(list: readonly T[] | undefined, pick: (item: T) => [string, V]): Record<string, V> =>
    Object.fromEntries((list ?? []).map(pick));
  return {
    state: node.runtime?.state,
    tryNo: node.runtime?.tryNo,
    flags: node.runtime?.flags ?? [],
    events: entries(node.events, (e) => [e.name, e.value ?? e.initial]),
    meters: entries(node.meters, (m) => [m.name, m.value ?? m.min]),
    labels: entries(node.labels, (l) => [l.name, l.newValue ?? l.value]),
    repeat: node.repeat?.current,
    limits: entries(node.limits, (l) => [l.name, l.value ?? 0]),
  };
}

/** The parts of a node's final summary that the test requires. */
type Expected = Partial<Omit<NodeSummary, 'flags'>> & { readonly flagsInclude?: readonly string[] };

const TASK_DONE = { state: 'complete', tryNo: 1 } as const;

/**
 * The final state of every node after the run. Measured on ecFlow 5.9.2 first: a finished `repeat integer V 1 3`
 * shows 4 (the value past the end) while its last iteration ran with 3; the killed task keeps try 1
 * (ECF_TRIES 1) and carries the `killed` flag.
 */
export const EXPECTED_FINAL: Readonly<Record<string, Expected>> = {
  '/tutorial': { state: 'aborted', limits: { lim: 0 } },
  '/tutorial/main': { state: 'complete' },
  '/tutorial/main/produce': { state: 'complete' },
  '/tutorial/main/produce/writer': {
    ...TASK_DONE,
    events: { ready: true },
    meters: { progress: 3 },
    labels: { info: 'wrote 3 steps' },
  },
  '/tutorial/main/produce/reader': TASK_DONE,
  '/tutorial/main/produce/watcher': TASK_DONE,
  '/tutorial/main/loop': { state: 'complete', repeat: '4' },
  '/tutorial/main/loop/step': { ...TASK_DONE, labels: { info: 'step 3' } },
  '/tutorial/main/limited': { state: 'complete' },
  '/tutorial/main/limited/a': TASK_DONE,
  '/tutorial/main/limited/b': TASK_DONE,
  '/tutorial/main/limited/c': TASK_DONE,
  '/tutorial/main/retry': { state: 'complete' },
  '/tutorial/main/retry/flaky': { state: 'complete', tryNo: 2, labels: { tries: 'completed on try 2' } },
  '/tutorial/slow': { state: 'aborted' },
  [LONG_TASK]: { state: 'aborted', tryNo: 1, flagsInclude: ['killed'] },
  [REPORT_TASK]: TASK_DONE,
};

/** Asserts every node of {@link EXPECTED_FINAL}, the jobs of each try and the limit's effect. */
export async function assertTutorialFinal(final: Map<string, NodeSummary>, run: TutorialRun): Promise<void> {
  assert.deepEqual([...final.keys()].sort(), Object.keys(EXPECTED_FINAL).sort(), 'the nodes of the suite');
  // One comparison of every node, so a failure shows all the differences at once.
  const actual: Record<string, Record<string, unknown>> = {};
  const expected: Record<string, Record<string, unknown>> = {};
  for (const [path, { flagsInclude = [], ...fields }] of Object.entries(EXPECTED_FINAL)) {
    const node = final.get(path);
    assert.ok(node !== undefined, path);
    const keys = Object.keys(fields) as (keyof NodeSummary)[];
    actual[path] = { ...Object.fromEntries(keys.map((key) => [key, node[key]])) };
    expected[path] = { ...fields };
    for (const flag of flagsInclude) {
      actual[path][`flag ${flag}`] = node.flags.includes(flag);
      expected[path][`flag ${flag}`] = true;
    }
  }
  assert.deepEqual(actual, expected);
  const job = (path: string, suffix: string): string => join(run.jobsDir, `${path}${suffix}`);
  const retried = '/tutorial/main/retry/flaky';
  assert.match(await readFile(job(retried, '.1'), 'utf8'), /try 1 fails on purpose/);
  assert.match(await readFile(job(retried, '.job2'), 'utf8'), /\[ 2 -lt 2 \]/, 'the second try is a new job file');
  assert.match(await readFile(job(LONG_TASK, '.1'), 'utf8'), /Killed by a signal/, 'the trap reported the kill');
  assertSerialized(await readFile(join(run.jobsDir, 'limited.log'), 'utf8'));
  assertTriggerOrder(await readFile(join(run.jobsDir, 'produce.log'), 'utf8'));
}

/** writer logs each step before reporting it: reader must follow `ready`, watcher must follow `progress 2`. */
function assertTriggerOrder(log: string): void {
  const lines = log.trim().split('\n');
  const at = (line: string): number => lines.indexOf(line);
  for (const line of ['progress 1', 'progress 2', 'ready', 'progress 3', 'reader', 'watcher']) {
    assert.ok(at(line) >= 0, `${line} missing from produce.log:\n${log}`);
  }
  assert.ok(at('reader') > at('ready'), `reader ran before the event was set:\n${log}`);
  assert.ok(at('watcher') > at('progress 2'), `watcher ran before the meter reached 2:\n${log}`);
}

/** With `limit lim 1` the three limited tasks ran one after the other: each start is followed by its end. */
function assertSerialized(log: string): void {
  const lines = log.trim().split('\n');
  assert.equal(lines.length, 6, log);
  const tasks = new Set<string>();
  for (let i = 0; i < lines.length; i += 2) {
    const task = /^start (\w+)$/.exec(lines[i] ?? '')?.[1] ?? '';
    assert.equal(lines[i + 1], `end ${task}`, `limit 1 interleaved the limited tasks:\n${log}`);
    tasks.add(task);
  }
  assert.deepEqual([...tasks].sort(), ['a', 'b', 'c']);
}

/** The operations a run needs from a server, ecFlow or Isobar. */
export interface SuiteServer {
  load(run: TutorialRun): Promise<void>;
  begin(): Promise<void>;
  /** The whole definition in the STATE dialect. */
  stateText(): Promise<string>;
  /** Runs ECF_KILL_CMD for the task. */
  kill(path: string): Promise<void>;
}

/** The suite operations over Isobar's RPC (loopback is admin without users.json); `close` ends its connections. */
export function isobarSuiteServer(url: string): SuiteServer & { close(): void } {
  const rpc = createRpcClient({ urls: [url] });
  return {
    load: async (run) => void (await rpc.call('load', { text: run.defText, file: run.defPath })),
    begin: async () => void (await rpc.call('begin', { suite: 'tutorial' })),
    stateText: async () => (await rpc.call<{ text: string }>('get', { state: true })).text,
    kill: async (path) => void (await rpc.call('kill', { paths: [path] })),
    close: () => rpc.close(),
  };
}

/**
 * Loads and begins the suite, kills the long task once it is active and waits until the rest has finished;
 * resolves with the final state. Each wait has its own deadline so a stuck run fails with the last state seen.
 */
export async function driveTutorialSuite(server: SuiteServer, run: TutorialRun): Promise<Map<string, NodeSummary>> {
  await server.load(run);
  await server.begin();
  await waitForState(server, `${LONG_TASK} active`, (nodes) => nodes.get(LONG_TASK)?.state === 'active');
  // Active comes with --init, before head.h installs its traps: kill only once the job echoed its sleep.
  const output = join(run.jobsDir, `${LONG_TASK}.1`);
  await waitForState(server, `the sleep in ${output}`, () => /^\+ sleep /m.test(readFileSyncOrEmpty(output)));
  await server.kill(LONG_TASK);
  const finished = (nodes: Map<string, NodeSummary>): boolean =>
    nodes.get(REPORT_TASK)?.state === 'complete' && nodes.get(LONG_TASK)?.state === 'aborted';
  return waitForState(server, `${REPORT_TASK} complete and ${LONG_TASK} aborted`, finished);
}

function readFileSyncOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** How long one wait of a run may take: far above a run's few seconds, far below the test's timeout. */
const WAIT_TIMEOUT_MS = 25_000;

/** Polls the server's state until `done` holds; fails after {@link WAIT_TIMEOUT_MS} with the last state text. */
export async function waitForState(
  server: SuiteServer,
  what: string,
  done: (nodes: Map<string, NodeSummary>) => boolean,
): Promise<Map<string, NodeSummary>> {
  const deadline = Date.now() + WAIT_TIMEOUT_MS;
  for (;;) {
    const text = await server.stateText();
    const nodes = summarizeState(text);
    if (done(nodes)) return nodes;
    if (Date.now() > deadline) assert.fail(`no ${what} within ${WAIT_TIMEOUT_MS} ms; last state:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/**
 * SIGKILLs every process whose command line mentions `marker` (a job file under a test's temporary folder),
 * and all their descendants (the job's `sleep`): what a failed run leaves behind. Linux /proc only.
 */
export async function killJobProcesses(marker: string): Promise<number> {
  const children = new Map<number, number[]>();
  const matched: number[] = [];
  for (const name of await readdir('/proc').catch(() => [])) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const [cmdline, stat] = await Promise.all([
      readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''),
      readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ''),
    ]);
    // stat is "pid (comm) state ppid ...": comm may hold spaces, so read after its closing parenthesis.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    if (cmdline.includes(marker)) matched.push(pid);
  }
  const doomed = new Set<number>();
  const collect = (pid: number): void => {
    if (doomed.has(pid)) return;
    doomed.add(pid);
    for (const child of children.get(pid) ?? []) collect(child);
  };
  matched.forEach(collect);
  for (const pid of doomed) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  return doomed.size;
}
