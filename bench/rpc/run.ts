// Issue 5's RPC targets, side by side in one run:
//   load        keep-alive `ping` throughput with C concurrent connections (a node:http load loop) against
//               (a) the Isobar server and (b) a bare node:http server parsing the same body and answering the
//               same envelope; target: isobar >= 0.5x bare.
//   sequential  one createRpcClient making sequential `ping` calls to the Isobar server, vs ecFlow 5.9.2's
//               Python client pinging ecflow_server (bench/rpc-client's ecflow-ping.py).
// Usage: node --conditions=@isobar/source --import tsx bench/rpc/run.ts [--seconds 3] [--connections 32]
//        [--calls 3000] [--rounds 3] [--no-ecflow]
// Prints a table and one JSON line; figures are medians over rounds (each round runs every side once).
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRpcClient } from '@isobar/protocol';
import { startEcflowPinger } from '../rpc-client/ecflow-pinger.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values } = parseArgs({
  options: {
    seconds: { type: 'string' },
    connections: { type: 'string' },
    calls: { type: 'string' },
    rounds: { type: 'string' },
    'no-ecflow': { type: 'boolean' },
  },
});
const seconds = Number(values.seconds ?? 3);
const connections = Number(values.connections ?? 32);
const calls = Number(values.calls ?? 3000);
const rounds = Number(values.rounds ?? 3);

async function startChild(file: string): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(join(here, file), { execArgv: ['--conditions=@isobar/source', '--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  return { child, url: `http://127.0.0.1:${port}` };
}

/** Requests per second over `seconds` with `connections` keep-alive connections, each sequential. */
async function load(url: string): Promise<number> {
  const { hostname, port } = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const body = '{}';
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        {
          hostname,
          port,
          path: '/v1/rpc/ping',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': 2 },
        },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  let done = 0;
  const stopAt = performance.now() + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < stopAt) {
      await one();
      done++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const rate = (done / (performance.now() - start)) * 1000;
  agent.destroy();
  return rate;
}

async function sequential(url: string): Promise<number> {
  const client = createRpcClient({ urls: [url] });
  for (let i = 0; i < 300; i++) await client.call('ping');
  const start = performance.now();
  for (let i = 0; i < calls; i++) await client.call('ping');
  const rate = (calls / (performance.now() - start)) * 1000;
  client.close();
  return rate;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0);
}

const isobar = await startChild('isobar-server.ts');
const bare = await startChild('bare-server.ts');
const ecflow = values['no-ecflow'] === true ? undefined : await startEcflowPinger(calls);
const samples: Record<string, number[]> = { loadIsobar: [], loadBare: [], seqIsobar: [], seqEcflow: [] };
try {
  await load(isobar.url);
  await load(bare.url);
  for (let round = 0; round < rounds; round++) {
    // Alternate which side goes first, so that neither always follows the sequential client or ecFlow.
    if (round % 2 === 0) {
      samples['loadIsobar']!.push(await load(isobar.url));
      samples['loadBare']!.push(await load(bare.url));
    } else {
      samples['loadBare']!.push(await load(bare.url));
      samples['loadIsobar']!.push(await load(isobar.url));
    }
    samples['seqIsobar']!.push(await sequential(isobar.url));
    if (ecflow !== undefined) samples['seqEcflow']!.push(await ecflow.ping());
  }
} finally {
  isobar.child.disconnect();
  bare.child.disconnect();
  await ecflow?.stop();
}
const rates = Object.fromEntries(Object.entries(samples).map(([name, xs]) => [name, median(xs)]));
const ratio = (a: number, b: number): number | null => (b > 0 ? Number((a / b).toFixed(3)) : null);
const rows: [string, number][] = [
  [`load: isobar ping, ${connections} keep-alive connections`, rates['loadIsobar']!],
  [`load: bare node:http envelope server`, rates['loadBare']!],
  ['sequential: createRpcClient -> isobar ping', rates['seqIsobar']!],
  ['sequential: ecFlow 5.9.2 Python client -> ecflow_server', rates['seqEcflow']!],
];
console.log(`rpc ping, ${rounds} rounds (median), load ${seconds} s per side, sequential ${calls} calls`);
console.log(`${'side'.padEnd(58)} ${'req/s'.padStart(9)}`);
for (const [label, value] of rows) console.log(`${label.padEnd(58)} ${String(value).padStart(9)}`);
console.log(
  JSON.stringify({
    bench: 'rpc',
    seconds,
    connections,
    calls,
    rounds,
    rates,
    ratios: {
      isobarVsBareLoad: ratio(rates['loadIsobar']!, rates['loadBare']!),
      isobarClientVsEcflow: ratio(rates['seqIsobar']!, rates['seqEcflow']!),
    },
  }),
);
