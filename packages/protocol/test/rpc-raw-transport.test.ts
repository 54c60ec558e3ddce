// The client's own keep-alive HTTP/1.1 transport for plain http:// URLs, against real servers: node:http ones
// for ordinary behaviour and a raw TCP server that writes exact bytes for framings node:http rarely produces.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createRpcClient, hasErrorCode } from '@isobar/protocol/rpc';
import { closedPortUrl, sendError, sendValue, startTestServer, type TestServer } from './rpc-test-servers.js';

/** A TCP server that answers each complete request (head + Content-Length body) with `answer(path, socket)`. */
async function startRawServer(
  answer: (path: string, socket: Socket) => void,
): Promise<{ url: string; connections(): number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createTcpServer((socket) => {
    sockets.add(socket);
    connections++;
    socket.on('close', () => sockets.delete(socket));
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffered.slice(0, end);
        const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        buffered = buffered.slice(end + 4 + length);
        answer(head.split(' ')[1] ?? '', socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('rpc client: plain HTTP keep-alive transport', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer((request, res, index) => {
      switch (request.url) {
        case '/v1/rpc/closing':
          res.setHeader('connection', 'close');
          return sendValue(res, index);
        case '/v1/rpc/chunked':
          // No Content-Length: node:http sends the pieces chunked; "é" and "€" are split across chunks.
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"ok":true,"value":"caf');
          res.write(Buffer.from('é €', 'utf8').subarray(0, 1));
          setTimeout(() => res.end(Buffer.concat([Buffer.from('é €', 'utf8').subarray(1), Buffer.from('"}')])), 20);
          return;
        case '/v1/rpc/too-large':
          res.setHeader('connection', 'close');
          return sendError(res, 413, { code: 'PAYLOAD_TOO_LARGE', message: 'too large', details: { limit: 10 } });
        case '/v1/rpc/crash':
          return sendError(res, 500, { code: 'INTERNAL', message: 'Internal server error', requestId: 'r-500' });
        default:
          return sendValue(res, { url: request.url, note: request.headers['x-note'] ?? null });
      }
    });
  });
  after(() => server.close());

  it('reuses one connection for sequential calls', async () => {
    const client = createRpcClient({ urls: [server.url] });
    try {
      const before = server.connections();
      for (let i = 0; i < 20; i++) assert.deepEqual(await client.call('ping'), { url: '/v1/rpc/ping', note: null });
      assert.equal(server.connections(), before + 1);
    } finally {
      client.close();
    }
  });

  it('opens a new connection when the server closes it after an answer, for unsafe methods too', async () => {
    const client = createRpcClient({ urls: [server.url], retry: { attempts: 1 } });
    try {
      const before = server.connections();
      const first = await client.call<number>('closing');
      const second = await client.call<number>('closing');
      assert.equal(second, first + 1);
      assert.deepEqual(await client.call('load'), { url: '/v1/rpc/load', note: null });
      assert.equal(server.connections(), before + 3);
    } finally {
      client.close();
    }
  });

  it('reads chunked answers whose UTF-8 characters are split across chunks', async () => {
    const client = createRpcClient({ urls: [server.url] });
    try {
      assert.equal(await client.call('chunked'), 'café €');
      assert.equal(await client.call('chunked'), 'café €');
    } finally {
      client.close();
    }
  });

  it('rejects with the server error of a 413 or 500 answer, and keeps working afterwards', async () => {
    const client = createRpcClient({ urls: [server.url], retry: { attempts: 1 } });
    try {
      const tooLarge: unknown = await client.call('too-large', { blob: 'x'.repeat(100) }).catch((e: unknown) => e);
      assert.ok(hasErrorCode(tooLarge, 'PAYLOAD_TOO_LARGE'));
      assert.equal(tooLarge.details?.['limit'], 10);
      const crash: unknown = await client.call('crash').catch((e: unknown) => e);
      assert.ok(hasErrorCode(crash, 'INTERNAL'));
      assert.equal(crash.details?.['requestId'], 'r-500');
      assert.deepEqual(await client.call('ping'), { url: '/v1/rpc/ping', note: null });
    } finally {
      client.close();
    }
  });

  it('sends a header value that needs more than ASCII through node:http', async () => {
    const client = createRpcClient({ urls: [server.url], headers: { 'x-note': 'café' } });
    try {
      const { note } = await client.call<{ note: string }>('ping');
      // node:http writes the value as UTF-8 and the test server reads header bytes as latin1.
      assert.equal(Buffer.from(note, 'latin1').toString('utf8'), 'café');
    } finally {
      client.close();
    }
  });

  it('rejects with UNREACHABLE and errorCode ECONNREFUSED when nothing listens', async () => {
    const url = await closedPortUrl();
    const client = createRpcClient({ urls: [url], retry: { attempts: 1 } });
    try {
      const error: unknown = await client.call('ping').catch((e: unknown) => e);
      assert.ok(hasErrorCode(error, 'UNREACHABLE'));
      assert.equal(error.details?.['errorCode'], 'ECONNREFUSED');
      assert.equal(error.details?.['url'], url);
    } finally {
      client.close();
    }
  });
});

describe('rpc client: response framings written byte by byte', () => {
  const answers: Record<string, (socket: Socket) => void> = {
    // 100 Continue first, then a chunked body with a chunk extension and a trailer, split over two writes.
    '/v1/rpc/interim': (socket) => {
      socket.write(
        'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\n{"ok"\r\n',
      );
      setTimeout(() => socket.write('10\r\n:true,"value":7}\r\n0\r\nX-Trailer: t\r\n\r\n'), 10);
    },
    // HTTP/1.0 without a length: the body ends with the connection.
    '/v1/rpc/http10': (socket) =>
      socket.end('HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{"ok":true,"value":8}'),
    // Not HTTP at all.
    '/v1/rpc/garbage': (socket) => socket.end('SSH-2.0-OpenSSH\r\n\r\n'),
    // The connection closes in the middle of the body.
    '/v1/rpc/cut': (socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{"ok":true'),
    // A good keep-alive answer, then the server closes the idle connection (as its idle timeout does).
    '/v1/rpc/idle-close': (socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 21\r\n\r\n{"ok":true,"value":9}');
      setTimeout(() => socket.end(), 10);
    },
  };
  let raw: Awaited<ReturnType<typeof startRawServer>>;

  before(async () => {
    raw = await startRawServer((path, socket) => answers[path]?.(socket));
  });
  after(() => raw.close());

  it('reads interim answers, chunk extensions and trailers, and bodies ended by closing', async () => {
    const client = createRpcClient({ urls: [raw.url], retry: { attempts: 1 } });
    try {
      assert.equal(await client.call('interim'), 7);
      assert.equal(await client.call('http10'), 8);
    } finally {
      client.close();
    }
  });

  it('rejects a malformed or cut answer with UNREACHABLE, naming the parser or the reset', async () => {
    const client = createRpcClient({ urls: [raw.url], retry: { attempts: 1 } });
    try {
      const garbage: unknown = await client.call('garbage').catch((e: unknown) => e);
      assert.ok(hasErrorCode(garbage, 'UNREACHABLE'));
      assert.match(String(garbage.details?.['errorCode']), /^HPE_/);
      const cut: unknown = await client.call('cut').catch((e: unknown) => e);
      assert.ok(hasErrorCode(cut, 'UNREACHABLE'));
      assert.equal(cut.details?.['errorCode'], 'ECONNRESET');
    } finally {
      client.close();
    }
  });

  it('notices an idle connection the server closed and sends the next call, unsafe or not, on a new one', async () => {
    const client = createRpcClient({ urls: [raw.url], retry: { attempts: 1 }, isSafeToRetry: () => false });
    try {
      const before = raw.connections();
      assert.equal(await client.call('idle-close'), 9);
      await delay(60);
      assert.equal(await client.call('idle-close'), 9);
      assert.equal(raw.connections(), before + 2);
    } finally {
      client.close();
    }
  });
});
