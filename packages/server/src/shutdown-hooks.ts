// The steps of a graceful stop that belong to later issues. Kept here, by name, so the persistence work
// (issue 6: checkpoint + journal) plugs in without touching the signal handling.
import type { Logger } from '@isobar/protocol';
import type { IsobarServer } from '@isobar/core';

/**
 * Writes a final checkpoint after the HTTP layer has drained and before the process exits.
 * Not yet implemented: the server has no persistence until checkpoints and the journal exist (issue 6);
 * until then this only records that nothing was saved.
 */
export function checkpointOnShutdown(_server: IsobarServer, logger: Logger): Promise<void> {
  logger.debug('no checkpoint written: persistence is not implemented yet');
  return Promise.resolve();
}
