import { readFileSync, statSync } from 'node:fs';

/** File access for job generation, with included files cached by path and modification time. */
export interface ScriptFiles {
  /** Text of a file, `undefined` when it cannot be read. */
  readFile(path: string): string | undefined;
  /** Whether a regular file (or anything but a directory) exists. */
  fileExists(path: string): boolean;
  /** Whether a directory exists. */
  isDirectory(path: string): boolean;
  /** Forgets every cached file (the end of a batch). */
  clear(): void;
  /** Files read from disk since creation (tests and benchmarks look at the cache with it). */
  readonly reads: number;
}

interface CachedFile {
  readonly mtimeMs: number;
  readonly size: number;
  readonly text: string;
}

/**
 * Creates the file access of one job batch: a file is read again only when its mtime or size changed, so the
 * `head.h`/`tail.h` of thousands of jobs are read once.
 */
export function createScriptFiles(): ScriptFiles {
  const cache = new Map<string, CachedFile>();
  let reads = 0;
  return {
    readFile(path) {
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat === undefined || stat.isDirectory()) return undefined;
      const cached = cache.get(path);
      if (cached !== undefined && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.text;
      try {
        const text = readFileSync(path, 'utf8');
        reads++;
        cache.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, text });
        return text;
      } catch {
        return undefined;
      }
    },
    fileExists(path) {
      const stat = statSync(path, { throwIfNoEntry: false });
      return stat !== undefined && !stat.isDirectory();
    },
    isDirectory(path) {
      return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
    },
    clear() {
      cache.clear();
    },
    get reads() {
      return reads;
    },
  };
}
