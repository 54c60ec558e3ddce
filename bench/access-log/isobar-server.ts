// The real Isobar server (`createServer` from @isobar/core, defaults) as a child of server-overhead.ts, with or
// without an access-log writer (framework preset, default queue, a file). Usage: isobar-server.ts off|on [logFile]
// Talks over IPC: sends {port} once listening; 'begin' samples process.cpuUsage(); 'sample' replies with the
// CPU milliseconds used since 'begin'; 'end' closes the writer, replies with its stats, stops and disconnects.
import { createAccessLogWriter, type AccessLogWriter } from '@isobar/access-log';
import { createServer } from '@isobar/core';

const [mode = 'off', logFile = '/dev/null'] = process.argv.slice(2);
const writer: AccessLogWriter | undefined =
  mode === 'on' ? createAccessLogWriter({ path: logFile, preset: 'framework' }) : undefined;
const server = createServer(writer === undefined ? { port: 0 } : { port: 0, accessLog: writer });
server.start();
await server.allowAccess();

let cpuAtBegin = process.cpuUsage();
async function end(): Promise<void> {
  await writer?.close();
  process.send?.({ stats: writer?.stats() ?? null });
  await server.stop();
  process.disconnect();
}
process.on('message', (message: string) => {
  if (message === 'begin') cpuAtBegin = process.cpuUsage();
  if (message === 'sample') {
    const cpu = process.cpuUsage(cpuAtBegin);
    process.send?.({ cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  if (message === 'end') void end();
});
process.send?.({ port: server.address()?.port });
