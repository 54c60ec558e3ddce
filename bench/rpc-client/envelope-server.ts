// A bare node:http server that answers every request with a fixed success envelope, as cheaply as Node can.
// Run as a child process of run.ts so that the client loop does not share an event loop (or a core) with it,
// just as ecflow_server runs apart from the Python client. It reports its port over IPC and exits when its
// parent disconnects.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const body = Buffer.from(JSON.stringify({ ok: true, value: { pong: true, version: '0.1.0' } }));
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close();
});
