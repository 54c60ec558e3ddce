import type { IncomingMessage } from 'node:http';
import type { ChangeRecord } from '@isobar/protocol';
import { IsobarError, hasErrorCode, isIsobarError, type RpcTlsOptions } from '@isobar/protocol/rpc';
import type { ClientSession } from './session.js';
import { createSseParser } from './sse-parser.js';

/** Options of `IsobarClient.events()`. */
export interface EventsOptions {
  /**
   * Resume after this sequence number (sent as `Last-Event-ID`): the server replays what came after it, or sends
   * a `resync` record when it no longer has those records. Without it the feed starts with the next change (the
   * client asks the server for its current sequence number with `news` first, so that a reconnection before the
   * first record still resumes from there).
   */
  readonly lastEventId?: number;
  /** Ends the iteration (quietly: the `for await` loop just stops). */
  readonly signal?: AbortSignal;
  /**
   * Reconnect, resuming from the last record received, when an established stream ends or drops, or the server
   * is briefly unavailable. The first connection is not retried: its failure is thrown.
   * @default true
   */
  readonly reconnect?: boolean;
  /**
   * Pause before reconnecting; doubles after each failed reconnection, up to 30 s.
   * @default the server's `retry:` hint, else 2000
   */
  readonly reconnectDelayMs?: number;
}

/** The change feed as an async iterator of change records (`resync` markers included). */
export interface EventStream extends AsyncIterableIterator<ChangeRecord> {
  /**
   * Where the stream would resume: the sequence number of the last record delivered, or, before any, the one it
   * started after. Pass it as `lastEventId` to resume later.
   */
  lastEventId(): number | undefined;
  /** Ends the stream; a pending `next()` resolves as done. */
  close(): void;
}

/** What the change feed needs from its client. */
export interface EventStreamContext {
  /** Base URLs in the order to try them (the one that answered last first). */
  readonly urls: () => readonly string[];
  readonly tls: RpcTlsOptions;
  readonly timeoutMs: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly session: ClientSession;
  /** The server's current change sequence number (where a feed without `lastEventId` starts). */
  readonly currentSeq: () => Promise<number>;
  /** Registers a stream so that closing the client ends it; returns the function that unregisters it. */
  readonly track: (controller: AbortController) => () => void;
}

const TRANSIENT = new Set([
  'UNREACHABLE',
  'TIMEOUT',
  'SERVER_SUSPENDED',
  'SERVER_STOPPING',
  'SERVER_HALTED',
  'TOO_BUSY',
]);
const DEFAULT_RECONNECT_MS = 2000;
const MAX_RECONNECT_MS = 30_000;

interface FeedState {
  lastEventId: number | undefined;
  /** The server's `retry:` hint, kept across connections. */
  retryMs: number | undefined;
}

/**
 * Opens `GET /v1/events` as an {@link EventStream}. Connecting happens on the first `next()`, so an unused
 * stream costs nothing.
 */
export function openEventStream(context: EventStreamContext, options: EventsOptions = {}): EventStream {
  const controller = new AbortController();
  const untrack = context.track(controller);
  const onAbort = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) controller.abort(options.signal.reason);
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  controller.signal.addEventListener('abort', () => {
    untrack();
    options.signal?.removeEventListener('abort', onAbort);
  });
  const state: FeedState = { lastEventId: options.lastEventId, retryMs: undefined };
  const records = followFeed({ context, options, state, signal: controller.signal });
  const stream: EventStream = {
    next: () => records.next(),
    return: async () => {
      controller.abort();
      return records.return(undefined);
    },
    [Symbol.asyncIterator]: () => stream,
    lastEventId: () => state.lastEventId,
    close: () => controller.abort(),
  };
  return stream;
}

interface FeedRun {
  readonly context: EventStreamContext;
  readonly options: EventsOptions;
  readonly state: FeedState;
  readonly signal: AbortSignal;
}

async function* followFeed(run: FeedRun): AsyncGenerator<ChangeRecord, undefined> {
  const { options, state, signal } = run;
  let connected = false;
  let renewed = false;
  let failures = 0;
  while (!signal.aborted) {
    let response: IncomingMessage;
    try {
      // Pin the starting point, so that records made while a first connection is being replaced are not lost.
      state.lastEventId ??= await run.context.currentSeq();
      response = await connect(run);
    } catch (error) {
      if (signal.aborted) return undefined;
      if (hasErrorCode(error, 'AUTH_EXPIRED') && !renewed) {
        renewed = true;
        if ((await run.context.session.renew()) !== undefined) continue;
      }
      if (!connected || options.reconnect === false || !isTransient(error)) throw error;
      if (!(await pause(reconnectDelay(run, failures++), signal))) return undefined;
      continue;
    }
    connected = true;
    renewed = false;
    failures = 0;
    try {
      yield* readRecords(response, state);
    } catch (error) {
      if (signal.aborted) return undefined;
      if (isIsobarError(error)) throw error;
      // Otherwise the connection dropped: reconnect below, like an ended stream.
    }
    if (options.reconnect === false) return undefined;
    if (!(await pause(reconnectDelay(run, 0), signal))) return undefined;
  }
  return undefined;
}

/** Tries each URL once; the first that answers (with the stream or with an error) decides. */
async function connect(run: FeedRun): Promise<IncomingMessage> {
  const { context, state, signal } = run;
  const authorization = await context.session.authorization();
  const headers: Record<string, string> = { ...context.headers, accept: 'text/event-stream' };
  if (authorization !== undefined) headers['authorization'] = authorization;
  if (state.lastEventId !== undefined) headers['last-event-id'] = String(state.lastEventId);
  // Loaded on first use: node:http and node:https cost start-up time that a client which never follows the
  // feed should not pay.
  const { openFeedResponse } = await import('./feed-request.js');
  let failure: unknown;
  for (const url of context.urls()) {
    try {
      return await openFeedResponse({ url, headers, tls: context.tls, timeoutMs: context.timeoutMs, signal });
    } catch (error) {
      if (signal.aborted || !hasErrorCode(error, 'UNREACHABLE')) throw error;
      failure = error;
    }
  }
  throw failure;
}

async function* readRecords(response: IncomingMessage, state: FeedState): AsyncGenerator<ChangeRecord> {
  response.setEncoding('utf8');
  // A fresh parser per connection: a message cut off by a dropped connection must not merge with the next one.
  const parser = createSseParser();
  try {
    for await (const chunk of response as AsyncIterable<string>) {
      for (const message of parser.push(chunk)) {
        const record = parseRecord(message.data);
        if (message.id !== undefined && /^\d+$/.test(message.id)) state.lastEventId = Number(message.id);
        yield record;
      }
      // An id-only block moves the resume point without a record.
      const id = parser.lastEventId();
      if (id !== undefined && /^\d+$/.test(id)) state.lastEventId = Number(id);
    }
  } finally {
    state.retryMs = parser.retryMs() ?? state.retryMs;
    response.destroy();
  }
}

function parseRecord(data: string): ChangeRecord {
  try {
    return JSON.parse(data) as ChangeRecord;
  } catch (cause) {
    throw new IsobarError('BAD_RESPONSE', {
      details: { reason: 'a change-feed event is not JSON', excerpt: data.slice(0, 200) },
      cause,
    });
  }
}

function isTransient(error: unknown): boolean {
  return isIsobarError(error) && TRANSIENT.has(error.code);
}

function reconnectDelay(run: FeedRun, failures: number): number {
  const base = run.options.reconnectDelayMs ?? run.state.retryMs ?? DEFAULT_RECONNECT_MS;
  return Math.min(MAX_RECONNECT_MS, base * 2 ** Math.min(failures, 16));
}

/** Waits `ms`; false when the signal ended the wait. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (completed: boolean): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(completed);
    };
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
