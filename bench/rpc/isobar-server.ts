// The Isobar server (createServer, defaults: request ids, metrics, no access log) as a child of run.ts.
import { createServer } from '@isobar/core';

const server = createServer({ port: 0 });
server.start();
await server.allowAccess();
process.send?.({ port: server.address()?.port });
process.on('disconnect', () => void server.stop());
