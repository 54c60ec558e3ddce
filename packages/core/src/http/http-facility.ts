import http, { type Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { IsobarError } from '@isobar/protocol';
import { EventFeed } from './event-feed.js';
import type { FacilityContext } from './facility-context.js';
import { createFallbackApp } from './fallback-app.js';
import { createRequestHandler } from './request-handler.js';

/** The listening address. */
export interface ServerAddress {
  readonly host: string;
  readonly port: number;
  /** `http://host:port` or `https://…` (IPv6 hosts in brackets). */
  readonly url: string;
}

function createNodeServer(context: FacilityContext): Server {
  const { tls } = context.options;
  if (tls === undefined) return http.createServer({ keepAliveTimeout: 65_000 });
  return https.createServer({
    cert: tls.cert,
    key: tls.key,
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    requestCert: tls.requireClientCert === true,
    rejectUnauthorized: tls.requireClientCert === true,
    keepAliveTimeout: 65_000,
  });
}

function wrongState(action: string, state: string): IsobarError {
  return new IsobarError('CONFIG_ERROR', { details: { reason: `cannot ${action} while the server is ${state}` } });
}

/**
 * The HTTP side of the server through Granitic's lifecycle. `start` builds the listener without listening;
 * `allowAccess` listens; `suspend`/`resume` toggle 503 answers; `prepareToStop` refuses new requests (503) and
 * ends event streams while requests in flight finish; `stop` waits for them (up to `stopTimeoutMs`), then
 * closes every connection.
 */
export class HttpFacility {
  private server: Server | undefined;
  private feed: EventFeed | undefined;
  private closed: Promise<void> | undefined;

  constructor(private readonly context: FacilityContext) {}

  /** Prepares the listener (not listening yet). */
  start(): void {
    if (this.context.state !== 'created') throw wrongState('start', this.context.state);
    const feed = new EventFeed(this.context);
    const server = createNodeServer(this.context);
    server.on('request', createRequestHandler(this.context, createFallbackApp(this.context, feed)));
    server.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      else socket.destroy();
    });
    this.feed = feed;
    this.server = server;
    this.context.state = 'ready';
  }

  /** Starts listening. @throws IsobarError `CONFIG_ERROR` when the address cannot be bound */
  async allowAccess(): Promise<void> {
    const server = this.server;
    if (server === undefined || this.context.state !== 'ready') throw wrongState('allow access', this.context.state);
    const { host, port } = this.context.options;
    await new Promise<void>((resolve, reject) => {
      const onError = (cause: Error): void =>
        reject(
          new IsobarError('CONFIG_ERROR', {
            details: { reason: `cannot listen on ${host}:${port}: ${cause.message}` },
            cause,
          }),
        );
      server.once('error', onError);
      server.listen(port, host, () => {
        server.off('error', onError);
        resolve();
      });
    });
    this.context.state = 'running';
  }

  /** Answers every request with 503 SERVER_SUSPENDED until resumed (health stays up). */
  suspend(): void {
    if (this.context.state === 'running') this.context.state = 'suspended';
  }

  /** Serves requests again. */
  resume(): void {
    if (this.context.state === 'suspended') this.context.state = 'running';
  }

  /** Stops accepting: new requests get 503 SERVER_STOPPING, idle keep-alive sockets close, streams end. */
  prepareToStop(): void {
    const { state } = this.context;
    if (state === 'stopping' || state === 'stopped') return;
    this.context.state = 'stopping';
    const server = this.server;
    if (server !== undefined && server.listening) {
      this.closed = new Promise((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
    }
    this.feed?.endAll();
  }

  /** True when no request is in flight. */
  readyToStop(): boolean {
    return this.context.active <= 0;
  }

  /** Waits for requests in flight (up to `stopTimeoutMs`), then closes every connection. Idempotent. */
  async stop(): Promise<void> {
    this.prepareToStop();
    const deadline = Date.now() + this.context.options.stopTimeoutMs;
    while (!this.readyToStop() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    this.feed?.close();
    this.server?.closeAllConnections();
    await this.closed;
    this.context.state = 'stopped';
  }

  /** The bound address, once listening. */
  address(): ServerAddress | undefined {
    const bound = this.server?.address();
    if (bound === null || bound === undefined || typeof bound === 'string') return undefined;
    const { address, port }: AddressInfo = bound;
    const host = address.includes(':') ? `[${address}]` : address;
    return {
      host: address,
      port,
      url: `${this.context.options.tls === undefined ? 'http' : 'https'}://${host}:${port}`,
    };
  }
}
