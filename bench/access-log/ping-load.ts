// A keep-alive node:http load generator for server-overhead.ts when wrk is not installed, run in its own
// process so that it never shares the server's event loop. Usage: ping-load.ts <port> <seconds> <connections>
// Prints one JSON line {requests, seconds, errors}.
import { Agent, request } from 'node:http';

const [port = '0', seconds = '3', connections = '32'] = process.argv.slice(2);
const agent = new Agent({ keepAlive: true, maxSockets: Number(connections) });
const headers = { 'content-type': 'application/json', 'content-length': 2 };
let requests = 0;
let errors = 0;

function one(): Promise<void> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/v1/rpc/ping', method: 'POST', agent, headers }, (res) => {
      if (res.statusCode !== 200) errors++;
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
    req.end('{}');
  });
}

const start = performance.now();
const stopAt = start + Number(seconds) * 1000;
await Promise.all(
  Array.from({ length: Number(connections) }, async () => {
    while (performance.now() < stopAt) {
      await one();
      requests++;
    }
  }),
);
agent.destroy();
console.log(JSON.stringify({ requests, seconds: (performance.now() - start) / 1000, errors }));
