// Sequential `ping` round trips per second, side by side in one run (issue 5: the Isobar client must reach
// at least 1.0x the rate of ecFlow 5.9.2's Python client pinging ecflow_server):
//   isobar   createRpcClient (node:http hot path) -> bare node:http envelope server
//   axios    axios.post with a keep-alive agent + decodeEnvelope -> the same server (the design's first choice)
//   raw      a hand-written node:http keep-alive request loop -> the same server (the ceiling for Node)
//   ecflow   ecflow.Client('localhost', port).ping() -> ecflow_server --port N
// Usage: node --import tsx bench/rpc-client/run.ts [--calls 3000] [--rounds 5]
// Prints a table and one JSON line. Rates are medians over rounds; in each round every client takes its turn,
// so that load from elsewhere on the machine hits all of them alike.
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import axios from 'axios';
import { createRpcClient, decodeEnvelope } from '@isobar/protocol';
import { startEcflowPinger, type EcflowPinger } from './ecflow-pinger.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values } = parseArgs({ options: { calls: { type: 'string' }, rounds: { type: 'string' } } });
const calls = Number(values.calls ?? 3000);
const rounds = Number(values.rounds ?? 5);

type PingFn = () => Promise<unknown>;

async function startEnvelopeServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(join(here, 'envelope-server.ts'), { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  return { child, url: `http://127.0.0.1:${port}` };
}

function rawPinger(url: string, agent: http.Agent): PingFn {
  const { hostname, port } = new URL(url);
  const body = '{}';
  return () =>
    new Promise((resolve, reject) => {
      const req = http.request(
        {
          hostname,
          port,
          path: '/v1/rpc/ping',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': body.length },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve(JSON.parse(text)));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
}

async function rate(ping: PingFn): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < calls; i++) await ping();
  return (calls / (performance.now() - start)) * 1000;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Each round, every Node client and then ecFlow's client make `calls` sequential pings. */
async function measure(url: string, ecflow: EcflowPinger): Promise<Record<string, number[]>> {
  const client = createRpcClient({ urls: [url] });
  const agent = new http.Agent({ keepAlive: true });
  const ax = axios.create({ httpAgent: agent, validateStatus: () => true, timeout: 60_000 });
  const pingers: Record<string, PingFn> = {
    isobar: () => client.call('ping', {}),
    axios: async () => decodeEnvelope((await ax.post(`${url}/v1/rpc/ping`, {})).data),
    raw: rawPinger(url, agent),
  };
  const rates: Record<string, number[]> = { isobar: [], axios: [], raw: [], ecflow: [] };
  try {
    for (const ping of Object.values(pingers)) for (let i = 0; i < Math.min(calls, 500); i++) await ping();
    for (let round = 0; round < rounds; round++) {
      for (const [name, ping] of Object.entries(pingers)) rates[name]!.push(await rate(ping));
      rates['ecflow']!.push(await ecflow.ping());
    }
    return rates;
  } finally {
    client.close();
    agent.destroy();
  }
}

const envelope = await startEnvelopeServer();
const ecflowServer = await startEcflowPinger(calls);
let measured: Record<string, number[]>;
try {
  measured = await measure(envelope.url, ecflowServer);
} finally {
  envelope.child.disconnect();
  await ecflowServer.stop();
}

const rates: Record<string, number> = {};
for (const [name, xs] of Object.entries(measured)) rates[name] = Math.round(median(xs));
const ecflow = rates['ecflow']!;
const labels: Record<string, string> = {
  isobar: 'isobar createRpcClient (node:http)',
  axios: 'axios + keep-alive agent',
  raw: 'raw node:http keep-alive loop',
  ecflow: 'ecFlow 5.9.2 Python client -> ecflow_server',
};
console.log(`sequential ping round trips, ${calls} calls x ${rounds} rounds (median)`);
console.log(`${'client'.padEnd(46)} ${'calls/s'.padStart(9)} ${'vs ecflow'.padStart(10)}`);
for (const [name, value] of Object.entries(rates)) {
  console.log(`${labels[name]!.padEnd(46)} ${String(value).padStart(9)} ${(value / ecflow).toFixed(2).padStart(9)}x`);
}
const ratio = (a: string, b: string): number => Number((rates[a]! / rates[b]!).toFixed(3));
console.log(
  JSON.stringify({
    bench: 'rpc-client',
    calls,
    rounds,
    rates,
    ratios: {
      isobarVsEcflow: ratio('isobar', 'ecflow'),
      axiosVsEcflow: ratio('axios', 'ecflow'),
      rawVsEcflow: ratio('raw', 'ecflow'),
      isobarVsRaw: ratio('isobar', 'raw'),
    },
  }),
);
