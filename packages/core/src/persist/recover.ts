import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@isobar/protocol';
import { hasErrorCode, noopLogger, toIsobarError, type IsobarError } from '@isobar/protocol';
import { applyChange, createEngine, type Engine, type EngineOptions } from '../engine/index.js';
import { readCheckpoint, type LoadedCheckpoint } from './checkpoint-reader.js';
import { CHECKPOINT_BACKUP_FILE, CHECKPOINT_FILE, CHECKPOINT_TEMP_FILE } from './checkpoint-writer.js';
import { installDefs, resumeSequence } from './install-defs.js';
import { readJournal } from './journal-reader.js';
import { corruptFile } from './storage-error.js';

/** The journal directory inside a server home. */
export const JOURNAL_DIR = 'journal';

/** Options of {@link recoverEngine}. */
export interface RecoverOptions {
  /** Options of the engine that is created. @default {} */
  readonly engine?: EngineOptions;
  /** Receives warnings (backup used, torn journal tail cut off). @default noopLogger */
  readonly logger?: Logger;
}

/** The recovered engine and how it was recovered. */
export interface Recovery {
  /** The engine, with the checkpoint loaded, the journal replayed and its sequence numbers resumed. */
  readonly engine: Engine;
  /** The checkpoint used (`undefined` for a fresh home). */
  readonly checkpoint: string | undefined;
  /** Whether it was the backup (the current checkpoint was missing or unreadable). */
  readonly usedBackup: boolean;
  /** Journal records replayed. */
  readonly replayed: number;
  /** The last sequence number (the engine continues after it). */
  readonly seq: number;
  /** Where a torn journal tail was cut off, if one was. */
  readonly truncated?: { readonly file: string; readonly offset: number };
}

async function pickCheckpoint(home: string, logger: Logger): Promise<[LoadedCheckpoint | undefined, boolean]> {
  const current = join(home, CHECKPOINT_FILE);
  let failure: IsobarError | undefined;
  try {
    const loaded = await readCheckpoint(current);
    if (loaded !== undefined) return [loaded, false];
  } catch (error) {
    // A newer release's file is not damage: falling back would silently lose what it holds.
    if (!hasErrorCode(error, 'CORRUPT_FILE')) throw error;
    failure = error;
  }
  const backup = join(home, CHECKPOINT_BACKUP_FILE);
  let loaded: LoadedCheckpoint | undefined;
  try {
    loaded = await readCheckpoint(backup);
  } catch (error) {
    // Both damaged: report the current one, which is what the operator looks at first.
    throw failure ?? toIsobarError(error);
  }
  if (loaded === undefined) {
    if (failure !== undefined) throw failure;
    return [undefined, false];
  }
  logger.warn('checkpoint: using the backup', { file: backup, reason: failure?.message ?? 'current missing' });
  return [loaded, true];
}

/**
 * Recovers a server's state from its home: the newest valid checkpoint (`checkpoint`, else `checkpoint.bak` when
 * the current one is missing or damaged), then every journal record after the checkpoint's "valid from". A
 * damaged file with no valid alternative stops with CORRUPT_FILE naming it, never a silent fresh start; a home
 * with neither checkpoint nor journal gives an empty engine.
 *
 * @example
 * ```ts
 * const { engine } = await recoverEngine(home, { engine: { logger } });
 * const persistence = createPersistence(engine, home, { checkpoint: 'on_time:120' });
 * ```
 */
export async function recoverEngine(home: string, options: RecoverOptions = {}): Promise<Recovery> {
  const logger = options.logger ?? noopLogger;
  await mkdir(home, { recursive: true });
  await rm(join(home, CHECKPOINT_TEMP_FILE), { force: true });
  const [checkpoint, usedBackup] = await pickCheckpoint(home, logger);
  const engine = createEngine(options.engine);
  const validFrom = checkpoint?.header.validFrom ?? 0;
  if (checkpoint !== undefined) installDefs(engine, checkpoint.defs, Date.parse(checkpoint.header.at) / 1000 || 0);
  const journalDir = join(home, JOURNAL_DIR);
  const journal = await readJournal(journalDir, { afterSeq: validFrom, logger });
  const first = journal.records[0];
  if (first !== undefined && first.seq > validFrom + 1) {
    throw corruptFile(journalDir, `records ${validFrom + 1} to ${first.seq - 1} are missing after the checkpoint`);
  }
  for (const record of journal.records) applyChange(engine.tree, record);
  const seq = Math.max(journal.lastSeq, checkpoint?.header.writtenTo ?? 0);
  resumeSequence(engine, seq);
  return {
    engine,
    checkpoint: checkpoint?.file,
    usedBackup,
    replayed: journal.records.length,
    seq,
    truncated: journal.truncated,
  };
}
