import { Type, type TLiteral, type TObject, type TOptional, type TProperties } from '@sinclair/typebox';
import { closedObject } from '../validation/schema-kit.js';
import { SequenceSchema, TimestampSchema } from '../tree/node-path.js';

/** The properties every change record starts with. */
type RecordProperties<K extends string, P extends TProperties> = {
  type: TLiteral<K>;
  seq: typeof SequenceSchema;
  at: TOptional<typeof TimestampSchema>;
} & P;

/**
 * Builds the closed schema of one change-record kind: `type`, `seq`, optional `at`, then its own fields.
 *
 * @example
 * ```ts
 * const ServerStateChange = changeRecord('server.state', { state: ServerStateSchema });
 * ```
 */
export function changeRecord<K extends string, P extends TProperties>(
  type: K,
  properties: P,
  description: string,
): TObject<RecordProperties<K, P>> {
  const base = {
    type: Type.Literal(type),
    seq: SequenceSchema,
    at: Type.Optional(TimestampSchema),
  };
  const all: RecordProperties<K, P> = { ...base, ...properties };
  return closedObject(all, { description });
}
