// Client CPU per sequential ping, layer by layer, against the bare envelope server (a child process):
//   floor      one socket, fixed request bytes, "answer complete" = the body's closing braces (no parsing at all)
//   client     createRpcClient().call('ping'): its socket transport (pool, framing, parser, timeout), retry loop,
//              headers and envelope decoding
// Usage: node --conditions=@isobar/source --import tsx bench/rpc-client/cpu.ts [--calls 5000] [--rounds 12]
// Prints the lowest CPU µs per call of each layer over the rounds (the least disturbed by other load) and one
// JSON line.
import { fork } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRpcClient } from '@isobar/protocol/rpc';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values } = parseArgs({ options: { calls: { type: 'string' }, rounds: { type: 'string' } } });
const calls = Number(values.calls ?? 5000);
const rounds = Number(values.rounds ?? 12);

const child = fork(join(here, 'envelope-server.ts'), { execArgv: ['--import', 'tsx'] });
const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
const url = `http://127.0.0.1:${port}`;

const socket = connect({ port, host: '127.0.0.1' });
socket.setNoDelay(true);
await new Promise((resolve) => socket.once('connect', resolve));
let answered: (() => void) | undefined;
socket.on('data', (chunk: Buffer) => {
  if (chunk.indexOf('}}') >= 0) answered?.();
});
const head = 'user-agent: bench\r\naccept: application/json\r\ncontent-type: application/json\r\ncontent-length: 2\r\n';
const bytes = `POST /v1/rpc/ping HTTP/1.1\r\nhost: 127.0.0.1\r\n${head}\r\n{}`;
const client = createRpcClient({ urls: [url] });
const layers: Record<string, () => Promise<unknown>> = {
  floor: () =>
    new Promise<void>((resolve) => {
      answered = resolve;
      socket.write(bytes);
    }),
  client: () => client.call('ping'),
};

const lowest: Record<string, number> = {};
try {
  for (const run of Object.values(layers)) for (let i = 0; i < 1000; i++) await run();
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of Object.entries(layers)) {
      const cpu = process.cpuUsage();
      for (let i = 0; i < calls; i++) await run();
      const used = process.cpuUsage(cpu);
      lowest[name] = Math.min(lowest[name] ?? Infinity, (used.user + used.system) / calls);
    }
  }
} finally {
  client.close();
  socket.destroy();
  child.disconnect();
}
console.log(`client CPU per sequential ping, lowest of ${rounds} rounds x ${calls} calls`);
for (const [name, us] of Object.entries(lowest)) console.log(`${name.padEnd(10)} ${us.toFixed(1).padStart(7)} µs`);
console.log(JSON.stringify({ bench: 'rpc-client-cpu', calls, rounds, cpuUsPerCall: lowest }));
