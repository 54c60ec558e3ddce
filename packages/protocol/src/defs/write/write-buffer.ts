/** Pieces collected before they are joined into one flat chunk. */
const PIECES_PER_CHUNK = 4096;

const INDENTS: string[] = [''];

/** Two spaces per level, one shared string per depth. */
function indent(depth: number): string {
  while (INDENTS.length <= depth) INDENTS.push(' '.repeat(INDENTS.length * 2));
  return INDENTS[depth] as string;
}

/**
 * Output of the writers. Pieces go into a small array that is joined into a flat chunk every few thousand
 * pieces, and the chunks are joined once at the end: `text += piece` would build a rope of millions of
 * cons strings that all survive until the end, and copying them dominated the writer's time in GC.
 */
export class WriteBuffer {
  private pieces: string[] = [];
  private readonly chunks: string[] = [];

  constructor(
    /** Whether to write the state dialect. */
    readonly state: boolean,
  ) {}

  /** Appends `text`. */
  add(text: string): void {
    const pieces = this.pieces;
    pieces.push(text);
    if (pieces.length >= PIECES_PER_CHUNK) this.flush();
  }

  /** Appends one line: indentation for `depth`, `text`, newline. */
  line(depth: number, text: string): void {
    this.add(indent(depth));
    this.add(text);
    this.add('\n');
  }

  /** Starts a line: its indentation and first piece (the caller adds the rest and {@link end}). */
  start(depth: number, text: string): void {
    this.add(indent(depth));
    this.add(text);
  }

  /** Ends the current line. */
  end(): void {
    this.add('\n');
  }

  /** Everything written so far. */
  toString(): string {
    this.flush();
    return this.chunks.length === 1 ? (this.chunks[0] as string) : this.chunks.join('');
  }

  private flush(): void {
    if (this.pieces.length === 0) return;
    this.chunks.push(this.pieces.join(''));
    this.pieces = [];
  }
}
