import { isIsobarError, type BatchItem, type BatchItemResult } from '@isobar/protocol';
import type { Engine } from '../engine/index.js';
import type { ProcedureContext } from './procedure.js';
import type { MethodHandlers } from './procedure-helpers.js';

type ItemRunner = (args: unknown, context: ProcedureContext) => unknown;

function failure(error: unknown): BatchItemResult {
  const code = isIsobarError(error) ? error.code : 'INTERNAL';
  const message = isIsobarError(error) ? error.message.slice(0, 4096) : 'Internal server error';
  return { ok: false, ...(code === 'ZOMBIE' ? { zombie: true } : {}), error: { code, message } };
}

function runItem(item: BatchItem, handlers: MethodHandlers, context: ProcedureContext): BatchItemResult {
  if (item.method === 'alter') context.authorize('operator', item.args.paths);
  const run = handlers[item.method] as ItemRunner | undefined;
  if (run === undefined) throw new Error(`batch: no handler for ${item.method}`);
  const value = run(item.args, context) as { seq: number; zombie?: boolean };
  return { ok: true, seq: value.seq, ...(value.zombie === true ? { zombie: true } : {}) };
}

/**
 * The handler of `batch`: child items are authenticated by their own credentials, alter items by the caller's
 * session; each item succeeds or fails on its own, in order.
 */
export function batchHandlers(engine: Engine, handlers: MethodHandlers): MethodHandlers {
  return {
    batch: (args, context) => {
      const results: BatchItemResult[] = [];
      let failed = false;
      for (const item of args.items) {
        if (failed && args.stopOnError === true) {
          results.push({ ok: false, error: { code: 'CONFLICT', message: 'Skipped after an earlier failure' } });
          continue;
        }
        try {
          results.push(runItem(item, handlers, context));
        } catch (error) {
          if (!isIsobarError(error)) context.logger.error('batch item failed', { error: String(error) });
          results.push(failure(error));
          failed = true;
        }
      }
      return { seq: engine.log.seq, results };
    },
  };
}
