import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { parseDefs } from '@isobar/protocol/defs';
import { createEngine, createScheduler, createServer, VirtualClock, type Engine, type Scheduler } from '@isobar/core';

/** The argument that turns a run of the bench's bundle into the child process {@link isobarServerRss} measures. */
export const RSS_CHILD_FLAG = '--rss-child';

/** What the child reports (MB). */
export interface IsobarRss {
  /** RSS of the process before reading the file (node and @isobar/core with its dependencies loaded). */
  readonly emptyMb: number;
  /**
   * The same once an HTTP server (no suite) listens on 127.0.0.1 and has answered a health check, a metrics scrape
   * and a 404: what an idle server process costs. The suite is then loaded into that server's engine.
   */
  readonly emptyServerMb: number;
  /** RSS after load + begin + the scheduler's first turn and full GCs (the young generation still grown). */
  readonly afterGcMb: number;
  /**
   * RSS of the idle server a few seconds later: a GC after ~6 s without allocation shrinks the young generation
   * back, as V8's memory reducer does on its own for an idle process. What "a loaded server" costs.
   */
  readonly loadedMb: number;
  /** The same without file-backed pages (the node binary's code, ~40 MB, shared with other processes). */
  readonly loadedAnonMb: number;
  /** V8's heap in use at that point. */
  readonly heapUsedMb: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A field of /proc/<pid>/status in MB (`VmRSS`; `RssAnon`: without the pages of the mapped files). */
export function procStatusMb(pid: number | 'self', field: 'VmRSS' | 'RssAnon'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN) / 1024;
}

const rssMb = (): number => procStatusMb('self', 'VmRSS');

// The file is read, parsed and loaded in a frame of its own: nothing of the text or the parsed Defs is held
// when the memory is measured, as in a server whose load request has been answered.
function loadFile(engine: Engine, scheduler: Scheduler, file: string): void {
  engine.load(parseDefs(readFileSync(file, 'utf8'), { file }));
  engine.begin();
  scheduler.flush();
}

// node:http, not fetch: fetch would load undici into the measured process, which a server does not.
function get(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        res.resume();
        res.on('end', resolve);
      })
      .on('error', reject);
  });
}

/** An idle server on the engine (no scheduler of its own: `engine`'s runs on a virtual clock, jobs go nowhere). */
async function startServer(engine: Engine): Promise<{ stop: () => Promise<void> }> {
  const server = createServer({ host: '127.0.0.1', port: 0, engine });
  server.start();
  await server.allowAccess();
  const url = server.address()?.url ?? '';
  for (const path of ['/v1/health', '/v1/metrics', '/nowhere']) await get(`${url}${path}`);
  return server;
}

/**
 * The child's side: loads `file` as a server would (default engine options: the change log keeps its default
 * ring), then prints {@link IsobarRss} as JSON. Run with `--expose-gc`.
 */
export async function runRssChild(file: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  gc();
  const emptyMb = rssMb();
  const clock = new VirtualClock(Date.UTC(2024, 0, 1));
  const engine = createEngine({ clock, submitter: { submit: () => undefined } });
  const scheduler = createScheduler(engine, { clock, autoRun: false });
  const server = await startServer(engine);
  for (let i = 0; i < 2; i++) {
    gc();
    await sleep(200);
  }
  const emptyServerMb = rssMb();
  loadFile(engine, scheduler, file);
  // Two full GCs: the first one's freed pages are returned by the concurrent sweeper, which the second waits for.
  gc();
  await sleep(500);
  gc();
  await sleep(200);
  const afterGcMb = rssMb();
  // V8 shrinks the young generation (grown to its maximum, ~32 MB, by the load) at a GC when the allocation rate
  // of the last seconds is low: four idle rounds of 2 s reach that steady state (measured: no change after).
  for (let i = 0; i < 4; i++) {
    await sleep(2000);
    gc();
  }
  await sleep(200);
  const heapUsedMb = process.memoryUsage().heapUsed / 2 ** 20;
  const loadedAnonMb = procStatusMb('self', 'RssAnon');
  const result: IsobarRss = { emptyMb, emptyServerMb, afterGcMb, loadedMb: rssMb(), loadedAnonMb, heapUsedMb };
  process.stdout.write(`${JSON.stringify({ ...result, seq: engine.log.seq })}\n`);
  await server.stop();
}

/**
 * RSS of a fresh node process (this very script, `script`, run again with {@link RSS_CHILD_FLAG}) holding `file`
 * loaded and begun. `nodeFlags` are passed to node (e.g. `--max-semi-space-size=64`).
 */
export function isobarServerRss(script: string, file: string, nodeFlags: readonly string[] = []): IsobarRss {
  const out = execFileSync(process.execPath, ['--expose-gc', ...nodeFlags, script, RSS_CHILD_FLAG, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as IsobarRss;
}
