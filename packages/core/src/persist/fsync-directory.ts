import { open } from 'node:fs/promises';

/** Fsyncs a directory so a file created or renamed in it survives a crash. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
