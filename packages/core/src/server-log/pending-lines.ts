// Lines waiting to be written. Most are text already; a deferred entry is formatted only when it is written, so
// the engine's change subscriber hands over 100,000 state changes of a begin at the cost of one array push, and
// the formatting runs after the reply, in slices that yield to the event loop.
import { formatLogLines } from './log-line.js';

/** Lines formatted when they are written: `prefix` is `TYPE:[stamp] ` taken when they were logged. */
interface DeferredLines {
  readonly prefix: string;
  readonly texts: Iterable<string>;
  /** A guess of the size, for the pending cap. */
  readonly estimate: number;
}

/** Lines formatted per slice before yielding to the event loop. */
const LINES_PER_SLICE = 5_000;

/** Characters per write. */
const CHUNK_CHARS = 256 * 1024;

const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The queue of a log file's unwritten lines, capped: beyond `maxBytes` the oldest are dropped and counted. */
export class PendingLines {
  private entries: (string | DeferredLines)[] = [];
  private bytes = 0;
  /** Bytes dropped since the last successful write. */
  dropped = 0;

  constructor(private readonly maxBytes: number) {}

  /** Whether nothing waits. */
  get empty(): boolean {
    return this.entries.length === 0;
  }

  /** Queues formatted text. */
  push(text: string): void {
    this.add(text, text.length);
  }

  /** Queues lines formatted at write time. */
  pushDeferred(prefix: string, texts: Iterable<string>, count: number): void {
    const estimate = count * 48;
    this.add({ prefix, texts, estimate }, estimate);
  }

  /**
   * Takes everything queued as texts of about `CHUNK_CHARS` each (so no single write or string conversion stalls
   * the event loop), formatting deferred lines in slices between event-loop turns.
   */
  async take(): Promise<string[]> {
    const entries = this.entries;
    this.entries = [];
    const chunks: string[] = [];
    let body = '';
    for (const entry of entries) {
      if (typeof entry === 'string') {
        body += entry;
        this.bytes -= entry.length;
      } else {
        let lines = 0;
        for (const text of entry.texts) {
          body += formatLogLines(entry.prefix, text);
          if (body.length >= CHUNK_CHARS) [chunks[chunks.length], body] = [body, ''];
          if (++lines % LINES_PER_SLICE === 0) await yieldTurn();
        }
        this.bytes -= entry.estimate;
      }
      if (body.length >= CHUNK_CHARS) [chunks[chunks.length], body] = [body, ''];
    }
    if (body !== '') chunks.push(body);
    return chunks;
  }

  /** Puts back text that could not be written, ahead of what was queued since. */
  restore(body: string): void {
    this.entries.unshift(body);
    this.bytes += body.length;
  }

  private add(entry: string | DeferredLines, size: number): void {
    this.entries.push(entry);
    this.bytes += size;
    while (this.bytes > this.maxBytes && this.entries.length > 1) {
      const oldest = this.entries.shift() ?? '';
      const oldestSize = typeof oldest === 'string' ? oldest.length : oldest.estimate;
      this.bytes -= oldestSize;
      this.dropped += oldestSize;
    }
  }
}
