import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createAccessLogMiddleware, createAccessLogWriter, type AccessLogEntry } from '@isobar/access-log';

type Req = IncomingMessage & { user?: unknown };

const entries: AccessLogEntry[] = [];
const waiters: (() => void)[] = [];
const sink = {
  write(entry: AccessLogEntry): boolean {
    entries.push(entry);
    for (const wake of waiters.splice(0)) wake();
    return true;
  },
};
const nextEntry = async (count: number): Promise<AccessLogEntry> => {
  while (entries.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
  return entries[count - 1]!;
};

function handler(req: Req, res: ServerResponse): void {
  res.setHeader('X-Request-Id', 'rid-42');
  if (req.url?.startsWith('/chunked')) {
    req.user = { name: 'alice' };
    res.write('hello ');
    res.write(Buffer.from('wörld'));
    res.end('!', 'utf8');
  } else if (req.url === '/hang') {
    res.write('partial');
  } else if (req.url === '/empty') {
    res.statusCode = 204;
    res.end();
  } else {
    res.setHeader('Content-Length', '4');
    res.end('pong');
  }
}

function listen(host: string): Promise<Server> {
  const middleware = createAccessLogMiddleware<Req, ServerResponse>(sink, { context: () => ({ tenant: 'blue' }) });
  const server = createServer((req: Req, res) => middleware(req, res, () => handler(req, res)));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve(server));
  });
}

function get(server: Server, path: string, method = 'GET'): Promise<{ status: number; body: string }> {
  const { address, port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: address, port, path, method, headers: { 'User-Agent': 'test/1' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let server: Server;
before(async () => {
  server = await listen('127.0.0.1');
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('express-style middleware on a real node:http server', () => {
  it('records one entry per request with Content-Length bytes, status, peer and headers', async () => {
    const start = entries.length;
    await get(server, '/ping?x=1');
    const entry = await nextEntry(start + 1);
    assert.equal(entry.method, 'GET');
    assert.equal(entry.path, '/ping');
    assert.equal(entry.query, 'x=1');
    assert.equal(entry.target, '/ping?x=1');
    assert.equal(entry.protocol, 'HTTP/1.1');
    assert.equal(entry.status, 200);
    assert.equal(entry.bytesOut, 4);
    assert.equal(entry.remoteAddress, '127.0.0.1');
    assert.equal(typeof entry.remotePort, 'number');
    assert.equal(entry.headers?.['user-agent'], 'test/1');
    assert.equal(entry.requestId, 'rid-42');
    assert.deepEqual(entry.context, { tenant: 'blue' });
    assert.ok(entry.durationMs >= 0);
  });

  it('counts chunked body bytes from the writes and reads the user after the handler ran', async () => {
    const start = entries.length;
    const { body } = await get(server, '/chunked');
    assert.equal(body, 'hello wörld!');
    const entry = await nextEntry(start + 1);
    assert.equal(entry.bytesOut, Buffer.byteLength('hello wörld!'));
    assert.equal(entry.user, 'alice');
  });

  it('logs no body bytes for HEAD and 204', async () => {
    const start = entries.length;
    await get(server, '/ping', 'HEAD');
    await get(server, '/empty');
    assert.equal((await nextEntry(start + 1)).bytesOut, 0);
    const empty = await nextEntry(start + 2);
    assert.deepEqual([empty.status, empty.bytesOut], [204, 0]);
  });

  it('records exactly once when the client goes away before the response ends', async () => {
    const start = entries.length;
    const { address, port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => {
      const req = request({ host: address, port, path: '/hang' }, (res) => {
        res.once('data', () => req.destroy());
      });
      req.on('error', () => undefined);
      req.on('close', () => resolve());
      req.end();
    });
    const entry = await nextEntry(start + 1);
    assert.equal(entry.path, '/hang');
    assert.equal(entry.bytesOut, 7);
    await get(server, '/ping');
    await nextEntry(start + 2);
    assert.equal(entries.filter((e) => e.path === '/hang').length, 1);
  });

  it('logs IPv6 peers as [address]:port through the writer', async (t) => {
    let v6: Server;
    try {
      v6 = await listen('::1');
    } catch (error) {
      t.skip(`IPv6 loopback is not available here: ${(error as Error).message}`);
      return;
    }
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk: Buffer, _e, cb) => (lines.push(chunk.toString()), cb()) });
    const writer = createAccessLogWriter({ stream, queueSize: 0 });
    const start = entries.length;
    await get(v6, '/ping');
    writer.write(await nextEntry(start + 1));
    await writer.close();
    await new Promise<void>((resolve) => v6.close(() => resolve()));
    assert.match(
      lines.join(''),
      /^\[::1\]:\d+ XFF\[-\] - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d Z\] "GET \/ping" 200 4B \d+μs\n$/,
    );
  });
});
