import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { startShellCommand, type StartedCommand } from './shell-command.js';

/**
 * The loop of the launcher shell: reads `id NUL command NUL` pairs and runs each command with `/bin/sh -c` in the
 * background, stdio on /dev/null, then writes `id status` (one short line: atomic on a pipe).
 */
const LAUNCHER_LOOP = `while IFS= read -r -d '' id && IFS= read -r -d '' cmd; do
  ( /bin/sh -c "$cmd" </dev/null >/dev/null 2>&1; printf '%s %s\\n' "$id" "$?" ) &
done`;

const BASH = '/bin/bash';

type Launcher = ChildProcessByStdio<Writable, Readable, null>;

interface Pending {
  readonly owner: Launcher;
  readonly resolve: (code: number) => void;
  readonly reject: (error: Error) => void;
}

/** Starts shell commands (ECF_JOB_CMD, ECF_KILL_CMD, ECF_STATUS_CMD) for the job runner. */
export interface ShellLauncher {
  /** Runs `command` with `/bin/sh -c` in the given environment; resolves with its exit status. */
  start(command: string, env: NodeJS.ProcessEnv): StartedCommand;
  /** Lets the launcher shell end once its commands have been handed over (commands keep running). */
  close(): void;
}

/**
 * Creates the launcher: one small bash process (in its own process group, so a signal to the server's group does
 * not reach jobs) that forks every command. Forking the server itself costs milliseconds per job once it holds a
 * large suite — the page tables of its whole heap are copied — while forking a shell of a few megabytes costs
 * next to nothing. The shell is started on first use and again when the environment changes (ISOBAR_URL is known
 * once the server listens). Without bash each command is spawned directly.
 */
export function createShellLauncher(): ShellLauncher {
  if (!existsSync(BASH)) return { start: (command, env) => startShellCommand(command, { env }), close: () => {} };
  let shell: { readonly child: Launcher; readonly envKey: string } | undefined;
  const pending = new Map<number, Pending>();
  let nextId = 1;

  const failAll = (owner: Launcher, error: Error): void => {
    for (const [id, waiter] of pending) {
      if (waiter.owner !== owner) continue;
      pending.delete(id);
      waiter.reject(error);
    }
  };

  const open = (env: NodeJS.ProcessEnv, envKey: string): Launcher => {
    if (shell !== undefined && shell.envKey === envKey && shell.child.exitCode === null) return shell.child;
    shell?.child.stdin.end();
    const child = spawn(BASH, ['-c', LAUNCHER_LOOP], { detached: true, stdio: ['pipe', 'pipe', 'ignore'], env });
    const current = { child, envKey };
    shell = current;
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        settle(buffered.slice(0, end));
        buffered = buffered.slice(end + 1);
      }
    });
    const gone = (error: Error): void => {
      if (shell === current) shell = undefined;
      failAll(child, error);
    };
    child.once('error', gone);
    // 'close', not 'exit': commands still running after the shell ended (close(), a new environment) report
    // through the same pipe until they finish.
    child.once('close', () => gone(new Error('the job launcher shell ended')));
    child.stdin.on('error', () => undefined); // reported by 'exit'
    return child;
  };

  const settle = (line: string): void => {
    const [id, code] = line.split(' ');
    const waiter = pending.get(Number(id));
    if (waiter === undefined) return;
    pending.delete(Number(id));
    waiter.resolve(Number(code));
    if (pending.size === 0) setIdle(true);
  };

  // While no command is pending the launcher must not keep the server's event loop alive.
  const setIdle = (idle: boolean): void => {
    const child = shell?.child;
    if (child === undefined) return;
    for (const handle of [child, child.stdin, child.stdout] as { ref(): void; unref(): void }[]) {
      if (idle) handle.unref();
      else handle.ref();
    }
  };

  return {
    start(command, env) {
      const child = open(env, JSON.stringify(env));
      const id = nextId++;
      const exited = new Promise<number>((resolve, reject) => pending.set(id, { owner: child, resolve, reject }));
      if (pending.size === 1) setIdle(false);
      child.stdin.write(`${id}\0${command}\0`);
      return { pid: undefined, exited };
    },
    close() {
      shell?.child.stdin.end();
      shell = undefined;
    },
  };
}
