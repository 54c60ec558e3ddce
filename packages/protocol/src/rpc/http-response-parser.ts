import type { IncomingHttpHeaders } from 'node:http';

/** A complete HTTP/1.x response read off a socket. */
export interface ParsedResponse {
  readonly status: number;
  /** Header names in lower case; repeated headers joined with `, ` (`set-cookie` kept as a list). */
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The connection may carry another request: persistent, and the body's end was known from the framing. */
  readonly reusable: boolean;
  /** Seconds from the server's `Keep-Alive: timeout=N` hint, if it sent one. */
  readonly keepAliveSeconds: number | undefined;
}

/** Reads one response from the bytes of a connection, chunk by chunk. */
export interface ResponseParser {
  /** Feeds bytes; returns the response once complete. Throws an Error with `code: 'HPE_…'` on a malformed one. */
  push(chunk: Buffer): ParsedResponse | undefined;
  /** The connection ended: completes a response framed by the end of the connection, else `undefined`. */
  end(): ParsedResponse | undefined;
  /** True once any byte of the response arrived (a reset before that may mean the request was never read). */
  readonly started: boolean;
}

type Framing = 'length' | 'chunked' | 'close';

interface Head {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly framing: Framing;
  readonly length: number;
  readonly persistent: boolean;
}

const MAX_HEAD_BYTES = 64 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');

/** An Error with a Node-style `code`, as node:http's own parser reports malformed responses. */
export function protocolError(message: string, code = 'HPE_INVALID_RESPONSE'): Error {
  return Object.assign(new Error(message), { code });
}

function addHeader(headers: Record<string, string | string[]>, name: string, value: string): void {
  const previous = headers[name];
  if (name === 'set-cookie') headers[name] = [...((previous as string[] | undefined) ?? []), value];
  else headers[name] = previous === undefined ? value : `${previous as string}, ${value}`;
}

/** The status of an `HTTP/1.x NNN reason` line, and whether it is HTTP/1.1; throws for anything else. */
function parseStatusLine(line: string): { status: number; http11: boolean } {
  const minor = line.charCodeAt(7);
  const status = Number(line.slice(9, 12));
  const after = line.charCodeAt(12);
  const valid =
    line.startsWith('HTTP/1.') &&
    (minor === 0x30 || minor === 0x31) &&
    line.charCodeAt(8) === 0x20 &&
    Number.isInteger(status) &&
    status >= 100 &&
    (line.length === 12 || after === 0x20);
  if (!valid) throw protocolError(`not an HTTP/1.x status line: ${JSON.stringify(line.slice(0, 80))}`);
  return { status, http11: minor === 0x31 };
}

/** Parses the status line and header lines (without the final blank line), in one pass over the text. */
function parseHead(text: string, bodyless: boolean): Head {
  let end = text.indexOf('\r\n');
  if (end < 0) end = text.length;
  const { status, http11 } = parseStatusLine(text.slice(0, end));
  const headers: Record<string, string | string[]> = {};
  for (let at = end + 2; at < text.length; at = end + 2) {
    end = text.indexOf('\r\n', at);
    if (end < 0) end = text.length;
    const colon = text.indexOf(':', at);
    if (colon <= at || colon > end) {
      throw protocolError(`malformed header line: ${JSON.stringify(text.slice(at, Math.min(end, at + 80)))}`);
    }
    addHeader(headers, text.slice(at, colon).toLowerCase(), text.slice(colon + 1, end).trim());
  }
  const connection = headers['connection'] === undefined ? '' : String(headers['connection']).toLowerCase();
  const persistent = http11 ? !connection.includes('close') : connection.includes('keep-alive');
  return framingOf({ status, headers, persistent }, bodyless);
}

/** How the body of an answer ends: `Content-Length`, chunked, or the end of the connection. */
function framingOf(head: Omit<Head, 'framing' | 'length'>, bodyless: boolean): Head {
  const { status, headers, persistent } = head;
  if (bodyless || status === 204 || status === 304) return { ...head, framing: 'length', length: 0 };
  const transfer = headers['transfer-encoding'];
  if (transfer !== undefined) {
    const chunked = /(?:^|,)\s*chunked\s*$/i.test(transfer);
    return { status, headers, framing: chunked ? 'chunked' : 'close', length: 0, persistent: persistent && chunked };
  }
  const declared = headers['content-length'];
  if (declared === undefined) return { status, headers, framing: 'close', length: 0, persistent: false };
  if (!/^\d{1,15}$/.test(declared)) throw protocolError(`bad Content-Length: ${JSON.stringify(declared)}`);
  return { status, headers, framing: 'length', length: Number(declared), persistent };
}

function keepAliveSeconds(headers: IncomingHttpHeaders): number | undefined {
  const hint = headers['keep-alive'];
  const match = typeof hint === 'string' ? /timeout=(\d+)/i.exec(hint) : null;
  return match === null ? undefined : Number(match[1]);
}

/**
 * Creates a parser for the response to one request. It handles what a JSON API server sends: `Content-Length`
 * bodies, `Transfer-Encoding: chunked` (trailers skipped), bodies ended by closing the connection, and interim
 * `1xx` answers (skipped). `bodyless` is for answers that never have a body (to `HEAD`).
 */
export function createResponseParser(bodyless = false): ResponseParser {
  let pending: Buffer | undefined;
  let head: Head | undefined;
  const body: Buffer[] = [];
  let remaining = 0;
  // chunked: 'size' line, 'data' bytes, the empty 'crlf' line after them, 'trailer' lines until the blank one.
  let chunkState: 'size' | 'data' | 'crlf' | 'trailer' = 'size';
  let started = false;

  const complete = (reusable: boolean): ParsedResponse => {
    const h = head!;
    const text = body.length === 1 ? body[0]!.toString('utf8') : Buffer.concat(body).toString('utf8');
    return {
      status: h.status,
      headers: h.headers,
      body: text,
      reusable,
      keepAliveSeconds: keepAliveSeconds(h.headers),
    };
  };

  /** Reads the head from `pending`; returns the unread rest, or undefined while the head is incomplete. */
  const readHead = (): Buffer | undefined => {
    for (;;) {
      const data = pending!;
      const end = data.indexOf(HEAD_END);
      if (end < 0) {
        if (data.length > MAX_HEAD_BYTES) throw protocolError('response head too large', 'HPE_HEADER_OVERFLOW');
        return undefined;
      }
      const parsed = parseHead(data.toString('latin1', 0, end), bodyless);
      pending = data.subarray(end + 4);
      if (parsed.status >= 100 && parsed.status < 200 && parsed.status !== 101) continue;
      head = parsed;
      remaining = parsed.length;
      const rest = pending;
      pending = undefined;
      return rest;
    }
  };

  /** Consumes chunked framing from `data`; true once the final chunk and trailers are read. */
  const readChunked = (data: Buffer): boolean => {
    let at = 0;
    for (;;) {
      if (chunkState === 'data') {
        const take = Math.min(remaining, data.length - at);
        if (take > 0) body.push(data.subarray(at, at + take));
        at += take;
        remaining -= take;
        if (remaining > 0) return false;
        chunkState = 'crlf';
      }
      const eol = data.indexOf('\r\n', at);
      if (eol < 0) {
        pending = data.subarray(at);
        if (pending.length > MAX_HEAD_BYTES) throw protocolError('chunk line too long', 'HPE_INVALID_CHUNK_SIZE');
        return false;
      }
      const line = data.toString('latin1', at, eol);
      at = eol + 2;
      if (chunkState === 'trailer') {
        if (line === '') return true;
        continue;
      }
      if (chunkState === 'crlf') {
        if (line !== '') throw protocolError('chunk data longer than its size', 'HPE_INVALID_CHUNK_SIZE');
        chunkState = 'size';
        continue;
      }
      const size = /^([0-9a-fA-F]{1,12})(?:[ \t]*;.*)?$/.exec(line);
      if (size === null)
        throw protocolError(`bad chunk size line: ${JSON.stringify(line.slice(0, 40))}`, 'HPE_INVALID_CHUNK_SIZE');
      remaining = parseInt(size[1]!, 16);
      chunkState = remaining === 0 ? 'trailer' : 'data';
    }
  };

  const readBody = (data: Buffer): ParsedResponse | undefined => {
    const h = head!;
    if (h.framing === 'close') {
      if (data.length > 0) body.push(data);
      return undefined;
    }
    if (h.framing === 'chunked') {
      const input = pending === undefined ? data : Buffer.concat([pending, data]);
      pending = undefined;
      return readChunked(input) ? complete(h.persistent) : undefined;
    }
    const take = Math.min(remaining, data.length);
    if (take > 0) body.push(take === data.length ? data : data.subarray(0, take));
    remaining -= take;
    // Bytes past the body were never asked for: the connection cannot be trusted with another request.
    return remaining === 0 ? complete(h.persistent && data.length === take) : undefined;
  };

  return {
    get started() {
      return started;
    },
    push(chunk) {
      started = true;
      if (head === undefined) {
        pending = pending === undefined ? chunk : Buffer.concat([pending, chunk]);
        const rest = readHead();
        if (rest === undefined) return undefined;
        return readBody(rest);
      }
      return readBody(chunk);
    },
    end() {
      return head?.framing === 'close' ? complete(false) : undefined;
    },
  };
}
