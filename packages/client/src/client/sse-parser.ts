/** One Server-Sent Events message. */
export interface SseMessage {
  /** The `event:` field; `message` when the server sent none. */
  readonly event: string;
  /** The `data:` lines joined with `\n`. */
  readonly data: string;
  /** The last `id:` seen so far in the stream (ids carry over to later messages, as the SSE standard says). */
  readonly id: string | undefined;
}

/** An incremental parser of a `text/event-stream` body. */
export interface SseParser {
  /** Feeds decoded text (any chunking); returns the messages it completed. */
  push(text: string): SseMessage[];
  /** The reconnection delay the server asked for with `retry:`, if any. */
  retryMs(): number | undefined;
  /** The last `id:` seen, also from a block without data (which sets the id without dispatching a message). */
  lastEventId(): string | undefined;
}

/**
 * Creates an {@link SseParser} following the WHATWG event-stream rules: lines end with CRLF, LF or CR; a blank
 * line dispatches; `:` lines are comments (heartbeats); a field's value loses one leading space.
 *
 * @example
 * ```ts
 * createSseParser().push('id: 7\ndata: {"seq":7}\n\n'); // [{ event: 'message', data: '{"seq":7}', id: '7' }]
 * ```
 */
export function createSseParser(): SseParser {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  let retry: number | undefined;

  const field = (line: string, out: SseMessage[]): void => {
    if (line === '') {
      if (data.length > 0) out.push({ event: event === '' ? 'message' : event, data: data.join('\n'), id });
      event = '';
      data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1));
    if (name === 'data') data.push(value);
    else if (name === 'event') event = value;
    else if (name === 'id' && !value.includes('\0')) id = value;
    else if (name === 'retry' && /^\d+$/.test(value)) retry = Number(value);
  };

  return {
    push(text) {
      buffer += text;
      const out: SseMessage[] = [];
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const char = buffer[i];
        if (char !== '\n' && char !== '\r') continue;
        // A CR at the very end may be the first half of a CRLF split across chunks: wait for more.
        if (char === '\r' && i === buffer.length - 1) break;
        field(buffer.slice(start, i), out);
        if (char === '\r' && buffer[i + 1] === '\n') i++;
        start = i + 1;
      }
      buffer = buffer.slice(start);
      return out;
    },
    retryMs: () => retry,
    lastEventId: () => id,
  };
}
