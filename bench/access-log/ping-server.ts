// A minimal node:http `ping` server for http-overhead.ts. Usage: ping-server.ts off|on [logFile]
// Prints {"port":N} once listening; on SIGTERM closes the access log and prints the requests served, the CPU
// time the process used while serving them, and the writer's stats.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createAccessLogMiddleware, createAccessLogWriter, type AccessLogWriter } from '@isobar/access-log';

const [mode = 'off', logFile = '/dev/null'] = process.argv.slice(2);
const writer: AccessLogWriter | undefined =
  mode === 'on' ? createAccessLogWriter({ path: logFile, preset: 'framework', queueSize: 10 }) : undefined;
const middleware = writer ? createAccessLogMiddleware<IncomingMessage, ServerResponse>(writer) : undefined;

let requests = 0;
let cpuAtFirstRequest: NodeJS.CpuUsage | undefined;

function ping(_req: IncomingMessage, res: ServerResponse): void {
  cpuAtFirstRequest ??= process.cpuUsage();
  requests++;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', '11');
  res.end('{"ok":true}');
}

const server = createServer((req, res) => (middleware ? middleware(req, res, () => ping(req, res)) : ping(req, res)));
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  const cpu = process.cpuUsage(cpuAtFirstRequest);
  void (writer?.close() ?? Promise.resolve()).then(() => {
    const cpuMs = (cpu.user + cpu.system) / 1000;
    console.log(JSON.stringify({ requests, cpuMs, stats: writer?.stats() ?? null }));
  });
});
