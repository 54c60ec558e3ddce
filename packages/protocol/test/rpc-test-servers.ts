// Real HTTP(S) servers on 127.0.0.1 port 0 for the RPC client tests, and a throw-away CA made with the
// openssl CLI. Every server counts the requests it received and closes its connections on close().
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/** PEM texts of a throw-away CA, a server certificate for 127.0.0.1/localhost and a client certificate. */
export interface TestPki {
  readonly ca: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  /** A second CA that signed nothing here: trusting it alone must fail. */
  readonly otherCa: string;
}

/** Makes a {@link TestPki} with the openssl CLI in a temporary directory (removed afterwards). */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'isobar-rpc-pki-'));
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    for (const name of ['ca', 'other-ca']) {
      openssl(
        'req',
        '-x509',
        ...ec,
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.crt`,
        '-days',
        '2',
        '-subj',
        `/CN=${name}`,
      );
    }
    writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
    writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
    for (const name of ['server', 'client']) {
      openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      openssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
        '-out',
        `${name}.crt`,
      );
    }
    const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
    return {
      ca: read('ca.crt'),
      serverCert: read('server.crt'),
      serverKey: read('server.key'),
      clientCert: read('client.crt'),
      clientKey: read('client.key'),
      otherCa: read('other-ca.crt'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
