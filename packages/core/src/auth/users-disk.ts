// Reading the users file together with a signature of the version read, so the store can tell its own writes
// from another process's edits.
import { readFile, stat } from 'node:fs/promises';
import { IsobarError } from '@isobar/protocol';
import { parseUsersFile, type StoredUser } from './users-file.js';

/** Identifies one version of the file on disk (`missing` when there is none). */
export type FileSignature = string;

/** What {@link readUsersFile} found. */
export interface UsersOnDisk {
  /** The users, or undefined when the file does not exist. */
  readonly users: StoredUser[] | undefined;
  readonly signature: FileSignature;
  /** Permission bits, when the file exists. */
  readonly mode: number | undefined;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** The signature of the file as it is now: inode, size and both times, which an atomic replace always changes. */
export async function fileSignature(file: string): Promise<FileSignature> {
  try {
    const info = await stat(file, { bigint: true });
    return `${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
  } catch (error) {
    if (isMissing(error)) return 'missing';
    throw new IsobarError('CORRUPT_FILE', { details: { file, reason: (error as Error).message }, cause: error });
  }
}

/**
 * Reads and parses the users file. The signature is taken before reading: if the file changes in between,
 * the next check sees a different signature and reads again, so no edit is lost.
 */
export async function readUsersFile(file: string): Promise<UsersOnDisk> {
  const signature = await fileSignature(file);
  let text: string;
  let mode: number;
  try {
    mode = (await stat(file)).mode & 0o777;
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return { users: undefined, signature: 'missing', mode: undefined };
    throw new IsobarError('CORRUPT_FILE', {
      details: { file, reason: `cannot be read (${(error as Error).message})` },
      cause: error,
    });
  }
  return { users: parseUsersFile(text, file), signature, mode };
}
