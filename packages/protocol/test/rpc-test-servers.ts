// Real HTTP(S) servers on 127.0.0.1 port 0 for the RPC client tests, and a throw-away CA made with the
// openssl CLI. Every server counts the requests it received and closes its connections on close().
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** A request as the test server saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Answers one request; `index` counts from 0 over the life of the server. */
export type TestHandler = (request: SeenRequest, res: ServerResponse, index: number) => void;

export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly requests: SeenRequest[];
  /** TCP connections accepted so far (TLS handshakes that fail included). */
  connections(): number;
  /** Sockets the server has seen close (a closed client ends its keep-alive connections). */
  closedSockets(): number;
  close(): Promise<void>;
}

/** Options of {@link startTestServer}. */
export interface TestServerOptions {
  /** Serve HTTPS with these PEM texts. */
  readonly tls?: { key: string; cert: string; ca?: string; requestCert?: boolean };
}

/** Starts an HTTP or HTTPS server on 127.0.0.1, port 0. */
export async function startTestServer(handler: TestHandler, options: TestServerOptions = {}): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  let closedSockets = 0;
  let connections = 0;
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(seen);
      handler(seen, res, requests.length - 1);
    });
  };
  const server = options.tls
    ? https.createServer({ ...options.tls, rejectUnauthorized: options.tls.requestCert === true }, listener)
    : http.createServer(listener);
  server.on('connection', (socket: NodeJS.EventEmitter) => {
    connections++;
    socket.on('close', () => closedSockets++);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => connections,
    closedSockets: () => closedSockets,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes a JSON answer with `status` and any extra headers. */
export function sendJson(
  res: ServerResponse,
  answer: { status: number; body: unknown; headers?: http.OutgoingHttpHeaders },
): void {
  const text = JSON.stringify(answer.body);
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...answer.headers };
  res.writeHead(answer.status, headers);
  res.end(text);
}

/** Answers with a success envelope. */
export function sendValue(res: ServerResponse, value: unknown): void {
  sendJson(res, { status: 200, body: { ok: true, value } });
}

/** Answers with a failure envelope. */
export function sendError(res: ServerResponse, status: number, error: Record<string, unknown>): void {
  sendJson(res, { status, body: { ok: false, error } });
}

/** A port on 127.0.0.1 where nothing listens (it was free a moment ago), so connecting is refused. */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export { createTestPki as makeTestPki, type TestPki } from '@isobar/test-utils';
