import { IsobarError, type ChangeRecord } from '@isobar/protocol';
import { authorizeCall, readCredentials } from './auth-gate.js';
import type { Principal } from './authenticator.js';
import { countBodyBytes, type Exchange } from './exchange.js';
import type { FacilityContext } from './facility-context.js';
import { fail } from './rpc-dispatch.js';

interface FeedClient {
  readonly exchange: Exchange;
  /** Sequence of the last record sent (or announced by a resync). */
  lastSent: number;
  /** Its socket is full: it receives nothing until it drains, then catches up from the change log. */
  stalled: boolean;
}

function recordText(record: ChangeRecord): string {
  return `id: ${record.seq}\ndata: ${JSON.stringify(record)}\n\n`;
}

function resyncText(seq: number, reason: string): string {
  const marker = { type: 'resync', seq, ephemeral: true, reason };
  return `id: ${seq}\nevent: resync\ndata: ${JSON.stringify(marker)}\n\n`;
}

function parseLastEventId(exchange: Exchange): number | undefined {
  const header = exchange.req.headers['last-event-id'];
  const fromQuery = new URLSearchParams(exchange.query).get('lastEventId') ?? undefined;
  const raw = typeof header === 'string' && header !== '' ? header : fromQuery;
  if (raw === undefined || !/^\d{1,15}$/.test(raw)) return undefined;
  return Number(raw);
}

/**
 * `GET /v1/events`: the engine's change log as Server-Sent Events. Each record is one event whose `id` is its
 * sequence number, so a reconnecting client resumes with `Last-Event-ID` (or `?lastEventId=`) and gets exactly
 * what it missed, or a `resync` event when that has left the ring buffer. A client whose socket backs up is not
 * buffered without bound: it stops receiving, and catches up (or resyncs) when its socket drains.
 */
export class EventFeed {
  private readonly clients = new Set<FeedClient>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly context: FacilityContext) {
    this.unsubscribe = context.engine.log.subscribe((records) => this.broadcast(records));
    this.heartbeat = setInterval(() => this.beat(), context.options.sse.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Open streams. */
  get size(): number {
    return this.clients.size;
  }

  /** Serves one `GET /v1/events` request. */
  open(exchange: Exchange): void {
    const { context } = this;
    exchange.label = 'events';
    if (context.state !== 'running') {
      const code = context.state === 'suspended' ? 'SERVER_SUSPENDED' : 'SERVER_STOPPING';
      return fail(context, exchange, new IsobarError(code));
    }
    try {
      const { principal } = readCredentials(exchange.req, context.options, exchange.remoteAddress);
      if (principal instanceof Promise) {
        principal.then(
          (found) => this.start(exchange, found),
          (error: unknown) => fail(context, exchange, error),
        );
      } else this.start(exchange, principal);
    } catch (error) {
      fail(context, exchange, error);
    }
  }

  private start(exchange: Exchange, principal: Principal | undefined): void {
    exchange.principal = principal;
    try {
      authorizeCall(this.context.options, principal, { access: 'viewer', paths: [] });
      if (this.clients.size >= this.context.options.sse.maxClients) throw new IsobarError('TOO_BUSY');
    } catch (error) {
      return fail(this.context, exchange, error);
    }
    const { res, req } = exchange;
    countBodyBytes(exchange);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    });
    res.write(': isobar change feed\nretry: 2000\n\n');
    const client: FeedClient = { exchange, lastSent: this.context.engine.log.seq, stalled: false };
    this.clients.add(client);
    this.context.metrics.setSseClients(this.clients.size);
    req.socket.setNoDelay(true);
    res.once('close', () => {
      this.clients.delete(client);
      this.context.metrics.setSseClients(this.clients.size);
    });
    const from = parseLastEventId(exchange);
    if (from !== undefined) {
      client.lastSent = from;
      this.catchUp(client);
    }
  }

  /** Sends what the client missed since `lastSent`, or a resync marker when the log no longer has it. */
  private catchUp(client: FeedClient): void {
    const log = this.context.engine.log;
    const missed = log.since(client.lastSent);
    if (missed === undefined) {
      client.lastSent = log.seq;
      this.send(client, resyncText(log.seq, 'the records after Last-Event-ID are no longer kept'));
      return;
    }
    if (missed.length > 0) {
      client.lastSent = missed.at(-1)?.seq ?? client.lastSent;
      this.send(client, missed.map(recordText).join(''));
    }
  }

  private send(client: FeedClient, text: string): void {
    const res = client.exchange.res;
    if (res.writableEnded || res.destroyed) return;
    res.write(text);
    if (res.writableLength > this.context.options.sse.maxBufferedBytes) {
      client.stalled = true;
      res.once('drain', () => {
        client.stalled = false;
        this.catchUp(client);
      });
    }
  }

  private broadcast(records: readonly ChangeRecord[]): void {
    if (this.clients.size === 0 || records.length === 0) return;
    const first = records[0]?.seq ?? 0;
    const last = records.at(-1)?.seq ?? 0;
    let text: string | undefined;
    for (const client of this.clients) {
      if (client.stalled || client.lastSent >= last) continue;
      if (client.lastSent !== first - 1) {
        this.catchUp(client);
        continue;
      }
      text ??= records.map(recordText).join('');
      client.lastSent = last;
      this.send(client, text);
    }
  }

  private beat(): void {
    for (const client of this.clients) if (!client.stalled) client.exchange.res.write(': heartbeat\n\n');
  }

  /** Ends every stream (clients reconnect elsewhere or later with their `Last-Event-ID`). */
  endAll(): void {
    for (const client of this.clients) client.exchange.res.end();
  }

  /** Ends every stream and stops following the change log. */
  close(): void {
    this.endAll();
    clearInterval(this.heartbeat);
    this.unsubscribe();
  }
}
