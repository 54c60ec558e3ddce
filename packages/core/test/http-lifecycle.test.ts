/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- parsed JSON of test replies */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { Type } from '@sinclair/typebox';
import { createServer } from '../src/index.js';
import { gate, rawRequest, rpc, startServer, until } from './http-helpers.js';

function registerWait(server: ReturnType<typeof createServer>, release: Promise<void>, started: () => void): void {
  server.registerProcedure({
    name: 'test.wait',
    access: 'public',
    args: Type.Object({ n: Type.Integer() }),
    result: Type.Object({ n: Type.Integer() }),
    handler: async (args) => {
      started();
      await release;
      return { n: args.n };
    },
  });
}

describe('http facility: lifecycle (created → ready → running ⇄ suspended → stopping → stopped)', () => {
  it('does not listen after start(), only after allowAccess()', async () => {
    const server = createServer({ port: 0 });
    assert.equal(server.state, 'created');
    server.start();
    assert.equal(server.state, 'ready');
    assert.equal(server.address(), undefined);
    await server.allowAccess();
    assert.equal(server.state, 'running');
    assert.equal((await rpc(server.address()!.url, 'ping')).status, 200);
    await server.stop();
    assert.equal(server.state, 'stopped');
  });

  it('suspend answers 503 SERVER_SUSPENDED while requests in flight finish; resume serves again', async () => {
    const release = gate();
    let started = 0;
    const { server, url } = await startServer();
    registerWait(server, release.promise, () => started++);
    try {
      const inFlight = [1, 2, 3].map((n) => rpc(url, 'test.wait', { args: { n } }));
      await until(() => started === 3, 'three requests in flight');
      server.suspend();
      const refused = await rpc(url, 'ping');
      assert.equal(refused.status, 503);
      assert.equal(refused.json.error.code, 'SERVER_SUSPENDED');
      assert.equal((await rawRequest(url, { method: 'GET', path: '/v1/health' })).status, 200);
      release.open();
      const answers = await Promise.all(inFlight);
      assert.deepEqual(
        answers.map((a) => a.json),
        [1, 2, 3].map((n) => ({ ok: true, value: { n } })),
      );
      server.resume();
      assert.equal((await rpc(url, 'ping')).status, 200);
    } finally {
      await server.stop();
    }
  });

  it('prepareToStop refuses new requests on open connections, lets in-flight ones finish, stop() closes', async () => {
    const release = gate();
    let started = 0;
    const { server, url } = await startServer();
    registerWait(server, release.promise, () => started++);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const onAgent = (path: string): Promise<{ status: number; body: any }> =>
      new Promise((resolve, reject) => {
        const req = http.request(
          new URL(path, url),
          { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
    try {
      assert.equal((await onAgent('/v1/rpc/ping')).status, 200, 'a keep-alive connection is open');
      const inFlight = [7, 8].map((n) => rpc(url, 'test.wait', { args: { n } }));
      await until(() => started === 2, 'two requests in flight');
      server.prepareToStop();
      assert.equal(server.readyToStop(), false);
      const stopped = server.stop();
      release.open();
      const answers = await Promise.all(inFlight);
      assert.deepEqual(
        answers.map((a) => a.json.value),
        [{ n: 7 }, { n: 8 }],
      );
      await stopped;
      assert.equal(server.readyToStop(), true);
      assert.equal(server.state, 'stopped');
      await assert.rejects(rpc(url, 'ping'), /ECONNREFUSED|ECONNRESET/);
    } finally {
      agent.destroy();
      await server.stop();
    }
  });

  it('answers 503 SERVER_STOPPING to a request that arrives on a busy connection while stopping', async () => {
    const release = gate();
    let started = 0;
    const { server, url } = await startServer();
    registerWait(server, release.promise, () => started++);
    const { port } = new URL(url);
    const socket = net.connect(Number(port), '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    const request = (path: string, body: string): string =>
      `POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`;
    try {
      socket.write(request('/v1/rpc/test.wait', '{"n":5}'));
      await until(() => started === 1, 'the first request in flight');
      server.prepareToStop();
      // A second request pipelined on the same (busy, so still open) connection.
      socket.write(request('/v1/rpc/ping', '{}'));
      const stopped = server.stop();
      release.open();
      await until(() => received.includes('SERVER_STOPPING'), 'the second answer');
      const statuses = [...received.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]);
      assert.deepEqual(statuses, ['200', '503']);
      assert.match(received, /"value":\{"n":5\}/);
      await stopped;
    } finally {
      socket.destroy();
      await server.stop();
    }
  });
});
