import { crc32 } from 'node:zlib';
import type { ChangeRecord } from '../engine/index.js';

/** Version of the journal segment format this release writes and reads. */
export const JOURNAL_FORMAT_VERSION = 1;

/** First line of every segment: magic word and format version. */
export const JOURNAL_HEADER = `#isobar-journal ${JOURNAL_FORMAT_VERSION}\n`;

const HEADER_PATTERN = /^#isobar-journal (\S+)\n/;

/** Segment files are named by the sequence number of their first record, zero-padded so names sort. */
export function segmentName(firstSeq: number): string {
  return `${String(firstSeq).padStart(16, '0')}.log`;
}

/** The first sequence number of a segment file name, or `undefined` for other files. */
export function parseSegmentName(name: string): number | undefined {
  const match = /^(\d{16})\.log$/.exec(name);
  return match === null ? undefined : Number(match[1]);
}

/**
 * One record as one line: the CRC32 of the JSON (8 hex digits), a space, the JSON, a newline. A line whose CRC
 * does not match, or without its newline, was torn by a crash or damaged afterwards.
 */
export function encodeJournalLine(record: ChangeRecord): string {
  const json = JSON.stringify(record);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

/** The version word of a segment's header, `undefined` when the header itself is missing or torn. */
export function parseJournalHeader(text: string): string | undefined {
  return HEADER_PATTERN.exec(text)?.[1];
}

/** A record decoded from one line, or `undefined` when the line is torn or damaged. */
export function decodeJournalLine(line: string): ChangeRecord | undefined {
  if (line.length < 10 || line[8] !== ' ') return undefined;
  const crc = Number.parseInt(line.slice(0, 8), 16);
  const json = line.slice(9);
  if (Number.isNaN(crc) || crc32(json) !== crc) return undefined;
  try {
    const record = JSON.parse(json) as ChangeRecord;
    return typeof record.seq === 'number' ? record : undefined;
  } catch {
    return undefined;
  }
}
