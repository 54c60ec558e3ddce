// The baseline of issue 5's throughput target: a bare node:http server that reads and parses the same JSON
// body as the Isobar server and answers with the same `ping` envelope. Runs as a child of run.ts and reports
// its port over IPC; exits when the parent disconnects.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const value = { version: '0.1.0', serverState: 'RUNNING', now: new Date().toISOString() };
    const body = `{"ok":true,"value":${JSON.stringify(value)}}`;
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close();
});
