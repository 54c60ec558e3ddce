/** One edit of a node: who asked what, when. */
export interface EditHistoryEntry {
  /** Milliseconds since the epoch. */
  readonly at: number;
  /** User name (empty for the server itself). */
  readonly user: string;
  /** The request, e.g. `alter change variable X 1`. */
  readonly request: string;
}

/** Options of {@link EditHistory}. */
export interface EditHistoryOptions {
  /** Entries kept per node (oldest dropped first). @default 50 */
  readonly perNode?: number;
  /** Nodes with a history (the least recently edited are dropped first). @default 10000 */
  readonly maxNodes?: number;
}

/** The bounded per-node history of user edits (ecFlow's `edit_history`). */
export class EditHistory {
  private readonly entries = new Map<string, EditHistoryEntry[]>();
  private readonly perNode: number;
  private readonly maxNodes: number;

  constructor(options: EditHistoryOptions = {}) {
    this.perNode = Math.max(1, options.perNode ?? 50);
    this.maxNodes = Math.max(1, options.maxNodes ?? 10_000);
  }

  /** Records an edit of `path`. */
  add(path: string, entry: EditHistoryEntry): void {
    const list = this.entries.get(path) ?? [];
    this.entries.delete(path); // re-insert: Map order is the recency order
    list.push(entry);
    if (list.length > this.perNode) list.splice(0, list.length - this.perNode);
    this.entries.set(path, list);
    if (this.entries.size > this.maxNodes) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** The edits of `path`, oldest first. */
  get(path: string): readonly EditHistoryEntry[] {
    return this.entries.get(path) ?? [];
  }

  /** Forgets a node and everything below it (after delete/replace). */
  forget(path: string): void {
    for (const key of [...this.entries.keys()]) {
      if (key === path || key.startsWith(`${path}/`)) this.entries.delete(key);
    }
  }
}
