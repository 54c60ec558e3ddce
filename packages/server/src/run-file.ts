// `<home>/run/server.json`: how scripts and the local CLI find a running server, and how a second server on the
// same home notices the first.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IsobarError } from '@isobar/protocol';

/** The contents of `run/server.json` (INTERFACES.md). */
export interface RunInfo {
  readonly url: string;
  readonly pid: number;
  readonly version: string;
  readonly startedAt: string;
}

/** Path of the run file of `home`. */
export function runFilePath(home: string): string {
  return join(home, 'run', 'server.json');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Reads the run file of `home` if there is one and its process is still alive (a stale file left by a crash
 * is ignored).
 */
export async function readLiveRunInfo(home: string): Promise<RunInfo | undefined> {
  let info: Partial<RunInfo>;
  try {
    info = JSON.parse(await readFile(runFilePath(home), 'utf8')) as Partial<RunInfo>;
  } catch {
    return undefined;
  }
  if (typeof info.pid !== 'number' || info.pid === process.pid || !isAlive(info.pid)) return undefined;
  return info as RunInfo;
}

/**
 * Refuses to start a second server on a home whose server is running: both would own the same journal.
 *
 * @throws IsobarError `CONFLICT` naming the running server.
 */
export async function assertHomeFree(home: string): Promise<void> {
  const running = await readLiveRunInfo(home);
  if (running === undefined) return;
  throw new IsobarError('CONFLICT', {
    details: { reason: `a server (pid ${running.pid}, ${running.url}) already runs on ${home}`, home },
  });
}

/** Writes the run file atomically (temporary file, then rename), so readers never see half of it. */
export async function writeRunFile(home: string, info: RunInfo): Promise<void> {
  const path = runFilePath(home);
  await mkdir(join(home, 'run'), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o644 });
  await rename(temp, path);
}

/** Removes the run file if it is still ours. */
export async function removeRunFile(home: string): Promise<void> {
  try {
    const info = JSON.parse(await readFile(runFilePath(home), 'utf8')) as Partial<RunInfo>;
    if (info.pid !== process.pid) return;
  } catch {
    return;
  }
  await rm(runFilePath(home), { force: true });
}
