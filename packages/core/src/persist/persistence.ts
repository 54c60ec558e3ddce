import { join } from 'node:path';
import type { Logger } from '@isobar/protocol';
import { noopLogger } from '@isobar/protocol';
import type { Engine } from '../engine/index.js';
import { DEFAULT_CHECKPOINT_MODE, parseCheckpointMode, type CheckpointMode } from './checkpoint-mode.js';
import { readCheckpointHeader } from './checkpoint-reader.js';
import { CHECKPOINT_BACKUP_FILE, writeCheckpoint, type CheckpointResult } from './checkpoint-writer.js';
import { noFaults, type FaultHook } from './fault-hook.js';
import { createJournal, type Journal } from './journal.js';
import { JOURNAL_DIR } from './recover.js';

/** Options of {@link createPersistence}. */
export interface PersistenceOptions {
  /** Automatic checkpoints: a mode or its text (`always`, `never`, `on_time:N`). @default on_time:120 */
  readonly checkpoint?: CheckpointMode | string;
  /** Time one checkpoint slice may take. @default 5 */
  readonly sliceMs?: number;
  /** Journal segment size. @default 64 MiB */
  readonly segmentBytes?: number;
  /** Receives failed automatic checkpoints. @default noopLogger */
  readonly logger?: Logger;
  /** Fault injection for tests (journal and checkpoint points). @default none */
  readonly faults?: FaultHook;
}

/**
 * An engine's durability: every durable change record goes to the journal, `commit()` is awaited before a
 * mutating command's reply, and checkpoints are written by mode (or on request) and bound the journal.
 */
export class Persistence {
  /** The journal the engine's records go to. */
  readonly journal: Journal;
  private currentMode: CheckpointMode;
  private last: { readonly at: string; readonly durationMs: number } | undefined;
  private readonly unsubscribe: () => void;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<CheckpointResult> | undefined;
  private again = false;
  private readonly logger: Logger;
  private readonly faults: FaultHook;

  constructor(
    /** The engine whose changes are made durable. */
    readonly engine: Engine,
    /** The server home (`journal/`, `checkpoint`, `checkpoint.bak`). */
    readonly home: string,
    private readonly options: PersistenceOptions = {},
  ) {
    const mode = options.checkpoint ?? DEFAULT_CHECKPOINT_MODE;
    this.currentMode = typeof mode === 'string' ? parseCheckpointMode(mode) : mode;
    this.logger = options.logger ?? noopLogger;
    this.faults = options.faults ?? noFaults;
    this.journal = createJournal(join(home, JOURNAL_DIR), { segmentBytes: options.segmentBytes, faults: this.faults });
    this.unsubscribe = engine.log.subscribe((records) => {
      this.journal.append(records);
      if (this.currentMode.kind === 'always') this.requestCheckpoint();
    });
    this.startTimer();
  }

  /** The automatic checkpoint mode. */
  get mode(): CheckpointMode {
    return this.currentMode;
  }

  /** When the last checkpoint of this process was written and how long it took. */
  get lastCheckpoint(): { readonly at: string; readonly durationMs: number } | undefined {
    return this.last;
  }

  /** Changes the automatic checkpoint mode (ecFlow's `--check_mode` / `--check_interval`). */
  setMode(mode: CheckpointMode | string): void {
    this.currentMode = typeof mode === 'string' ? parseCheckpointMode(mode) : mode;
    this.startTimer();
  }

  private startTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.currentMode.kind !== 'on_time') return;
    this.timer = setInterval(() => this.requestCheckpoint(), this.currentMode.seconds * 1000);
    this.timer.unref();
  }

  /** Resolves when every change so far is durable; STORAGE_FAILED when it cannot be made so. */
  commit(): Promise<void> {
    return this.journal.commit();
  }

  /**
   * Writes a checkpoint now (or joins the one being written), then deletes the journal segments the previous
   * checkpoint no longer needs: the backup stays usable because the journal is kept back to its "valid from".
   */
  checkpoint(): Promise<CheckpointResult> {
    this.running ??= this.runCheckpoint().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops automatic checkpoints, commits and closes the journal. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.unsubscribe();
    this.again = false;
    await this.running?.catch(() => undefined);
    await this.journal.close();
  }

  private requestCheckpoint(): void {
    if (!this.engine.policy.autoCheckpoint) return;
    if (this.running !== undefined) {
      this.again = this.currentMode.kind === 'always';
      return;
    }
    this.checkpoint().then(
      () => {
        if (!this.again) return;
        this.again = false;
        this.requestCheckpoint();
      },
      (error: unknown) => this.logger.error('checkpoint failed', { error }),
    );
  }

  private async runCheckpoint(): Promise<CheckpointResult> {
    this.journal.rotate();
    const result = await writeCheckpoint(this.engine, this.home, {
      sliceMs: this.options.sliceMs,
      faults: this.faults,
      beforeRename: () => this.journal.commit(),
    });
    // Only the header: parsing a 100,000-task backup here would block the event loop for a second.
    const backup = await readCheckpointHeader(join(this.home, CHECKPOINT_BACKUP_FILE)).catch(() => undefined);
    await this.journal.deleteThrough(backup?.validFrom ?? 0);
    this.last = { at: new Date().toISOString(), durationMs: result.totalMs };
    return result;
  }
}

/**
 * Attaches durability to an engine (normally one from {@link recoverEngine}).
 *
 * @example
 * ```ts
 * const persistence = createPersistence(engine, home, { checkpoint: 'on_time:120' });
 * engine.force(['/s/t'], 'complete');
 * await persistence.commit(); // then reply
 * ```
 */
export function createPersistence(engine: Engine, home: string, options: PersistenceOptions = {}): Persistence {
  return new Persistence(engine, home, options);
}
