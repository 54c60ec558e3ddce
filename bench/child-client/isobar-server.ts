// An Isobar server for the child-client benchmark, run as a child process of run.ts so that the calls being
// timed do not share an event loop with it (just as ecflow_server runs apart). It loads and begins a suite with
// one task, reports the port and the task's credentials over IPC, and stops when its parent disconnects.
import { parseDefs } from '@isobar/protocol/defs';
import { createServer, type SubmittableNode } from '@isobar/core';

const server = createServer({ port: 0 });
server.start();
await server.allowAccess();
server.engine.load(parseDefs('suite s\n task t\n  event e\nendsuite\n', { file: 'bench.def' }));
server.engine.begin();
server.scheduler?.flush();
const task = server.engine.node('/s/t') as SubmittableNode;
const port = Number(new URL(server.address()!.url).port);
process.send?.({ port, password: task.password, tryNo: task.tryNo });
process.on('disconnect', () => void server.stop());
