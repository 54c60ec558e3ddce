import type { ChangeBody, ChangeRecord } from './change-record.js';
import { hasLazyText } from './lazy-text.js';

/** Options of {@link createChangeLog}. */
export interface ChangeLogOptions {
  /** Records kept in memory for resume (`since`). @default 10000 */
  readonly capacity?: number;
  /** Sequence number of the last record already made (after recovery). @default 0 */
  readonly startSeq?: number;
  /**
   * Longest `text` (of `node.added`/`node.replaced` records) kept in the ring buffer. A longer record still goes to
   * subscribers (the journal), but a client resuming from before it must resynchronise: loading a large suite
   * would otherwise keep its whole definition text in memory until 10000 later records push it out.
   * @default 1048576 (1 MiB)
   */
  readonly maxRetainedTextLength?: number;
}

/** Called with each batch of records, in order. */
export type ChangeSubscriber = (records: readonly ChangeRecord[]) => void;

function isEphemeral(body: ChangeBody): boolean {
  return 'ephemeral' in body && body.ephemeral;
}

/**
 * The stream of change records: numbers them, keeps a ring buffer of the recent ones for clients that resume
 * (`since`), and hands each batch to subscribers (the journal, the event feed, the scheduler). Ephemeral records
 * (telemetry) carry the last durable sequence number, as the protocol says, and are never kept.
 */
export class ChangeLog {
  private readonly ring: (ChangeRecord | undefined)[];
  private readonly subscribers = new Set<ChangeSubscriber>();
  private readonly maxRetainedTextLength: number;
  private lastSeq: number;

  constructor(options: ChangeLogOptions = {}) {
    this.ring = new Array<ChangeRecord | undefined>(Math.max(1, options.capacity ?? 10_000)).fill(undefined);
    this.lastSeq = options.startSeq ?? 0;
    this.maxRetainedTextLength = options.maxRetainedTextLength ?? 1024 * 1024;
  }

  /** The sequence number of the last durable record (0 before any). */
  get seq(): number {
    return this.lastSeq;
  }

  /**
   * Numbers and stores a batch, then notifies subscribers; returns the numbered records. The bodies become the
   * records (numbered and stamped in place, not copied: a begin of 100k nodes makes 100k of them), so a caller
   * hands them over and does not reuse them; frozen bodies are copied.
   *
   * @param at when the changes happened, milliseconds since the epoch (records carry it as ISO-8601).
   */
  append(bodies: readonly ChangeBody[], at: number): ChangeRecord[] {
    if (bodies.length === 0) return [];
    const stamp = new Date(at).toISOString();
    const records = new Array<ChangeRecord>(bodies.length);
    for (let i = 0; i < bodies.length; i++) {
      const body = bodies[i] as ChangeBody;
      const ephemeral = isEphemeral(body);
      const record = (Object.isFrozen(body) ? { ...body } : body) as unknown as { seq: number; at: string };
      record.seq = ephemeral ? this.lastSeq : ++this.lastSeq;
      record.at = stamp;
      const numbered = record as unknown as ChangeRecord;
      if (!ephemeral) this.ring[record.seq % this.ring.length] = this.retainable(numbered) ? numbered : undefined;
      records[i] = numbered;
    }
    for (const subscriber of this.subscribers) subscriber(records);
    return records;
  }

  private retainable(record: ChangeRecord): boolean {
    // A lazy text is not read here: that would produce it (see lazy-text.ts).
    if (hasLazyText(record)) return false;
    return !('text' in record) || record.text === undefined || record.text.length <= this.maxRetainedTextLength;
  }

  /**
   * The durable records after `seq`, or `undefined` when some of them are no longer kept (the client must then
   * resynchronise from a full tree).
   */
  since(seq: number): ChangeRecord[] | undefined {
    if (seq >= this.lastSeq) return [];
    if (this.lastSeq - seq > this.ring.length || seq < 0) return undefined;
    const records: ChangeRecord[] = [];
    for (let next = seq + 1; next <= this.lastSeq; next++) {
      const record = this.ring[next % this.ring.length];
      if (record?.seq !== next) return undefined;
      records.push(record);
    }
    return records;
  }

  /** Subscribes; returns the function that unsubscribes. */
  subscribe(subscriber: ChangeSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }
}

/** Creates a change log. */
export function createChangeLog(options: ChangeLogOptions = {}): ChangeLog {
  return new ChangeLog(options);
}
