import { spawn, type ChildProcess } from 'node:child_process';

/** Options of {@link startProcess}. */
export interface StartProcessOptions {
  /** Arguments after the command. */
  readonly args?: readonly string[];
  /** Working directory. */
  readonly cwd?: string;
  /** Environment; defaults to the test's own. */
  readonly env?: NodeJS.ProcessEnv;
  /** Text written to stdin, which is then closed. By default stdin is closed at once. */
  readonly input?: string;
}

/** How a process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A child process under test, with its output collected. */
export interface TestProcess extends AsyncDisposable {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout+stderr (line by line); rejects on exit or timeout. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves when the process has exited. */
  exited(): Promise<ProcessExit>;
  /** Sends `signal` and waits; escalates to SIGKILL after `graceMs`. Idempotent. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<ProcessExit>;
}

/**
 * Spawns a real child process whose output is collected and that is always reaped: `stop()` escalates to
 * SIGKILL, and disposal stops it.
 *
 * @example
 * ```ts
 * await using server = startProcess(process.execPath, { args: ['server.js'] });
 * await server.waitForLine(/listening on (\S+)/);
 * ```
 */
export function startProcess(command: string, options: StartProcessOptions = {}): TestProcess {
  const child = spawn(command, options.args ?? [], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
    for (const listener of listeners) listener();
  });
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.input ?? '');
  const exit = new Promise<ProcessExit>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });

  const waitForLine = (pattern: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        for (const line of `${out}\n${err}`.split('\n')) {
          const match = pattern.exec(line);
          if (match) {
            done();
            resolve(match);
            return true;
          }
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(`timed out after ${timeoutMs} ms waiting for ${String(pattern)}\nstdout:\n${out}\nstderr:\n${err}`),
        );
      }, timeoutMs);
      const onExit = (): void => {
        if (check()) return;
        done();
        reject(new Error(`process exited before printing ${String(pattern)}\nstdout:\n${out}\nstderr:\n${err}`));
      };
      const done = (): void => {
        clearTimeout(timer);
        listeners.delete(listener);
        child.off('close', onExit);
      };
      const listener = (): void => void check();
      listeners.add(listener);
      child.once('close', onExit);
      check();
    });

  const stop = async (signal: NodeJS.Signals = 'SIGTERM', graceMs = 5_000): Promise<ProcessExit> => {
    await spawned.catch(() => undefined);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    }
    return exit;
  };

  return {
    child,
    pid: child.pid ?? -1,
    stdout: () => out,
    stderr: () => err,
    waitForLine,
    exited: () => exit,
    stop,
    [Symbol.asyncDispose]: async () => {
      await stop('SIGKILL');
    },
  };
}

/** Runs a command to completion and returns its exit and output. */
export async function runProcess(
  command: string,
  options: StartProcessOptions & { timeoutMs?: number } = {},
): Promise<ProcessExit & { stdout: string; stderr: string }> {
  const proc = startProcess(command, options);
  const timer = setTimeout(() => void proc.stop('SIGKILL'), options.timeoutMs ?? 60_000);
  const result = await proc.exited();
  clearTimeout(timer);
  return { ...result, stdout: proc.stdout(), stderr: proc.stderr() };
}
