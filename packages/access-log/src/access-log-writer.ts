/**
 * The access-log writer: formats each entry on the caller's stack, queues the line in a bounded queue that is
 * drained in batches once per event-loop turn, and never drops or reorders a line. When the queue is full the
 * queued lines and then the new one are written at once, in order, on the caller's stack: the caller pays for the
 * write, which is Node's equivalent of Granitic blocking the request goroutine on a full channel.
 */
import type { AccessLogEntry, AccessLogSink } from '@isobar/protocol';
import { compileAccessLogFormat, type AccessLogFormatter } from './access-log-formatter.js';
import {
  resolveAccessLogWriterOptions,
  type AccessLogWriterOptions,
  type ResolvedAccessLogWriterOptions,
} from './access-log-options.js';
import { LineBuffer } from './line-buffer.js';
import { createFileTarget, createStreamTarget, type LineTarget } from './line-target.js';

/** Counters of a writer, for tests, metrics and shutdown reports. */
export interface AccessLogWriterStats {
  /** Lines handed to the target successfully. */
  readonly written: number;
  /** Entries refused because the writer was closing or closed, or could not be formatted. */
  readonly dropped: number;
  /** Lines lost to write errors (reported to the logger). */
  readonly failed: number;
  /** Times a full queue (or `queueSize` 0) made a caller write synchronously. */
  readonly syncWrites: number;
  /** Lines waiting in the queue now. */
  readonly queued: number;
}

/** An {@link AccessLogSink} backed by a file or a stream. */
export interface AccessLogWriter extends AccessLogSink {
  /** The options in effect. */
  readonly options: ResolvedAccessLogWriterOptions;
  /** The compiled format, for callers that want the line without writing it. */
  readonly formatter: AccessLogFormatter;
  /** Current counters. */
  stats(): AccessLogWriterStats;
}

class QueuedWriter implements AccessLogWriter {
  readonly options: ResolvedAccessLogWriterOptions;
  readonly formatter: AccessLogFormatter;
  private readonly target: LineTarget;
  private readonly encode: (entry: AccessLogEntry, out: LineBuffer) => void;
  /** The queued lines, already encoded: a batch goes to the target as it stands. */
  private readonly queue = new LineBuffer();
  private queuedLines = 0;
  /** Batches handed to the target whose completion has not been reported yet. */
  private outstanding = 0;
  private scheduled = false;
  private closing: Promise<void> | undefined;
  /** Lines accepted so far; a flush waits until as many are written or failed. */
  private accepted = 0;
  private flushWaiters: { readonly upTo: number; readonly resolve: () => void }[] = [];
  private counters = { written: 0, dropped: 0, failed: 0, syncWrites: 0 };

  constructor(options: ResolvedAccessLogWriterOptions) {
    this.options = options;
    const compiled = compileAccessLogFormat(options);
    this.formatter = Object.freeze({ options: compiled.options, format: compiled.format });
    this.encode = compiled.encode;
    const { target } = options;
    this.target =
      'path' in target ? createFileTarget(target.path) : createStreamTarget(target.stream, target.endStream);
  }

  write(entry: AccessLogEntry): boolean {
    if (this.closing !== undefined) {
      this.counters.dropped++;
      return false;
    }
    const mark = this.queue.length;
    try {
      this.encode(entry, this.queue);
    } catch (cause) {
      this.queue.truncate(mark);
      this.counters.dropped++;
      this.options.logger.error('access log: cannot format entry', { error: String(cause) });
      return false;
    }
    this.accepted++;
    if (this.queuedLines++ < this.options.queueSize) {
      this.schedule();
      return true;
    }
    this.counters.syncWrites++;
    this.writeQueue();
    return false;
  }

  flush(): Promise<void> {
    // Handing the queue over now keeps order even with a batch outstanding: targets are first in, first out.
    this.writeQueue();
    const upTo = this.accepted;
    if (this.completed() >= upTo) return Promise.resolve();
    return new Promise((resolve) => this.flushWaiters.push({ upTo, resolve }));
  }

  readyToStop(): boolean {
    return this.queuedLines === 0 && this.outstanding === 0;
  }

  async reopen(): Promise<void> {
    await this.flush();
    this.target.reopen();
  }

  close(): Promise<void> {
    this.closing ??= this.flush().then(() => this.target.close());
    return this.closing;
  }

  stats(): AccessLogWriterStats {
    return { ...this.counters, queued: this.queuedLines };
  }

  /** Hands every queued line to the target as one batch, in order. */
  private writeQueue(): void {
    if (this.queuedLines === 0) return;
    const lines = this.queuedLines;
    this.queuedLines = 0;
    this.outstanding++;
    // Targets are done with the bytes when `write` returns (a file writes them, a stream gets a copy).
    this.target.write(this.queue.view(), (error) => this.batchDone(lines, error));
    this.queue.clear();
  }

  private batchDone(lines: number, error: Error | null | undefined): void {
    this.outstanding--;
    if (error) {
      this.counters.failed += lines;
      this.options.logger.error('access log: write failed', { error: error.message, lines });
    } else {
      this.counters.written += lines;
    }
    this.wakeFlushWaiters();
    if (this.outstanding === 0 && this.queuedLines > 0) this.schedule();
  }

  private completed(): number {
    return this.counters.written + this.counters.failed;
  }

  /** Drains on the next event-loop turn, so that the lines of one turn share one write. */
  private schedule(): void {
    if (this.scheduled || this.outstanding > 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.outstanding === 0) this.writeQueue();
    });
  }

  private wakeFlushWaiters(): void {
    if (this.flushWaiters.length === 0) return;
    const completed = this.completed();
    const ready = this.flushWaiters.filter((waiter) => waiter.upTo <= completed);
    this.flushWaiters = this.flushWaiters.filter((waiter) => waiter.upTo > completed);
    for (const waiter of ready) waiter.resolve();
  }
}

/**
 * Creates a writer and opens its target. A file is opened for append (created with mode 0600); a stream is
 * used as given and, unless `endStream` is set, left open on `close()`.
 *
 * @throws IsobarError `CONFIG_ERROR` listing every problem of the options, or when the file cannot be opened.
 * @example
 * ```ts
 * const log = createAccessLogWriter({ path: `${home}/log/access.log`, preset: 'combined' });
 * log.write(entry);
 * process.on('SIGHUP', () => void log.reopen());
 * await log.close();
 * ```
 */
export function createAccessLogWriter(options: AccessLogWriterOptions): AccessLogWriter {
  return new QueuedWriter(resolveAccessLogWriterOptions(options));
}
