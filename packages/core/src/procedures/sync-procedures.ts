import type { ChangeRecord } from '@isobar/protocol';
import type { Engine } from '../engine/index.js';
import type { MethodHandlers } from './procedure-helpers.js';

function inSuites(record: ChangeRecord, suites: readonly string[] | undefined): boolean {
  if (suites === undefined) return true;
  const path = 'path' in record && typeof record.path === 'string' ? record.path : '/';
  if (path === '/') return true;
  const suite = path.slice(1).split('/', 1)[0] ?? '';
  return suites.includes(suite);
}

/** Handlers of `sync` and `news` (from the change log's ring buffer). */
export function syncHandlers(engine: Engine): MethodHandlers {
  return {
    sync: (args) => {
      const found = engine.log.since(args.since);
      if (found === undefined) return { seq: engine.log.seq, records: [], more: false, resync: true };
      const limit = args.limit ?? 10_000;
      const page = found.slice(0, limit);
      const records = page.filter((record) => inSuites(record, args.suites));
      const seq = page.at(-1)?.seq ?? engine.log.seq;
      return { seq, records, more: found.length > limit, resync: false };
    },
    news: (args) => {
      const seq = engine.log.seq;
      if (args.since > seq || engine.log.since(args.since) === undefined) return { seq, news: 'full' };
      return { seq, news: args.since === seq ? 'none' : 'news' };
    },
  };
}
