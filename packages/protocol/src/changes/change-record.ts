import type { Static } from '@sinclair/typebox';
import { taggedUnion } from '../validation/schema-kit.js';
import {
  AttributeAddedChangeSchema,
  AttributeChangedChangeSchema,
  AttributeDeletedChangeSchema,
  AttributeStatusChangeSchema,
  EventChangeSchema,
  LabelChangeSchema,
  LimitTokensChangeSchema,
  MeterChangeSchema,
  RepeatChangeSchema,
  VariableChangeSchema,
} from './attribute-changes.js';
import {
  NodeAddedChangeSchema,
  NodeDeletedChangeSchema,
  NodeFlagChangeSchema,
  NodeOrderedChangeSchema,
  NodeReplacedChangeSchema,
  NodeStateChangeSchema,
  NodeSuspendedChangeSchema,
  SuiteBegunChangeSchema,
} from './node-changes.js';
import {
  JobTelemetrySchema,
  RequestTelemetrySchema,
  ResyncMarkerSchema,
  ServerStateChangeSchema,
  ZombieAddedChangeSchema,
  ZombieRemovedChangeSchema,
} from './server-changes.js';

/** Every change-record variant, in documentation order. */
export const CHANGE_RECORD_VARIANTS = [
  NodeStateChangeSchema,
  NodeFlagChangeSchema,
  NodeSuspendedChangeSchema,
  SuiteBegunChangeSchema,
  NodeAddedChangeSchema,
  NodeDeletedChangeSchema,
  NodeReplacedChangeSchema,
  NodeOrderedChangeSchema,
  EventChangeSchema,
  MeterChangeSchema,
  LabelChangeSchema,
  RepeatChangeSchema,
  VariableChangeSchema,
  LimitTokensChangeSchema,
  AttributeStatusChangeSchema,
  AttributeAddedChangeSchema,
  AttributeChangedChangeSchema,
  AttributeDeletedChangeSchema,
  ServerStateChangeSchema,
  ZombieAddedChangeSchema,
  ZombieRemovedChangeSchema,
  JobTelemetrySchema,
  RequestTelemetrySchema,
  ResyncMarkerSchema,
] as const;

/**
 * One change record: the unit of the journal, the change feed and `sync`. Records are absolute ("set X to
 * v"), so replaying one twice is harmless. A union discriminated by `type`.
 */
export const ChangeRecordSchema = taggedUnion('type', [...CHANGE_RECORD_VARIANTS], {
  $id: 'ChangeRecord',
  description: 'A change record',
});

/** One change record. */
export type ChangeRecord = Static<typeof ChangeRecordSchema>;

/** The `type` of a change record. */
export type ChangeRecordType = ChangeRecord['type'];

/** The record of one type. */
export type ChangeRecordOf<T extends ChangeRecordType> = Extract<ChangeRecord, { type: T }>;

/** Records that are never journaled nor replayed: telemetry and the resync marker. */
export type EphemeralChangeRecord = Extract<ChangeRecord, { ephemeral: true }>;

/** True for ephemeral records (telemetry, resync), which are never journaled nor replayed. */
export function isEphemeralChange(record: ChangeRecord): record is EphemeralChangeRecord {
  return 'ephemeral' in record && record.ephemeral;
}

/** Every record type, in documentation order. */
export const CHANGE_RECORD_TYPES: readonly ChangeRecordType[] = CHANGE_RECORD_VARIANTS.map(
  (variant) => variant.properties.type.const,
);
