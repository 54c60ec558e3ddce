import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { noopLogger, type Logger } from '@isobar/protocol';
import type { Engine, JobSubmitter } from '../engine/index.js';
import { markSubmissionFailed } from '../engine/index.js';
import { isSubmittable, NodeState, setNodeState, type SubmittableNode } from '../model/index.js';
import { generateJob, substituteCommand, type TaskScript } from './generate-job.js';
import { jobFailureFlag, type JobFailureFlag } from './job-error.js';
import { createScriptFiles } from './script-files.js';
import { createShellLauncher } from './shell-launcher.js';
import type { VariableLookup } from './substitute-variables.js';

/** The engine, or a function giving it (the runner is created before `createEngine({ submitter })`). */
export type JobEngineSource = Engine | (() => Engine);

/** Submissions generated and started at the same time. */
const PARALLEL_SUBMISSIONS = 8;

/** The environment jobs get when the embedder passes none: a standard PATH and nothing else. */
export const MINIMAL_JOB_ENV: Readonly<NodeJS.ProcessEnv> = Object.freeze({
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
});

/** Options of {@link createJobRunner}. */
export interface JobRunnerOptions {
  /**
   * Server URL given to jobs as `ISOBAR_URL`; a function is asked at each submission (a server bound to port 0
   * knows its URL only once listening). @default none
   */
  readonly serverUrl?: string | (() => string | undefined);
  /**
   * Environment of job commands. A library never reads the process environment itself: launchers pass theirs
   * (usually `process.env`, as ecFlow's jobs inherit the server's).
   * @default {@link MINIMAL_JOB_ENV}
   */
  readonly env?: NodeJS.ProcessEnv;
  /** Logger. @default noopLogger */
  readonly logger?: Logger;
  /** Generation time after which a batch yields to the event loop, in ms. @default 5 */
  readonly sliceMs?: number;
  /**
   * Resolves once the submission records (new try number and password) are durable; awaited before each
   * ECF_JOB_CMD starts, so a crash can never lead to a job running twice under one try number. @default none
   */
  readonly durable?: () => Promise<void>;
}

/** {@link JobRunnerOptions} with defaults applied. */
export interface ResolvedJobRunnerOptions {
  /** The job environment without ISOBAR_URL (see {@link ResolvedJobRunnerOptions.envNow}). */
  readonly env: NodeJS.ProcessEnv;
  /** The job environment now, with ISOBAR_URL when the server URL is known. */
  readonly envNow: () => NodeJS.ProcessEnv;
  readonly logger: Logger;
  readonly sliceMs: number;
  readonly durable: () => Promise<void>;
}

/** Applies defaults; `serverUrl` becomes `ISOBAR_URL` in the job environment. */
export function resolveJobRunnerOptions(options: JobRunnerOptions = {}): ResolvedJobRunnerOptions {
  const env = { ...(options.env ?? MINIMAL_JOB_ENV) };
  const url = options.serverUrl;
  const urlNow = typeof url === 'function' ? url : () => url;
  const envNow = (): NodeJS.ProcessEnv => {
    const current = urlNow();
    return current === undefined ? env : { ...env, ISOBAR_URL: current };
  };
  const durable = options.durable ?? (() => Promise.resolve());
  return { env, envNow, logger: options.logger ?? noopLogger, sliceMs: options.sliceMs ?? 5, durable };
}

/** Starts jobs (the engine's {@link JobSubmitter}) and runs ECF_KILL_CMD / ECF_STATUS_CMD. */
export interface JobRunner extends JobSubmitter {
  /** Queues the task's job; generation and submission happen in batches that yield to the event loop. */
  submit(task: SubmittableNode): Promise<void>;
  /** Runs the task's ECF_KILL_CMD; resolves with its exit code. */
  kill(path: string): Promise<number>;
  /** Runs the task's ECF_STATUS_CMD; resolves with its exit code. */
  status(path: string): Promise<number>;
  /** Resolves when every queued job is generated and every started ECF_JOB_CMD has exited. */
  idle(): Promise<void>;
  /** Uses `script` instead of the located script for the task's next job only (`editScript submit`). */
  useScriptOnce(path: string, script: TaskScript): void;
  /** ECF_JOB_CMDs started since the runner was created. */
  readonly submitted: number;
  /** Ends the launcher shell (jobs already started keep running). */
  close(): void;
}

interface QueuedJob {
  readonly task: SubmittableNode;
  readonly tryNo: number;
  readonly done: () => void;
}

/**
 * Creates the job runner. Failures mark the task aborted with ecFlow's flag (`no_script`, `edit_failed`,
 * `ecfcmd_failed` — no automatic retry follows them) and the reason, and are logged; a task that moved on
 * meanwhile (new try, deleted, already active) is left alone.
 *
 * @example
 * const engine = createEngine({ submitter: { submit: (task) => runner.submit(task) } });
 * const runner = createJobRunner(engine, { serverUrl: 'http://127.0.0.1:3141' });
 */
export function createJobRunner(source: JobEngineSource, options: JobRunnerOptions = {}): JobRunner {
  const resolved = resolveJobRunnerOptions(options);
  const engineOf = typeof source === 'function' ? source : () => source;
  const queue: QueuedJob[] = [];
  const running = new Set<Promise<unknown>>();
  const scripts = new Map<string, TaskScript>();
  const launcher = createShellLauncher();
  let submitted = 0;
  let pumping: Promise<void> | undefined;

  // Tasks already put back to queued once (see dummyTask).
  const dummies = new WeakSet<SubmittableNode>();
  const dummyTask = (job: QueuedJob): void => {
    if (dummies.has(job.task)) {
      // A scheduler that re-submits the dummy at once would spin; it should not submit ECF_DUMMY_TASK tasks.
      resolved.logger.warn('ECF_DUMMY_TASK submitted again: left submitted', { path: job.task.path });
      return;
    }
    dummies.add(job.task);
    backToQueued(engineOf(), job);
  };
  const lookupFor = (task: SubmittableNode): VariableLookup => taskLookup(engineOf(), task);
  const fail = (job: Pick<QueuedJob, 'task' | 'tryNo'>, flag: JobFailureFlag, reason: string): void => {
    try {
      failJob(engineOf(), job, { flag, reason, logger: resolved.logger });
    } catch (error) {
      // Recording the failure failed (e.g. the engine is closing): log it, never reject a job promise.
      resolved.logger.error('could not record a job failure', { path: job.task.path, reason, error: String(error) });
    }
  };

  async function startOne(job: QueuedJob, files: ReturnType<typeof createScriptFiles>): Promise<void> {
    const { task } = job;
    try {
      const env = resolved.envNow();
      const script = scripts.get(task.path);
      scripts.delete(task.path);
      const lookup = lookupFor(task);
      // A job file of this try exists only once this submission is durable: after a crash, a submitted task
      // without one never started and is submitted again under a new try number (see lostSubmissions).
      await removeStaleJobFile(lookup('ECF_JOB'));
      await resolved.durable();
      if (!isCurrent(engineOf(), job)) return; // deleted or re-queued while the journal was written
      const generated = await generateJob({ task, lookup, files, env, script });
      if (generated.kind === 'dummy') return dummyTask(job);
      // Deleted or submitted again while the job file was written: that submission starts its own job.
      if (!isSameTry(engineOf(), job)) return;
      const started = launcher.start(generated.command, env);
      submitted++;
      const exited = started.exited.then(
        (code) => code === 0 || fail(job, 'ecfcmd_failed', `ECF_JOB_CMD exited with ${code}: ${generated.command}`),
        (error: unknown) => fail(job, 'ecfcmd_failed', `ECF_JOB_CMD could not start: ${String(error)}`),
      );
      running.add(exited);
      void exited.finally(() => running.delete(exited));
    } catch (error) {
      // Never rethrown: a failure aborts this task only and the queue keeps moving.
      fail(job, jobFailureFlag(error), error instanceof Error ? error.message : String(error));
    }
  }

  async function pump(): Promise<void> {
    // One file cache per batch: includes are read once per batch, and edits between batches are seen.
    const files = createScriptFiles();
    // A few jobs at once: their file writes and the journal's fsync overlap, and one commit covers them all.
    const inFlight = new Set<Promise<void>>();
    let sliceStart = performance.now();
    for (;;) {
      const current = queue.shift();
      if (current === undefined) {
        // Jobs queued while the last ones finish are taken by this pump: it ends only with nothing left.
        if (inFlight.size === 0) break;
        await Promise.race(inFlight);
        continue;
      }
      const started = startOne(current, files).then(() => current.done());
      inFlight.add(started);
      void started.finally(() => inFlight.delete(started));
      if (inFlight.size >= PARALLEL_SUBMISSIONS) await Promise.race(inFlight);
      if (performance.now() - sliceStart >= resolved.sliceMs) {
        await yieldToLoop();
        sliceStart = performance.now();
      }
    }
    pumping = undefined;
  }

  async function runCommand(path: string, name: 'ECF_KILL_CMD' | 'ECF_STATUS_CMD'): Promise<number> {
    const engine = engineOf();
    const node = engine.node(path);
    const command = substituteCommand(name, (variable) => engine.variable(node.path, variable)?.value);
    const code = await launcher.start(command, resolved.envNow()).exited;
    if (code !== 0) resolved.logger.warn(`${name} failed`, { path, code, command });
    return code;
  }

  return {
    submit(task) {
      const queued = new Promise<void>((done) => queue.push({ task, tryNo: task.tryNo, done }));
      pumping ??= yieldToLoop().then(pump);
      return queued;
    },
    kill: (path) => runCommand(path, 'ECF_KILL_CMD'),
    useScriptOnce: (path, script) => void scripts.set(path, script),
    close: () => launcher.close(),
    get submitted() {
      return submitted;
    },
    status: (path) => runCommand(path, 'ECF_STATUS_CMD'),
    async idle() {
      while (pumping !== undefined || running.size > 0) {
        await pumping;
        await Promise.all([...running]);
      }
    },
  };
}

async function removeStaleJobFile(file: string | undefined): Promise<void> {
  if (file === undefined || file === '') return;
  // Missing is the usual case; anything else surfaces when the job file is written.
  await rm(file, { force: true }).catch(() => undefined);
}

/**
 * Tasks a crash left `submitted` whose job never started: no job file for their current try (the runner removes
 * a stale one before the submission is journaled and writes the new one only after). Dummy and no-script tasks
 * have no job file and are left alone.
 */
export function lostSubmissions(engine: Engine): SubmittableNode[] {
  const lost: SubmittableNode[] = [];
  for (const node of engine.tree.index.values()) {
    if (!isSubmittable(node) || node.state !== NodeState.submitted) continue;
    const lookup = taskLookup(engine, node);
    if (lookup('ECF_DUMMY_TASK') !== undefined || lookup('ECF_NO_SCRIPT') !== undefined) continue;
    const file = lookup('ECF_JOB');
    if (file !== undefined && file !== '' && !existsSync(file)) lost.push(node);
  }
  return lost;
}

/** Variables of a task's job: ECF_TRYNO, ECF_NAME and ECF_PASS always the generated ones (ecFlow). */
export function taskLookup(engine: Engine, task: SubmittableNode): VariableLookup {
  return (name) => {
    if (name === 'ECF_TRYNO') return String(task.tryNo);
    if (name === 'ECF_NAME') return task.path;
    if (name === 'ECF_PASS') return task.password;
    return engine.variable(task.path, name)?.value;
  };
}

function isSameTry(engine: Engine, job: Pick<QueuedJob, 'task' | 'tryNo'>): boolean {
  return engine.tree.index.get(job.task.path) === job.task && job.task.tryNo === job.tryNo;
}

function isCurrent(engine: Engine, job: Pick<QueuedJob, 'task' | 'tryNo'>): boolean {
  const { task, tryNo } = job;
  return engine.tree.index.get(task.path) === task && task.tryNo === tryNo && task.state === NodeState.submitted;
}

function failJob(
  engine: Engine,
  job: Pick<QueuedJob, 'task' | 'tryNo'>,
  failure: { readonly flag: JobFailureFlag; readonly reason: string; readonly logger: Logger },
): void {
  const { task } = job;
  const { flag, reason, logger } = failure;
  if (!isCurrent(engine, job)) {
    // ecFlow: a job command failing after the task went active/complete does not abort it.
    logger.warn('job failure for a task that moved on', { path: task.path, flag, reason });
    return;
  }
  logger.error('job submission failed', { path: task.path, flag, reason });
  engine.transaction((ctx) => markSubmissionFailed(ctx, task, { reason, flag }));
}

/** Whether the task's job is a dummy (ECF_DUMMY_TASK defined): ecFlow never submits it and it stays queued. */
export function isDummyTask(engine: Engine, task: SubmittableNode): boolean {
  return engine.variable(task.path, 'ECF_DUMMY_TASK') !== undefined;
}

function backToQueued(engine: Engine, job: Pick<QueuedJob, 'task' | 'tryNo'>): void {
  // ECF_DUMMY_TASK: ecFlow never leaves queued; the engine already marked the task submitted, so undo that.
  if (!isCurrent(engine, job)) return;
  engine.transaction((ctx) => {
    ctx.batch.nodeChanged(job.task);
    setNodeState(ctx.tree, job.task, NodeState.queued);
  });
}
