import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** RSS (MB) of ecFlow 5.9.2's server after loading `defsText`, or undefined when ecFlow is not installed. */
export async function ecflowServerRss(defsText: string): Promise<number | undefined> {
  const home = mkdtempSync(join(tmpdir(), 'ecf-bench-'));
  const port = await freePort();
  const file = join(home, 'bench.def');
  writeFileSync(file, defsText);
  const server = spawn('/usr/sbin/ecflow_server', ['--port', String(port)], {
    env: { ...process.env, ECF_HOME: home },
    stdio: 'ignore',
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const script = `import ecflow\nc = ecflow.Client('localhost', ${port})\nc.load('${file}')\n`;
    execFileSync('/usr/bin/python3', ['-c', script], { stdio: 'ignore' });
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    return kb / 1024;
  } catch {
    return undefined;
  } finally {
    server.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  }
}
