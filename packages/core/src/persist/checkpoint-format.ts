import { corruptFile, formatVersion } from './storage-error.js';

/** Version of the checkpoint file format this release writes and reads. */
export const CHECKPOINT_FORMAT_VERSION = 1;

/** What the first line of a checkpoint says. */
export interface CheckpointHeader {
  /** Format version. */
  readonly version: number;
  /** Every record with `seq <= validFrom` is in the checkpoint; replay the journal after it. */
  readonly validFrom: number;
  /** The last sequence number when the last slice was written (records up to it may be in the file too). */
  readonly writtenTo: number;
  /** When it was written (ISO-8601). */
  readonly at: string;
}

const MAGIC = '#isobar-checkpoint';

/** The header line (with its newline). */
export function formatCheckpointHeader(header: Omit<CheckpointHeader, 'version'>): string {
  const { validFrom, writtenTo, at } = header;
  return `${MAGIC} version:${CHECKPOINT_FORMAT_VERSION} valid_from:${validFrom} written_to:${writtenTo} at:${at}\n`;
}

function field(words: readonly string[], name: string): string | undefined {
  return words.find((word) => word.startsWith(name + ':'))?.slice(name.length + 1);
}

function seqField(words: readonly string[], name: string, file: string): number {
  const value = Number(field(words, name));
  if (!Number.isSafeInteger(value) || value < 0) throw corruptFile(file, `bad ${name} in the header`, 0);
  return value;
}

/**
 * Parses a checkpoint's first line. A missing header is CORRUPT_FILE; a version other than
 * {@link CHECKPOINT_FORMAT_VERSION} is FORMAT_VERSION (written by another release).
 */
export function parseCheckpointHeader(line: string, file: string): CheckpointHeader {
  const words = line.trim().split(/\s+/);
  if (words[0] !== MAGIC) throw corruptFile(file, 'not an Isobar checkpoint (bad header)', 0);
  const version = field(words, 'version') ?? '';
  if (version !== String(CHECKPOINT_FORMAT_VERSION)) throw formatVersion(file, version, CHECKPOINT_FORMAT_VERSION);
  return {
    version: CHECKPOINT_FORMAT_VERSION,
    validFrom: seqField(words, 'valid_from', file),
    writtenTo: seqField(words, 'written_to', file),
    at: field(words, 'at') ?? '',
  };
}

/** The line that ends every complete checkpoint (a file without it was cut short). */
export const CHECKPOINT_END = '# enddef\n';
