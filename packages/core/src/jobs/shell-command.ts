import { spawn } from 'node:child_process';

/** A command started with `/bin/sh -c`. */
export interface StartedCommand {
  /** Process id of the shell. */
  readonly pid: number | undefined;
  /** Exit code (a signal counts as 128 + its number, as the shell reports it); rejects when it cannot start. */
  readonly exited: Promise<number>;
}

/** Options of {@link startShellCommand}. */
export interface ShellCommandOptions {
  /** Environment of the command. @default the server process's environment */
  readonly env?: NodeJS.ProcessEnv;
}

const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/**
 * Runs `command` through `/bin/sh -c` in its own process group (detached, so a job outlives the server and a
 * signal to the server's group does not reach it), stdio on /dev/null as ecFlow's forked child has.
 */
export function startShellCommand(command: string, options: ShellCommandOptions = {}): StartedCommand {
  const child = spawn('/bin/sh', ['-c', command], {
    detached: true,
    stdio: 'ignore',
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(code ?? 128 + (SIGNAL_NUMBERS[signal ?? ''] ?? 0)));
  });
  return { pid: child.pid, exited };
}

/** Runs `command` and returns its stdout; rejects on a non-zero exit (ECF_FETCH, ECF_SCRIPT_CMD). */
export async function captureShellCommand(command: string, env?: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn('/bin/sh', ['-c', command], {
    stdio: ['ignore', 'pipe', 'ignore'],
    ...(env === undefined ? {} : { env }),
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`command exited with ${String(code)}: ${command}`);
  return Buffer.concat(chunks).toString('utf8');
}
