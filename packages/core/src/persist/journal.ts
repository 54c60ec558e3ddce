import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChangeRecord } from '../engine/index.js';
import { noFaults, type FaultHook } from './fault-hook.js';
import { fsyncDirectory } from './fsync-directory.js';
import { JOURNAL_HEADER, encodeJournalLine, segmentName } from './journal-format.js';
import { listSegments } from './journal-reader.js';
import { storageFailed } from './storage-error.js';

/** Options of {@link createJournal}. */
export interface JournalOptions {
  /** A segment is closed and a new one started once it grows past this many bytes. @default 67108864 (64 MiB) */
  readonly segmentBytes?: number;
  /** Fault injection for tests. @default none */
  readonly faults?: FaultHook;
}

/** {@link JournalOptions} with defaults applied. */
export interface ResolvedJournalOptions {
  readonly segmentBytes: number;
  readonly faults: FaultHook;
}

/** Applies defaults. */
export function resolveJournalOptions(options: JournalOptions = {}): ResolvedJournalOptions {
  return { segmentBytes: options.segmentBytes ?? 64 * 1024 * 1024, faults: options.faults ?? noFaults };
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface OpenSegment {
  readonly file: string;
  readonly handle: FileHandle;
  /** Bytes known to be written (the next write goes here, so a retry overwrites a partial write). */
  length: number;
}

/**
 * The write-ahead journal: change records appended as CRC-checked lines to segment files. Records appended in
 * one event-loop turn are written and fsynced together (group commit); while one write is in flight the next
 * turns' records gather for the following one. A failed write keeps its records and retries them with the next
 * commit, so the journal never has a gap and catches up once the disk has room again.
 */
export class Journal {
  private readonly options: ResolvedJournalOptions;
  private pending: string[] = [];
  private pendingFirstSeq = 0;
  private waiters: Waiter[] = [];
  private scheduled = false;
  private flushing = false;
  private segment: OpenSegment | undefined;
  private rotateRequested = false;
  private closed = false;
  private written = 0;

  constructor(
    /** The journal directory (`<home>/journal`). */
    readonly dir: string,
    options: JournalOptions = {},
  ) {
    this.options = resolveJournalOptions(options);
  }

  /** Bytes this process has made durable in the journal (`stats`). */
  get bytesWritten(): number {
    return this.written;
  }

  /** Buffers records for the next group commit; ephemeral records (telemetry) are skipped. */
  append(records: readonly ChangeRecord[]): void {
    for (const record of records) {
      if ('ephemeral' in record && record.ephemeral) continue;
      if (this.pending.length === 0) this.pendingFirstSeq = record.seq;
      this.pending.push(encodeJournalLine(record));
    }
    if (this.pending.length > 0) this.schedule();
  }

  /**
   * Resolves once every record appended so far is durable (written and fsynced); rejects with STORAGE_FAILED when
   * the write fails (the records stay queued and are retried by the next commit).
   */
  commit(): Promise<void> {
    if (this.pending.length === 0 && !this.flushing) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.schedule();
    });
  }

  /** Makes the next write start a new segment (a checkpoint does, so older segments can be deleted). */
  rotate(): void {
    this.rotateRequested = true;
  }

  /**
   * Deletes the segments whose records all have `seq <= seq` (a checkpoint valid from a later point holds them);
   * the segment being written is kept.
   */
  async deleteThrough(seq: number): Promise<string[]> {
    const segments = await listSegments(this.dir);
    const deleted: string[] = [];
    for (let i = 0; i + 1 < segments.length; i++) {
      const segment = segments[i];
      const next = segments[i + 1];
      if (segment === undefined || next === undefined || next.firstSeq > seq + 1) break;
      if (segment.file === this.segment?.file) break;
      await rm(segment.file, { force: true });
      deleted.push(segment.file);
    }
    return deleted;
  }

  /** Commits what is pending, then closes the open segment. */
  async close(): Promise<void> {
    await this.commit();
    this.closed = true;
    await this.segment?.handle.close();
    this.segment = undefined;
  }

  private schedule(): void {
    if (this.scheduled || this.flushing || this.closed) return;
    this.scheduled = true;
    // setImmediate runs after the poll phase: every request handled in this turn joins the same write.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return this.settle(this.waiters.splice(0), undefined);
    this.flushing = true;
    const lines = this.pending;
    const firstSeq = this.pendingFirstSeq;
    const waiters = this.waiters.splice(0);
    this.pending = [];
    let failure: unknown;
    try {
      await this.write(lines.join(''), firstSeq);
    } catch (error) {
      failure = error;
      // Keep them in front of anything appended meanwhile: the journal must not skip a sequence number.
      this.pending = lines.concat(this.pending);
      this.pendingFirstSeq = firstSeq;
    }
    this.flushing = false;
    this.settle(waiters, failure);
    if (this.waiters.length > 0 || (this.pending.length > 0 && failure === undefined)) this.schedule();
  }

  private settle(waiters: readonly Waiter[], failure: unknown): void {
    for (const waiter of waiters) {
      if (failure === undefined) waiter.resolve();
      else waiter.reject(failure);
    }
  }

  private async write(text: string, firstSeq: number): Promise<void> {
    const segment = await this.segmentFor(firstSeq);
    const data = Buffer.from(text);
    try {
      this.options.faults('journal.beforeWrite', { file: segment.file });
      await segment.handle.write(data, 0, data.length, segment.length);
      this.options.faults('journal.beforeFsync', { file: segment.file });
      await segment.handle.sync();
      this.options.faults('journal.afterFsync', { file: segment.file });
    } catch (error) {
      throw storageFailed(error, segment.file);
    }
    segment.length += data.length;
    this.written += data.length;
    if (segment.length >= this.options.segmentBytes) this.rotateRequested = true;
  }

  private async segmentFor(firstSeq: number): Promise<OpenSegment> {
    if (this.segment !== undefined && !this.rotateRequested) return this.segment;
    const file = join(this.dir, segmentName(firstSeq));
    try {
      await mkdir(this.dir, { recursive: true });
      const handle = await open(file, 'w');
      const header = Buffer.from(JOURNAL_HEADER);
      await handle.write(header, 0, header.length, 0);
      await handle.sync();
      await fsyncDirectory(this.dir);
      await this.segment?.handle.close();
      this.segment = { file, handle, length: header.length };
      this.rotateRequested = false;
      return this.segment;
    } catch (error) {
      throw storageFailed(error, file);
    }
  }
}

/**
 * Creates a journal writing to `dir`. Writing starts a new segment (named by its first sequence number); the
 * records already there are read by {@link readJournal} at recovery.
 *
 * @example
 * ```ts
 * const journal = createJournal(join(home, 'journal'));
 * engine.log.subscribe((records) => journal.append(records));
 * await journal.commit(); // before replying to the command
 * ```
 */
export function createJournal(dir: string, options: JournalOptions = {}): Journal {
  return new Journal(dir, options);
}
