import { open, readFile } from 'node:fs/promises';
import { hasErrorCode } from '@isobar/protocol';
import { parseDefs, type Defs } from '@isobar/protocol/defs';
import { CHECKPOINT_END, parseCheckpointHeader, type CheckpointHeader } from './checkpoint-format.js';
import { corruptFile, isMissingFile } from './storage-error.js';

/** A checkpoint read and parsed. */
export interface LoadedCheckpoint {
  /** Its path. */
  readonly file: string;
  /** Its header. */
  readonly header: CheckpointHeader;
  /** The definition with run-time state. */
  readonly defs: Defs;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads and parses a checkpoint; `undefined` when the file does not exist. A file without a valid header, cut
 * short (no final `# enddef`) or that does not parse is CORRUPT_FILE naming the path and the reason; one of
 * another format version is FORMAT_VERSION.
 */
export async function readCheckpoint(file: string): Promise<LoadedCheckpoint | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isMissingFile(error)) return undefined;
    throw corruptFile(file, `unreadable: ${reasonOf(error)}`);
  }
  const newline = text.indexOf('\n');
  const header = parseCheckpointHeader(newline < 0 ? text : text.slice(0, newline), file);
  const body = text.slice(newline + 1);
  if (!body.endsWith(CHECKPOINT_END)) throw corruptFile(file, 'cut short (no final "# enddef")', text.length);
  try {
    return { file, header, defs: parseDefs(body, { file }) };
  } catch (error) {
    if (hasErrorCode(error, 'CORRUPT_FILE')) throw error;
    throw corruptFile(file, `does not parse: ${reasonOf(error)}`);
  }
}

/**
 * Reads only the header of a checkpoint (its first line): cheap enough to call after every checkpoint.
 * `undefined` when the file does not exist.
 */
export async function readCheckpointHeader(file: string): Promise<CheckpointHeader | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (isMissingFile(error)) return undefined;
    throw corruptFile(file, `unreadable: ${reasonOf(error)}`);
  }
  try {
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.toString('utf8', 0, bytesRead);
    const newline = text.indexOf('\n');
    return parseCheckpointHeader(newline < 0 ? text : text.slice(0, newline), file);
  } finally {
    await handle.close();
  }
}
