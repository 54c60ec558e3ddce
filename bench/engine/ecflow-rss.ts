import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { procStatusMb } from './isobar-rss.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** RSS (MB) of ecFlow's server before and after loading a .def file. */
export interface EcflowRss {
  /** The idle server with no suite. */
  readonly emptyMb: number;
  /** After `load` of the file. */
  readonly loadedMb: number;
  /** The same without file-backed pages. */
  readonly loadedAnonMb: number;
}

/** RSS of ecFlow 5.9.2's server before and after loading the .def `file`; undefined when ecFlow is not installed. */
export async function ecflowServerRss(file: string): Promise<EcflowRss | undefined> {
  const home = mkdtempSync(join(tmpdir(), 'ecf-bench-'));
  const port = await freePort();
  const server = spawn('/usr/sbin/ecflow_server', ['--port', String(port)], {
    env: { ...process.env, ECF_HOME: home },
    stdio: 'ignore',
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const pid = server.pid ?? 0;
    const emptyMb = procStatusMb(pid, 'VmRSS');
    const script = `import ecflow\nc = ecflow.Client('localhost', ${port})\nc.load('${file}')\n`;
    execFileSync('/usr/bin/python3', ['-c', script], { stdio: 'ignore' });
    return { emptyMb, loadedMb: procStatusMb(pid, 'VmRSS'), loadedAnonMb: procStatusMb(pid, 'RssAnon') };
  } catch {
    return undefined;
  } finally {
    server.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  }
}
