// Sequential `ping` round trips per second, side by side in one run (issue 5: the Isobar client must reach
// at least 1.0x the rate of ecFlow 5.9.2's Python client pinging ecflow_server):
//   isobar   createRpcClient (its own keep-alive socket transport) -> bare node:http envelope server
//   raw      a hand-written node:http keep-alive request loop -> the same server (Node's stock HTTP stack)
//   axios    (with --axios) axios.post with a keep-alive agent + decodeEnvelope -> the same server
//   ecflow   ecflow.Client('localhost', port).ping() -> ecflow_server --port N
// Usage: node --conditions=@isobar/source --import tsx bench/rpc-client/run.ts [--calls 3000] [--rounds 7] [--axios]
// Sides are interleaved round by round (the order alternates), so load from elsewhere on the machine hits all
// of them alike. Prints medians, spreads, the client CPU per call of the Node sides, the median of the
// per-round ratios, and one JSON line.
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import axios from 'axios';
import { decodeEnvelope } from '@isobar/protocol';
import { createRpcClient } from '@isobar/protocol/rpc';
import { startEcflowPinger } from './ecflow-pinger.js';
import { measureSequential, type NodePingStats } from './sequential.js';
import { jsonOf, printSummary, summarize } from './summary.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values } = parseArgs({
  options: { calls: { type: 'string' }, rounds: { type: 'string' }, axios: { type: 'boolean' } },
});
const calls = Number(values.calls ?? 3000);
const rounds = Number(values.rounds ?? 7);

type PingFn = () => Promise<unknown>;

async function startEnvelopeServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(join(here, 'envelope-server.ts'), { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  return { child, url: `http://127.0.0.1:${port}` };
}

function rawPinger(url: string, agent: http.Agent): PingFn {
  const { hostname, port } = new URL(url);
  const body = '{}';
  const headers = { 'content-type': 'application/json', 'content-length': body.length };
  return () =>
    new Promise((resolve, reject) => {
      const req = http.request({ hostname, port, path: '/v1/rpc/ping', method: 'POST', agent, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(JSON.parse(text)));
      });
      req.on('error', reject);
      req.end(body);
    });
}

const envelope = await startEnvelopeServer();
const ecflow = await startEcflowPinger(calls);
const client = createRpcClient({ urls: [envelope.url] });
const agent = new http.Agent({ keepAlive: true });
const ax = axios.create({ httpAgent: agent, validateStatus: () => true, timeout: 60_000 });
const pingers: Record<string, PingFn> = {
  isobar: () => client.call('ping', {}),
  raw: rawPinger(envelope.url, agent),
  ...(values.axios === true
    ? { axios: async () => decodeEnvelope((await ax.post(`${envelope.url}/v1/rpc/ping`, {})).data) }
    : {}),
};
const stats: Record<string, NodePingStats[]> = { ecflow: [] };
for (const name of Object.keys(pingers)) stats[name] = [];
try {
  for (const ping of Object.values(pingers)) for (let i = 0; i < Math.min(calls, 500); i++) await ping();
  for (let round = 0; round < rounds; round++) {
    // ecFlow runs between the Node sides, first or second alternately.
    const order = round % 2 === 0 ? ['isobar', 'ecflow', 'raw', 'axios'] : ['ecflow', 'isobar', 'axios', 'raw'];
    for (const name of order) {
      const ping = pingers[name];
      if (name === 'ecflow') stats['ecflow']!.push({ ...(await ecflow.ping()), cpuUs: Number.NaN });
      else if (ping !== undefined) stats[name]!.push(await measureSequential(ping, calls));
    }
  }
} finally {
  client.close();
  agent.destroy();
  envelope.child.disconnect();
  await ecflow.stop();
}

const labels: Record<string, string> = {
  isobar: 'isobar createRpcClient (socket transport)',
  raw: 'raw node:http keep-alive loop',
  axios: 'axios + keep-alive agent',
  ecflow: 'ecFlow 5.9.2 Python client -> ecflow_server',
};
const summary = summarize(stats, 'ecflow');
console.log(`sequential ping round trips, ${calls} calls x ${rounds} rounds, interleaved (medians; spread = min-max)`);
printSummary(summary, labels);
console.log(
  JSON.stringify({
    bench: 'rpc-client',
    calls,
    rounds,
    ...jsonOf(summary),
  }),
);
