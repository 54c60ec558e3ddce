// The server the CLI benchmark pings, in a process of its own so that it does not share the bench's event loop.
// Started by run.ts with fork(); reports its URL over IPC and stops on disconnect.
import { createServer } from '@isobar/core';

const server = createServer({ port: 0 });
server.start();
await server.allowAccess();
process.send?.({ url: server.address()?.url });
process.on('disconnect', () => void server.stop().then(() => process.exit(0)));
