import { readdir, readFile, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@isobar/protocol';
import { noopLogger } from '@isobar/protocol';
import type { ChangeRecord } from '../engine/index.js';
import {
  JOURNAL_FORMAT_VERSION,
  JOURNAL_HEADER,
  decodeJournalLine,
  parseJournalHeader,
  parseSegmentName,
} from './journal-format.js';
import { corruptFile, formatVersion, isMissingFile } from './storage-error.js';

/** One segment file of a journal directory. */
export interface JournalSegment {
  /** Absolute path. */
  readonly file: string;
  /** Sequence number of its first record (from the name). */
  readonly firstSeq: number;
}

/** What {@link readJournal} found. */
export interface JournalContents {
  /** Records with `seq > afterSeq`, in order. */
  readonly records: ChangeRecord[];
  /** Sequence number of the last record in the journal (0 when empty). */
  readonly lastSeq: number;
  /** Where a torn tail was cut off, if one was. */
  readonly truncated?: { readonly file: string; readonly offset: number };
}

/** Options of {@link readJournal}. */
export interface ReadJournalOptions {
  /** Only records after this sequence number are returned (the checkpoint's). @default 0 */
  readonly afterSeq?: number;
  /** Receives the warning about a truncated tail. @default noopLogger */
  readonly logger?: Logger;
}

/** The segment files of a journal directory, oldest first (none when the directory does not exist). */
export async function listSegments(dir: string): Promise<JournalSegment[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (isMissingFile(error)) return [];
    throw error;
  }
  const segments: JournalSegment[] = [];
  for (const name of names) {
    const firstSeq = parseSegmentName(name);
    if (firstSeq !== undefined) segments.push({ file: join(dir, name), firstSeq });
  }
  return segments.sort((a, b) => a.firstSeq - b.firstSeq);
}

interface SegmentScan {
  readonly records: ChangeRecord[];
  /** Byte offset of the first line that does not decode, if any. */
  readonly badOffset?: number;
  /** Whether a line after the bad one decodes (then it is damage in the middle, not a torn tail). */
  readonly validAfterBad: boolean;
}

function scanLines(data: Buffer, start: number): SegmentScan {
  const records: ChangeRecord[] = [];
  let badOffset: number | undefined;
  let validAfterBad = false;
  let pos = start;
  while (pos < data.length) {
    const end = data.indexOf(10, pos);
    const record = end < 0 ? undefined : decodeJournalLine(data.toString('utf8', pos, end));
    if (record === undefined) badOffset ??= pos;
    else if (badOffset === undefined) records.push(record);
    else validAfterBad = true;
    if (end < 0 || validAfterBad) break;
    pos = end + 1;
  }
  return { records, badOffset, validAfterBad };
}

function checkHeader(data: Buffer, file: string, last: boolean): 'ok' | 'torn' {
  const header = Buffer.from(JOURNAL_HEADER);
  if (data.subarray(0, header.length).equals(header)) return 'ok';
  const version = parseJournalHeader(data.toString('utf8', 0, Math.min(data.length, 64)));
  if (version !== undefined) throw formatVersion(file, version, JOURNAL_FORMAT_VERSION);
  // A crash while a new segment was being started leaves a prefix of the header (or nothing).
  if (last && header.subarray(0, data.length).equals(data)) return 'torn';
  throw corruptFile(file, 'not an Isobar journal segment (bad header)', 0);
}

/**
 * Reads every segment of a journal directory. A damaged end of the LAST segment (a crash in the middle of an
 * append) is cut off with a warning; damage followed by valid records, or in an older segment, is corruption
 * (CORRUPT_FILE with file and byte offset), as is a gap in the sequence numbers.
 */
export async function readJournal(dir: string, options: ReadJournalOptions = {}): Promise<JournalContents> {
  const afterSeq = options.afterSeq ?? 0;
  const logger = options.logger ?? noopLogger;
  const segments = await listSegments(dir);
  const records: ChangeRecord[] = [];
  let lastSeq = 0;
  let truncated: JournalContents['truncated'];
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    const data = await readFile(segment.file);
    if (checkHeader(data, segment.file, last) === 'torn') {
      logger.warn('journal: removing a segment torn while it was created', { file: segment.file });
      await rm(segment.file, { force: true });
      truncated = { file: segment.file, offset: 0 };
      continue;
    }
    const scan = scanLines(data, JOURNAL_HEADER.length);
    if (scan.badOffset !== undefined) {
      if (scan.validAfterBad || !last) throw corruptFile(segment.file, 'damaged journal record', scan.badOffset);
      logger.warn('journal: truncating a torn tail', { file: segment.file, offset: scan.badOffset });
      await truncate(segment.file, scan.badOffset);
      truncated = { file: segment.file, offset: scan.badOffset };
    }
    for (const record of scan.records) {
      if (lastSeq !== 0 && record.seq !== lastSeq + 1) {
        throw corruptFile(segment.file, `journal records missing between ${lastSeq} and ${record.seq}`);
      }
      lastSeq = record.seq;
      if (record.seq > afterSeq) records.push(record);
    }
  }
  return { records, lastSeq, truncated };
}
