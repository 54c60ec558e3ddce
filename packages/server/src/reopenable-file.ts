// A writable stream over a file that can be reopened (log rotation: the operator renames the file, then sends
// SIGHUP; new lines go to a new file with the old name).
import { closeSync, mkdirSync, openSync, write } from 'node:fs';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';

/** A file stream whose {@link ReopenableFile.reopen} switches to a fresh file of the same name. */
export class ReopenableFile extends Writable {
  private fd: number;
  private reopenRequested = false;

  /** Opens `path` for append (mode 0640, parent directories created). */
  constructor(readonly path: string) {
    super();
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a', 0o640);
  }

  /** Reopens the file before the next line is written (so no line is split between two files). */
  reopen(): void {
    this.reopenRequested = true;
    if (!this.writableNeedDrain && this.writableLength === 0) this.swap();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.reopenRequested) this.swap();
    write(this.fd, chunk, (error) => callback(error));
  }

  override _final(callback: (error?: Error | null) => void): void {
    closeSync(this.fd);
    callback();
  }

  private swap(): void {
    this.reopenRequested = false;
    const next = openSync(this.path, 'a', 0o640);
    closeSync(this.fd);
    this.fd = next;
  }
}
