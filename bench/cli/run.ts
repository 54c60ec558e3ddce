// Start-up cost of the `isobar` CLI (issue 8): whole-process wall time of `isobar ping` against a live server,
// and of `isobar --version`, next to `node -e 0`, in the same run. Target: ping <= 1.5x node -e 0.
// Usage: node --conditions=@isobar/source --import tsx bench/cli/run.ts [--runs 20]
// The bundle is rebuilt first (packages/client/scripts/bundle.mjs). Runs are interleaved (node, ping, version,
// node, …) so load from elsewhere on the machine hits every side alike; the ratio is the median of per-round
// ratios. Prints a table and one JSON line.
import { execFileSync, fork, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'packages', 'client', 'dist', 'isobar.mjs');
const { values } = parseArgs({ options: { runs: { type: 'string' } } });
const runs = Number(values.runs ?? 20);

function timeProcess(args: readonly string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`${args.join(' ')}: exit ${code}`)),
    );
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = fork(join(root, 'bench', 'cli', 'server.ts'), [], {
    execArgv: ['--conditions=@isobar/source', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
  });
  return { url, stop: () => child.disconnect() };
}

execFileSync(process.execPath, [join(root, 'packages', 'client', 'scripts', 'bundle.mjs'), '--quiet']);
const server = await startServer();
const sides = {
  'node -e 0': ['-e', '0'],
  'isobar ping': [bin, 'ping', '--url', server.url],
  'isobar --version': [bin, '--version'],
} as const;
type Side = keyof typeof sides;
const times: Record<Side, number[]> = { 'node -e 0': [], 'isobar ping': [], 'isobar --version': [] };
try {
  for (const args of Object.values(sides)) await timeProcess(args); // warm the file cache
  for (let round = 0; round < runs; round++) {
    for (const side of Object.keys(sides) as Side[]) times[side].push(await timeProcess(sides[side]));
  }
} finally {
  server.stop();
}

const base = times['node -e 0'];
const ratio = (side: Side): number => median(times[side].map((ms, i) => ms / base[i]!));
console.log(`isobar CLI start-up, ${runs} interleaved rounds (whole-process wall time)`);
console.log(`${'command'.padEnd(18)} ${'median ms'.padStart(10)} ${'min ms'.padStart(8)} ${'ratio'.padStart(7)}`);
for (const side of Object.keys(sides) as Side[]) {
  const row = [
    side.padEnd(18),
    median(times[side]).toFixed(1).padStart(10),
    Math.min(...times[side])
      .toFixed(1)
      .padStart(8),
  ];
  console.log(`${row.join(' ')} ${ratio(side).toFixed(2).padStart(6)}x`);
}
const result = {
  bench: 'cli-startup',
  runs,
  nodeMs: Number(median(base).toFixed(1)),
  pingMs: Number(median(times['isobar ping']).toFixed(1)),
  versionMs: Number(median(times['isobar --version']).toFixed(1)),
  pingRatio: Number(ratio('isobar ping').toFixed(3)),
  versionRatio: Number(ratio('isobar --version').toFixed(3)),
  target: 1.5,
};
console.log(JSON.stringify(result));
