import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../engine/index.js';
import { formatCheckpointHeader } from './checkpoint-format.js';
import { noFaults, type FaultHook } from './fault-hook.js';
import { fsyncDirectory } from './fsync-directory.js';
import { storageFailed, isMissingFile } from './storage-error.js';
import { TreeTextSlicer } from './tree-text-slicer.js';

/** File names inside the server home. */
export const CHECKPOINT_FILE = 'checkpoint';
/** The previous checkpoint, kept as a fallback. */
export const CHECKPOINT_BACKUP_FILE = 'checkpoint.bak';
/** Where a checkpoint is written before it is renamed into place. */
export const CHECKPOINT_TEMP_FILE = 'checkpoint.tmp';

/** Options of {@link writeCheckpoint}. */
export interface WriteCheckpointOptions {
  /** Time one slice may take before yielding to the event loop. @default 5 */
  readonly sliceMs?: number;
  /**
   * Awaited before the checkpoint is renamed into place: the server passes its journal's commit, so nothing the
   * checkpoint shows is newer than the durable journal. @default none
   */
  readonly beforeRename?: () => Promise<void>;
  /** Fault injection for tests. @default none */
  readonly faults?: FaultHook;
}

/** What a checkpoint cost. */
export interface CheckpointResult {
  /** The file written. */
  readonly file: string;
  /** Sequence number it is valid from. */
  readonly validFrom: number;
  /** Bytes written. */
  readonly bytes: number;
  /** Number of slices (event-loop turns) it took. */
  readonly slices: number;
  /** Longest slice, wall milliseconds: what the checkpoint blocked the event loop for at most (plus one write). */
  readonly longestSliceMs: number;
  /**
   * CPU milliseconds of the longest slice (process-wide, garbage collection included). Much less than
   * `longestSliceMs` means the process was waiting for a core (a loaded machine), not working.
   */
  readonly longestSliceCpuMs: number;
  /** Wall time from start to the final rename, milliseconds. */
  readonly totalMs: number;
}

const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function moveIntoPlace(home: string, temp: string, file: string): Promise<void> {
  try {
    await rename(file, join(home, CHECKPOINT_BACKUP_FILE));
  } catch (error) {
    if (!isMissingFile(error)) throw error;
  }
  await rename(temp, file);
  await fsyncDirectory(home);
}

interface SliceStats {
  bytes: number;
  slices: number;
  longestSliceMs: number;
  longestSliceCpuMs: number;
}

/** Header line padded to a fixed width, so it can be rewritten in place with the sequence number at the end. */
function headerLine(validFrom: number, writtenTo: number): string {
  const line = formatCheckpointHeader({ validFrom, writtenTo, at: new Date().toISOString() }).trimEnd();
  return line.padEnd(120, ' ') + '\n';
}

/** Streams the sliced text of the tree to `temp` (yielding after each slice) and fsyncs it. */
async function writeTemp(engine: Engine, temp: string, options: { sliceMs: number; faults: FaultHook }) {
  const validFrom = engine.log.seq;
  const slicer = new TreeTextSlicer(engine.tree);
  const stats: SliceStats = { bytes: 0, slices: 0, longestSliceMs: 0, longestSliceCpuMs: 0 };
  const handle = await open(temp, 'w');
  try {
    stats.bytes += (await handle.write(headerLine(validFrom, validFrom), 0)).bytesWritten;
    for (;;) {
      const sliceStart = performance.now();
      const cpuStart = process.cpuUsage();
      const text = slicer.next(options.sliceMs);
      const wallMs = performance.now() - sliceStart;
      if (wallMs > stats.longestSliceMs) {
        const cpu = process.cpuUsage(cpuStart);
        stats.longestSliceMs = wallMs;
        stats.longestSliceCpuMs = (cpu.user + cpu.system) / 1000;
      }
      if (text === undefined) break;
      stats.slices++;
      stats.bytes += (await handle.write(text, stats.bytes)).bytesWritten;
      options.faults('checkpoint.midSlice', { file: temp });
      await yieldTurn();
    }
    await handle.write(headerLine(validFrom, engine.log.seq), 0);
    options.faults('checkpoint.beforeFsync', { file: temp });
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { validFrom, ...stats };
}

/**
 * Writes `<home>/checkpoint` without stopping the server: the tree is serialised in slices of about `sliceMs`,
 * each followed by a yield to the event loop, streamed to a temp file; then fsync, the current checkpoint renamed
 * to `checkpoint.bak`, the temp file renamed into place, and the directory fsynced. The header says "valid from
 * S", the sequence number at the start: mutations between slices are replayed from the journal at recovery.
 * Write errors reject with STORAGE_FAILED (the previous checkpoint stays in place).
 */
export async function writeCheckpoint(
  engine: Engine,
  home: string,
  options: WriteCheckpointOptions = {},
): Promise<CheckpointResult> {
  const faults = options.faults ?? noFaults;
  const started = performance.now();
  const temp = join(home, CHECKPOINT_TEMP_FILE);
  const file = join(home, CHECKPOINT_FILE);
  try {
    const written = await writeTemp(engine, temp, { sliceMs: options.sliceMs ?? 5, faults });
    await options.beforeRename?.();
    faults('checkpoint.beforeRename', { file: temp });
    await moveIntoPlace(home, temp, file);
    return { file, ...written, totalMs: performance.now() - started };
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw storageFailed(error, temp);
  }
}
