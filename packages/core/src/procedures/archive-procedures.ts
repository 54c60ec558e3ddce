import type { Engine } from '../engine/index.js';
import { lastSeq, requester, type MethodHandlers } from './procedure-helpers.js';

/**
 * Handlers of `archive` and `restore`: suites/families written to their archive files under ECF_HOME (children
 * dropped, node flagged `archived`) and read back. The engine records both as structural changes
 * (`node.deleted` / `node.added`), so the journal and the change feed carry them like any other.
 */
export function archiveHandlers(engine: Engine): MethodHandlers {
  return {
    archive: (args, context) => {
      const records = engine.archive(args.paths, { force: args.force ?? false, ...requester(context) });
      return { seq: lastSeq(engine, records) };
    },
    restore: (args, context) => ({ seq: lastSeq(engine, engine.restore(args.paths, requester(context))) }),
  };
}
