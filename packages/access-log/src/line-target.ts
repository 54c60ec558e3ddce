/**
 * Where the writer's lines end up: an append-only file, or a stream it was given. Both keep lines in the order
 * they were handed over; that is what lets the writer mix background batches with synchronous overflow writes
 * without reordering anything.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { IsobarError } from '@isobar/protocol';
import type { AccessLogStream } from './access-log-options.js';

/** A destination for batches of complete lines. */
export interface LineTarget {
  /**
   * Hands `data` (complete UTF-8 lines) over; the caller reuses its memory once `write` returns. `done` runs once
   * the data reached the operating system (files: before `write` returns) or the stream called back, with the
   * error if there was one.
   */
  write(data: Buffer, done: (error?: Error | null) => void): void;
  /** Reopens the destination (files: the same path, for log rotation). Everything handed over stays where it went. */
  reopen(): void;
  /** Releases the destination. */
  close(): Promise<void>;
}

function openAppend(path: string): number {
  try {
    return openSync(path, 'a', 0o600);
  } catch (cause) {
    const reason = `cannot open access log file ${path}: ${(cause as Error).message}`;
    throw new IsobarError('CONFIG_ERROR', { details: { reason, path }, cause });
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  // A short write (a full disk, a signal) is rare: the loop finishes it.
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/**
 * An append-only file opened like Granitic's (`O_APPEND|O_CREAT|O_WRONLY`, mode 0600). Writes are synchronous
 * `write(2)` calls on the main thread: a page-cache append costs microseconds, and keeping every write on one
 * thread is what guarantees that a synchronous overflow write can never overtake a background batch.
 */
export function createFileTarget(path: string): LineTarget {
  let fd = openAppend(path);
  return {
    write(data, done) {
      let error: Error | null = null;
      try {
        writeAll(fd, data);
      } catch (cause) {
        error = cause as Error;
      }
      done(error);
    },
    reopen() {
      const next = openAppend(path);
      const previous = fd;
      fd = next;
      closeSync(previous);
    },
    close() {
      closeSync(fd);
      return Promise.resolve();
    },
  };
}

/**
 * A stream. "Synchronous" here means handed to `stream.write` at once: the stream queues it behind whatever it
 * holds (so order is kept) and its own buffer absorbs the burst; the writer reports that as backpressure.
 */
export function createStreamTarget(stream: AccessLogStream, endStream: boolean): LineTarget {
  return {
    write(data, done) {
      try {
        // Decoding makes the copy the stream keeps; streams of text (stdout) take strings anyway.
        stream.write(data.toString('utf8'), done);
      } catch (cause) {
        done(cause as Error);
      }
    },
    reopen() {
      // A stream belongs to whoever passed it in; rotating it is their business.
    },
    close() {
      if (!endStream || typeof stream.end !== 'function') return Promise.resolve();
      return new Promise((resolve) => {
        stream.end?.(() => resolve());
      });
    },
  };
}
