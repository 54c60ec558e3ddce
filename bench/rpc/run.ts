// Issue 5's RPC targets, side by side in one run:
//   load        keep-alive `ping` throughput with C concurrent connections (a node:http load loop) against
//               (a) the Isobar server and (b) a bare node:http server parsing the same body and answering the
//               same envelope; target: isobar >= 0.5x bare.
//   sequential  one createRpcClient making sequential `ping` calls to the Isobar server, vs ecFlow 5.9.2's
//               Python client pinging ecflow_server (bench/rpc-client's ecflow-ping.py); target >= 1.0x.
// Usage: node --conditions=@isobar/source --import tsx bench/rpc/run.ts [--seconds 2] [--connections 32]
//        [--calls 3000] [--rounds 7] [--no-ecflow]
// The machine is shared: every round runs every side once, in alternating order, and the figures are medians
// over rounds of each side and of the per-round ratios (both sides of a ratio ran back to back), with the
// spread (min-max) beside them. Prints tables and one JSON line.
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRpcClient } from '@isobar/protocol/rpc';
import { startEcflowPinger } from '../rpc-client/ecflow-pinger.js';
import { measureSequential, type NodePingStats } from '../rpc-client/sequential.js';
import { median, pairedRatios, round3, spread } from '../rpc-client/stats.js';
import { jsonOf, printSummary, summarize } from '../rpc-client/summary.js';

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
const seconds = Number(values.seconds ?? 2);
const connections = Number(values.connections ?? 32);
const calls = Number(values.calls ?? 3000);
const rounds = Number(values.rounds ?? 7);

async function startChild(file: string): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(join(here, file), { execArgv: ['--conditions=@isobar/source', '--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  return { child, url: `http://127.0.0.1:${port}` };
}

/** Requests per second over `seconds` with `connections` keep-alive connections, each sequential. */
async function load(url: string): Promise<number> {
  const { hostname, port } = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const headers = { 'content-type': 'application/json', 'content-length': 2 };
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = http.request({ hostname, port, path: '/v1/rpc/ping', method: 'POST', agent, headers }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end('{}');
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

const isobar = await startChild('isobar-server.ts');
const bare = await startChild('bare-server.ts');
const ecflow = values['no-ecflow'] === true ? undefined : await startEcflowPinger(calls);
const client = createRpcClient({ urls: [isobar.url] });
const loadRates: Record<'isobar' | 'bare', number[]> = { isobar: [], bare: [] };
const sequential: Record<string, NodePingStats[]> = { isobar: [], ...(ecflow === undefined ? {} : { ecflow: [] }) };
try {
  await load(isobar.url);
  await load(bare.url);
  for (let i = 0; i < 500; i++) await client.call('ping');
  for (let round = 0; round < rounds; round++) {
    // Alternate which side goes first, so that neither always follows the same neighbour.
    const first = round % 2 === 0;
    for (const side of first ? (['isobar', 'bare'] as const) : (['bare', 'isobar'] as const)) {
      loadRates[side].push(await load(side === 'isobar' ? isobar.url : bare.url));
    }
    const ours = async (): Promise<void> =>
      void sequential['isobar']!.push(await measureSequential(() => client.call('ping'), calls));
    const theirs = async (): Promise<void> => {
      if (ecflow !== undefined) sequential['ecflow']!.push({ ...(await ecflow.ping()), cpuUs: Number.NaN });
    };
    if (first) {
      await ours();
      await theirs();
    } else {
      await theirs();
      await ours();
    }
  }
} finally {
  client.close();
  isobar.child.disconnect();
  bare.child.disconnect();
  await ecflow?.stop();
}

const loadRatios = pairedRatios(loadRates.isobar, loadRates.bare);
console.log(`rpc ping, ${rounds} interleaved rounds; medians, spread = min-max`);
console.log(`load: ${connections} keep-alive connections, ${seconds} s per side and round`);
console.log(`${'side'.padEnd(50)} ${'req/s'.padStart(9)} ${'spread'.padStart(12)}`);
for (const [label, xs] of [
  ['isobar server', loadRates.isobar],
  ['bare node:http envelope server', loadRates.bare],
] as const) {
  console.log(`${label.padEnd(50)} ${median(xs).toFixed(0).padStart(9)} ${spread(xs).padStart(12)}`);
}
console.log(
  `isobar / bare, median of per-round ratios: ${median(loadRatios).toFixed(2)} (spread ${spread(loadRatios, 2)})`,
);
console.log(`sequential: ${calls} calls per side and round`);
const summary = summarize(sequential, ecflow === undefined ? 'isobar' : 'ecflow');
printSummary(summary, {
  isobar: 'createRpcClient -> isobar server',
  ecflow: 'ecFlow 5.9.2 Python client -> ecflow_server',
});
console.log(
  JSON.stringify({
    bench: 'rpc',
    seconds,
    connections,
    calls,
    rounds,
    load: {
      rates: { isobar: Math.round(median(loadRates.isobar)), bare: Math.round(median(loadRates.bare)) },
      isobarVsBare: round3(median(loadRatios)),
      isobarVsBareSpread: spread(loadRatios, 2),
    },
    sequential: jsonOf(summary),
  }),
);
