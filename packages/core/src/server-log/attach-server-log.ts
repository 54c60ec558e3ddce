// State changes of the engine as ecFlow's LOG lines (` complete: /s/f/t`), from the engine's change records.
import type { ChangeRecord, ChangeRecordOf } from '@isobar/protocol';
import type { Engine } from '../engine/index.js';
import type { ServerLogFile } from './server-log-file.js';

/** The text of ecFlow's state change line: ` STATE: PATH`, for an aborted task ` try-no: N reason: R` after it. */
export function stateChangeText(record: ChangeRecordOf<'node.state'>): string {
  const line = ` ${record.state}: ${record.path}`;
  if (record.state !== 'aborted' || record.tryNo === undefined) return line;
  return `${line} try-no: ${record.tryNo} reason: ${record.reason ?? ''}`;
}

/** Forgets the states logged for `path` and every node below it (deleted, or replaced by a new subtree). */
function forgetSubtree(logged: Map<string, string>, path: string): void {
  logged.delete(path);
  const below = `${path}/`;
  for (const key of logged.keys()) if (key.startsWith(below)) logged.delete(key);
}

const isNodeRecord = (record: ChangeRecord): boolean =>
  record.type === 'node.state' || record.type === 'node.deleted' || record.type === 'node.replaced';

/**
 * The state-change lines of `records`, generated when the log writes them. A `node.state` record also reports
 * other run-time fields (try number, flags, suspension), so the last state logged per path is remembered and a
 * record with that same state writes nothing. A path seen for the first time is logged unless its record says
 * the node entered the state earlier (`since`): a recovered server does not log its nodes' states again.
 */
function* stateLines(records: readonly ChangeRecord[], logged: Map<string, string>): Generator<string> {
  for (const record of records) {
    if (record.type === 'node.state') {
      const previous = logged.get(record.path);
      if (previous === record.state) continue;
      logged.set(record.path, record.state);
      if (previous === undefined && record.since !== undefined) continue;
      yield stateChangeText(record);
    } else if (record.type === 'node.deleted' || record.type === 'node.replaced') {
      forgetSubtree(logged, record.path);
    }
  }
}

/**
 * Writes a LOG line for every node state change the engine records; returns the function that stops it. The
 * subscriber only queues each batch of records: the lines are made when the log writes them, after the engine's
 * operation has returned, so a begin of 100,000 tasks costs the begin one array push (see {@link stateLines} for
 * which records make a line).
 *
 * @example
 * ```ts
 * const detach = attachServerLog(engine, serverLog);
 * engine.begin('s'); // LOG:[07:12:03 23.11.2026]  queued: /s …
 * detach();
 * ```
 */
export function attachServerLog(engine: Engine, logFile: ServerLogFile): () => void {
  const logged = new Map<string, string>();
  return engine.log.subscribe((records: readonly ChangeRecord[]) => {
    // Most batches of a running suite are meters and events: they schedule no write at all.
    if (!records.some(isNodeRecord)) return;
    logFile.appendDeferred('LOG', stateLines(records, logged), records.length);
  });
}
