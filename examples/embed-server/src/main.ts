// Embedding Isobar: run the server inside your own Node process, add a procedure of your own under the same
// envelope, validation and roles, and drive it all with the protocol's RPC client.
//
//   npm start -w @isobar/example-embed-server
import { pathToFileURL } from 'node:url';
import { Type } from '@sinclair/typebox';
import { createRpcClient } from '@isobar/protocol';
import { createServer, isSubmittable } from '@isobar/core';

const SUITE = `suite demo
  family prepare
    task fetch
      event ready
    task clean
      trigger fetch:ready
  endfamily
  task report
    trigger prepare == complete
endsuite
`;

/** What the example observed. */
export interface ExampleSummary {
  readonly url: string;
  /** States of the three tasks right after `begin`: the scheduler submits `fetch` at once. */
  readonly states: Readonly<Record<string, string>>;
  /** The embedder's own procedure, answered through the server's RPC envelope. */
  readonly taskCount: number;
}

/** Starts a server on a free loopback port, loads and begins a suite, calls a custom procedure, stops. */
export async function runExample(): Promise<ExampleSummary> {
  const server = createServer({ port: 0 });
  server.registerProcedure({
    name: 'app.taskCount',
    access: 'viewer',
    args: Type.Object({ suite: Type.String({ maxLength: 256 }) }, { additionalProperties: false }),
    result: Type.Object({ tasks: Type.Integer() }, { additionalProperties: false }),
    handler: ({ suite }) => {
      let tasks = 0;
      for (const [path, node] of server.engine.tree.index)
        if (path.startsWith(`/${suite}/`) && isSubmittable(node)) tasks++;
      return { tasks };
    },
  });
  server.start();
  await server.allowAccess();
  const url = server.address()!.url;
  const client = createRpcClient({ urls: [url] });
  try {
    await client.call('load', { text: SUITE });
    await client.call('begin', { suite: 'demo' });
    await new Promise((resolve) => setImmediate(resolve));
    const states: Record<string, string> = {};
    for (const path of ['/demo/prepare/fetch', '/demo/prepare/clean', '/demo/report']) {
      states[path] = (await client.call<{ value: string }>('query', { kind: 'state', path })).value;
    }
    const { tasks } = await client.call<{ tasks: number }>('app.taskCount', { suite: 'demo' });
    return { url, states, taskCount: tasks };
  } finally {
    client.close();
    await server.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const summary = await runExample();
  console.log(JSON.stringify(summary, null, 2));
}
