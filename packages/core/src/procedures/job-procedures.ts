import { IsobarError } from '@isobar/protocol';
import type { ChangeRecord, Engine } from '../engine/index.js';
import {
  createScriptFiles,
  preprocessScript,
  readNodeFile,
  readTaskScript,
  scriptContext,
  taskLookup,
  type JobRunner,
  type VariableLookup,
} from '../jobs/index.js';
import { isSubmittable, NodeState, tasksBelow, type SubmittableNode } from '../model/index.js';
import type { ProcedureServices } from './procedure.js';
import { lastSeq, notAvailable, requester, type MethodHandlers } from './procedure-helpers.js';

function runnerOf(services: ProcedureServices, method: string): JobRunner {
  if (services.jobs === undefined) throw notAvailable(method, 'a server that runs jobs (openServer with a home)');
  return services.jobs;
}

/** Tasks at or below the paths, each once, in tree order. */
function tasksAt(engine: Engine, paths: readonly string[]): SubmittableNode[] {
  const seen = new Set<SubmittableNode>();
  for (const path of paths) for (const task of tasksBelow(engine.node(path))) seen.add(task);
  return [...seen];
}

function isRunning(task: SubmittableNode): boolean {
  return task.state === NodeState.submitted || task.state === NodeState.active;
}

/**
 * Runs ECF_KILL_CMD or ECF_STATUS_CMD for the submitted and active tasks at or below the paths and flags each
 * as ecFlow does: `killed` / `status`, or `killcmd_failed` / `statuscmd_failed` when the command fails.
 */
async function runTaskCommands(
  engine: Engine,
  runner: JobRunner,
  request: { readonly paths: readonly string[]; readonly kind: 'kill' | 'status'; readonly user: string },
): Promise<number> {
  const tasks = tasksAt(engine, request.paths).filter(isRunning);
  const run = (path: string) => (request.kind === 'kill' ? runner.kill(path) : runner.status(path));
  const codes = await Promise.all(tasks.map((task) => run(task.path).catch(() => -1)));
  let records: ChangeRecord[] = [];
  tasks.forEach((task, i) => {
    if (engine.tree.index.get(task.path) !== task) return;
    const ok = codes[i] === 0;
    const flag = request.kind === 'kill' ? (ok ? 'killed' : 'killcmd_failed') : ok ? 'status' : 'statuscmd_failed';
    records = engine.alter([task.path], { op: 'set_flag', flag }, { user: request.user });
  });
  return lastSeq(engine, records);
}

/** The lookup of a task with the caller's variables first (`editScript preprocess|submit`). */
function overriding(lookup: VariableLookup, variables: readonly { name: string; value: string }[]): VariableLookup {
  const given = new Map(variables.map((v) => [v.name, v.value]));
  return (name) => given.get(name) ?? lookup(name);
}

function taskAt(engine: Engine, path: string): SubmittableNode {
  const node = engine.node(path);
  if (!isSubmittable(node)) throw new IsobarError('INVALID_ARGUMENT', { details: { reason: `${path} is not a task` } });
  return node;
}

/** Pre-processes every task below the path without writing or submitting anything (`jobGen dryRun`). */
async function checkJobs(engine: Engine, path: string): Promise<{ path: string; message: string }[]> {
  const files = createScriptFiles();
  const errors: { path: string; message: string }[] = [];
  for (const task of tasksBelow(engine.node(path))) {
    const context = { task, lookup: taskLookup(engine, task), files };
    try {
      if (context.lookup('ECF_DUMMY_TASK') !== undefined || context.lookup('ECF_NO_SCRIPT') !== undefined) continue;
      const script = await readTaskScript(context);
      preprocessScript(script.text, scriptContext(context, script, context.lookup('ECF_JOB') ?? script.path));
    } catch (error) {
      errors.push({ path: task.path, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return errors;
}

/** Handlers of `kill`, `status`, `file`, `jobGen` and `editScript`: they need the server's job runner. */
export function jobHandlers(engine: Engine, services: ProcedureServices): MethodHandlers {
  return {
    kill: async (args, context) => ({
      seq: await runTaskCommands(engine, runnerOf(services, 'kill'), {
        paths: args.paths,
        kind: 'kill',
        ...requester(context),
      }),
    }),
    status: async (args, context) => ({
      seq: await runTaskCommands(engine, runnerOf(services, 'status'), {
        paths: args.paths,
        kind: 'status',
        ...requester(context),
      }),
    }),
    file: async (args) => {
      runnerOf(services, 'file');
      const kind = args.kind ?? 'script';
      const limits = { roots: services.fileRoots ?? [], maxLines: args.maxLines ?? 10_000 };
      const read = await readNodeFile(engine, engine.node(args.path), { kind, limits });
      return { path: args.path, kind, ...read };
    },
    jobGen: async (args) => {
      runnerOf(services, 'jobGen');
      const path = args.path ?? '/';
      if (args.dryRun === true) return { seq: engine.log.seq, submitted: [], errors: await checkJobs(engine, path) };
      const records = services.jobGen?.() ?? [];
      const below = (p: string) => path === '/' || p === path || p.startsWith(`${path}/`);
      const submitted = records.flatMap((r) =>
        r.type === 'node.state' && r.state === 'submitted' && below(r.path) ? [r.path] : [],
      );
      return { seq: lastSeq(engine, records), submitted, errors: [] };
    },
    editScript: async (args, context) => {
      const runner = runnerOf(services, 'editScript');
      const task = taskAt(engine, args.path);
      const lookup = overriding(taskLookup(engine, task), args.variables ?? []);
      const files = createScriptFiles();
      const located = { task, lookup, files };
      if (args.action === 'edit') return { seq: engine.log.seq, text: (await readTaskScript(located)).text };
      const script = args.script === undefined ? await readTaskScript(located) : { ...scriptOf(engine, task, args) };
      const jobFile = lookup('ECF_JOB') ?? script.path;
      const text = preprocessScript(script.text, scriptContext(located, script, jobFile));
      if (args.action === 'preprocess') return { seq: engine.log.seq, text };
      if (args.createAlias === true) throw notAvailable('editScript', 'aliases created from edited scripts');
      let records: ChangeRecord[] = [];
      for (const variable of args.variables ?? []) {
        records = engine.alter([task.path], { op: 'add', kind: 'variable', value: variable }, requester(context));
      }
      runner.useScriptOnce(task.path, script);
      records = engine.run([task.path], { force: true, ...requester(context) });
      return { seq: lastSeq(engine, records) };
    },
  };
}

function scriptOf(engine: Engine, task: SubmittableNode, args: { readonly script?: string }) {
  const home = engine.variable(task.path, 'ECF_HOME')?.value ?? '';
  const extension = engine.variable(task.path, 'ECF_EXTN')?.value ?? '.ecf';
  return { text: args.script ?? '', path: `${home}${task.path}${extension}`, origin: 'ECF_SCRIPT' };
}
