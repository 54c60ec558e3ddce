// Methods that keep a client's copy of the server state current (ecFlow's news/sync).
import { Type } from '@sinclair/typebox';
import { MAX_ITEMS, boundedArray, closedObject, schemaRef, stringEnum } from '../validation/schema-kit.js';
import { NodeNameSchema, SequenceSchema } from '../tree/node-path.js';
import { ChangeRecordSchema } from '../changes/change-record.js';
import { defineMethod } from './method-spec.js';

/** Most records one `sync` reply carries; `more` says whether another call is needed. */
export const MAX_SYNC_RECORDS = 100_000;

const sync = defineMethod({
  description: 'The change records after sequence `since` (oldest first), or resync when too far behind.',
  ecflow: 'sync',
  access: 'viewer',
  mutates: false,
  safeToRetry: true,
  args: closedObject({
    since: SequenceSchema,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SYNC_RECORDS, default: 10_000 })),
    suites: Type.Optional(boundedArray(NodeNameSchema, MAX_ITEMS, { description: 'Only these suites' })),
  }),
  result: closedObject({
    seq: SequenceSchema,
    records: boundedArray(schemaRef(ChangeRecordSchema), MAX_SYNC_RECORDS),
    more: Type.Boolean({ description: 'More records follow; call again with since = last record seq' }),
    resync: Type.Boolean({ description: '`since` is older than the retained records: reload a snapshot' }),
  }),
  example: {
    args: { since: 40 },
    result: {
      seq: 41,
      records: [{ type: 'meter', seq: 41, path: '/s/t', name: 'progress', value: 40 }],
      more: false,
      resync: false,
    },
  },
});

const news = defineMethod({
  description: 'Whether anything changed after sequence `since`: none, news, or full (reload a snapshot).',
  ecflow: 'news',
  access: 'viewer',
  mutates: false,
  safeToRetry: true,
  args: closedObject({ since: SequenceSchema }),
  result: closedObject({ seq: SequenceSchema, news: stringEnum(['none', 'news', 'full']) }),
  example: { args: { since: 40 }, result: { seq: 41, news: 'news' } },
});

/** Methods that keep a client's copy of the server state current. */
export const SYNC_METHODS = { sync, news };
