import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

function newest(dir: string): number {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return time;
}

/**
 * Which build of `@isobar/protocol/defs` this process imports (`dist`, or `src` under the `@isobar/source`
 * condition); throws when the dist is older than the sources, so stale numbers are never reported.
 */
export function describeBuild(): string {
  const entry = fileURLToPath(import.meta.resolve('@isobar/protocol/defs'));
  if (!entry.includes('/dist/')) return 'from source (tsx)';
  const distDefs = join(entry, '..');
  const srcDefs = join(distDefs, '..', '..', 'src', 'defs');
  if (newest(srcDefs) > newest(distDefs)) throw new Error('dist is older than src: run `npx tsc -b` first');
  return 'built dist';
}
