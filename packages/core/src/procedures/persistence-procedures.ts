import type { Engine } from '../engine/index.js';
import { join } from 'node:path';
import { IsobarError } from '@isobar/protocol';
import {
  CHECKPOINT_BACKUP_FILE,
  CHECKPOINT_FILE,
  readCheckpoint,
  type CheckpointMode,
  type LoadedCheckpoint,
} from '../persist/index.js';
import type { ProcedureServices } from './procedure.js';
import { lastSeq, notAvailable, requester, type MethodHandlers } from './procedure-helpers.js';

type ModeName = CheckpointMode['kind'];

function modeOf(current: CheckpointMode, name: ModeName | undefined, seconds: number | undefined): CheckpointMode {
  const kind = name ?? current.kind;
  if (kind !== 'on_time') return { kind };
  return { kind, seconds: seconds ?? (current.kind === 'on_time' ? current.seconds : 120) };
}

/** The newest readable checkpoint of the home (the current one, else the backup). */
async function lastCheckpoint(home: string): Promise<LoadedCheckpoint> {
  for (const file of [CHECKPOINT_FILE, CHECKPOINT_BACKUP_FILE]) {
    const loaded = await readCheckpoint(join(home, file)).catch(() => undefined);
    if (loaded !== undefined) return loaded;
  }
  throw new IsobarError('NOT_FOUND', {
    details: { path: join(home, CHECKPOINT_FILE), reason: 'no readable checkpoint' },
  });
}

/**
 * Handlers of `checkpoint` (writes one now, after changing the automatic mode when asked: ecFlow's `--check_pt`)
 * and `restoreFromCheckpoint` (loads the home's last checkpoint into a HALTED server that holds no suites, as
 * ecFlow's `--restore_from_checkpt`; the suites arrive as ordinary journaled `add` records with their states).
 */
export function persistenceHandlers(engine: Engine, services: ProcedureServices): MethodHandlers {
  return {
    restoreFromCheckpoint: async (_args, context) => {
      const persistence = services.persistence;
      if (persistence === undefined) throw notAvailable('restoreFromCheckpoint', 'a server with a home (openServer)');
      const state = engine.serverState;
      const refuse = (reason: string) => new IsobarError('WRONG_STATE', { details: { path: '/', state, reason } });
      if (state !== 'HALTED') throw refuse('halt the server first');
      if (engine.tree.root.children.length > 0) throw refuse('delete every suite first');
      const loaded = await lastCheckpoint(persistence.home);
      context.logger.info('restoring from checkpoint', { file: loaded.file, user: context.principal?.user });
      return { seq: lastSeq(engine, engine.load(loaded.defs, requester(context))) };
    },
    checkpoint: async (args, context) => {
      const persistence = services.persistence;
      if (persistence === undefined) throw notAvailable('checkpoint', 'a server with a home (openServer)');
      if (args.mode !== undefined || args.intervalSeconds !== undefined) {
        persistence.setMode(modeOf(persistence.mode, args.mode, args.intervalSeconds));
        context.logger.info('checkpoint mode changed', { mode: persistence.mode, user: context.principal?.user });
      }
      const result = await persistence.checkpoint();
      return {
        file: result.file,
        seq: Math.max(result.validFrom, engine.log.seq),
        bytes: result.bytes,
        durationMs: result.totalMs,
      };
    },
  };
}
