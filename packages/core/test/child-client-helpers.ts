// Shared pieces of the isobar-child tests: a real server on 127.0.0.1:0 with a suite begun (so its task is
// submitted and has a password), and a way to run the real script with bash and the job's environment.
import { fileURLToPath } from 'node:url';
import { parseDefs } from '@isobar/protocol/defs';
import { runProcess, type ProcessExit } from '@isobar/test-utils';
import { createServer, stateName, type IsobarServer, type ServerOptions, type SubmittableNode } from '../src/index.js';

/** The script under test. */
export const CHILD = fileURLToPath(new URL('../share/isobar-child', import.meta.url));
/** The ecflow_client compatibility entry. */
export const COMPAT_CLIENT = fileURLToPath(new URL('../share/compat/ecflow_client', import.meta.url));

/** One task with an event, a meter, a label and a queue. */
export const CHILD_DEF = 'suite s\n task t\n  event e\n  meter m 0 100\n  label l ""\n  queue q a b c\nendsuite\n';

/** A started server with the suite of {@link CHILD_DEF} loaded and begun. */
export interface ChildServer {
  readonly server: IsobarServer;
  readonly url: string;
  readonly port: number;
  /** The task's current job environment (ECF_NAME, ECF_PASS, ECF_TRYNO, ISOBAR_URL). */
  job(path?: string): Record<string, string>;
  /** The task node. */
  task(path?: string): SubmittableNode;
  /** The task's state name. */
  state(path?: string): string;
}

/** Starts a server on 127.0.0.1:0, loads and begins {@link CHILD_DEF} (or `def`). */
export async function startChildServer(options: ServerOptions = {}, def = CHILD_DEF): Promise<ChildServer> {
  const server = createServer({ port: 0, ...options });
  server.start();
  await server.allowAccess();
  const address = server.address()!;
  server.engine.load(parseDefs(def, { file: 'child.def' }));
  server.engine.begin();
  server.scheduler?.flush();
  const task = (path = '/s/t') => server.engine.node(path) as SubmittableNode;
  return {
    server,
    url: address.url,
    port: Number(new URL(address.url).port),
    task,
    state: (path) => stateName(task(path).state),
    job: (path = '/s/t') => ({
      ECF_NAME: path,
      ECF_PASS: task(path).password,
      ECF_TRYNO: String(task(path).tryNo),
      ISOBAR_URL: address.url,
    }),
  };
}

/** Runs `isobar-child` (or `script`) with bash, the given args and only the given environment (plus PATH). */
export function runChild(
  args: readonly string[],
  env: Record<string, string>,
  script = CHILD,
): Promise<ProcessExit & { stdout: string; stderr: string }> {
  return runProcess('/bin/bash', {
    args: [script, ...args],
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ISOBAR_CHILD_RETRY_SECONDS: '0.05', ...env },
    timeoutMs: 30_000,
  });
}
