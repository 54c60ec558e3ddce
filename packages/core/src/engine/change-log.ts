import type { ChangeBody, ChangeRecord } from './change-record.js';

/** Options of {@link createChangeLog}. */
export interface ChangeLogOptions {
  /** Records kept in memory for resume (`since`). @default 10000 */
  readonly capacity?: number;
  /** Sequence number of the last record already made (after recovery). @default 0 */
  readonly startSeq?: number;
}

/** Called with each batch of records, in order. */
export type ChangeSubscriber = (records: readonly ChangeRecord[]) => void;

/**
 * The stream of change records: numbers them, keeps a ring buffer of the recent ones for clients that resume
 * (`since`), and hands each batch to subscribers (the journal, the event feed, the scheduler).
 */
export class ChangeLog {
  private readonly ring: (ChangeRecord | undefined)[];
  private readonly subscribers = new Set<ChangeSubscriber>();
  private lastSeq: number;

  constructor(options: ChangeLogOptions = {}) {
    this.ring = new Array<ChangeRecord | undefined>(Math.max(1, options.capacity ?? 10_000)).fill(undefined);
    this.lastSeq = options.startSeq ?? 0;
  }

  /** The sequence number of the last record (0 before any). */
  get seq(): number {
    return this.lastSeq;
  }

  /** Numbers and stores a batch, then notifies subscribers; returns the numbered records. */
  append(bodies: readonly ChangeBody[], at: number): ChangeRecord[] {
    if (bodies.length === 0) return [];
    const records = bodies.map((body) => {
      const record: ChangeRecord = { ...body, seq: ++this.lastSeq, at, ephemeral: body.type === 'telemetry' };
      this.ring[record.seq % this.ring.length] = record;
      return record;
    });
    for (const subscriber of this.subscribers) subscriber(records);
    return records;
  }

  /**
   * The records after `seq`, or `undefined` when some of them have left the ring buffer (the client must then
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
