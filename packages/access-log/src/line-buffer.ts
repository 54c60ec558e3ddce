/**
 * The writer's queue as bytes: lines are encoded into one reusable buffer as they are accepted, so that a batch
 * is handed to `write(2)` as it stands. Building each line as a JavaScript string and joining the queue costs
 * more than formatting it (V8 flattens every concatenated line, then encodes it again), so text lines are written
 * here piece by piece (see `TextFormat.encode`).
 */

/** Strings at least this long are encoded by Node (a memcpy for one-byte strings); shorter ones by a JS loop. */
const NATIVE_ENCODE_FROM = 64;
const INITIAL_BYTES = 16 * 1024;

/** A growable byte buffer of complete UTF-8 lines. */
export class LineBuffer {
  /** Bytes in use. */
  length = 0;
  private bytes: Buffer;

  constructor(initialBytes: number = INITIAL_BYTES) {
    this.bytes = Buffer.allocUnsafe(initialBytes);
  }

  /** Appends `text` as UTF-8. */
  appendString(text: string): void {
    const count = text.length;
    // Three bytes per UTF-16 unit is the worst case (a surrogate pair is 2 units for 4 bytes).
    if (this.length + count * 3 > this.bytes.length) this.grow(count * 3);
    const bytes = this.bytes;
    let at = this.length;
    if (count >= NATIVE_ENCODE_FROM) {
      this.length = at + bytes.write(text, at, 'utf8');
      return;
    }
    for (let i = 0; i < count; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) {
        // Rare (a non-ASCII path or user): let Node encode the rest, surrogates included.
        this.length = at + bytes.write(i === 0 ? text : text.slice(i), at, 'utf8');
        return;
      }
      bytes[at++] = code;
    }
    this.length = at;
  }

  /** Appends bytes encoded once in advance (the constant text of a format). */
  appendBytes(chunk: Uint8Array): void {
    const count = chunk.length;
    if (this.length + count > this.bytes.length) this.grow(count);
    const bytes = this.bytes;
    let at = this.length;
    // A loop beats `set` for the few bytes between two verbs.
    for (let i = 0; i < count; i++) bytes[at++] = chunk[i]!;
    this.length = at;
  }

  /** The bytes in use: a view that is valid until the next append or `clear()`. */
  view(): Buffer {
    return this.bytes.subarray(0, this.length);
  }

  /** Drops the bytes after `length` (a line whose formatting failed half-way). */
  truncate(length: number): void {
    this.length = Math.min(this.length, length);
  }

  /** Empties the buffer, keeping its memory for the next batch. */
  clear(): void {
    this.length = 0;
  }

  private grow(needed: number): void {
    let size = this.bytes.length * 2;
    while (size < this.length + needed) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.bytes.copy(next, 0, 0, this.length);
    this.bytes = next;
  }
}
