import type { Engine } from '../engine/index.js';
import type { CheckpointMode } from '../persist/index.js';
import type { ProcedureServices } from './procedure.js';
import { notAvailable, type MethodHandlers } from './procedure-helpers.js';

type ModeName = CheckpointMode['kind'];

function modeOf(current: CheckpointMode, name: ModeName | undefined, seconds: number | undefined): CheckpointMode {
  const kind = name ?? current.kind;
  if (kind !== 'on_time') return { kind };
  return { kind, seconds: seconds ?? (current.kind === 'on_time' ? current.seconds : 120) };
}

/** Handler of `checkpoint`: writes one now, after changing the automatic mode when asked (ecFlow's `--check_pt`). */
export function persistenceHandlers(engine: Engine, services: ProcedureServices): MethodHandlers {
  return {
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
