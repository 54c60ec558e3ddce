// Change records: the journal, the change feed and the sync protocol share one format.
export {
  CHANGE_RECORD_TYPES,
  CHANGE_RECORD_VARIANTS,
  ChangeRecordSchema,
  isEphemeralChange,
  type ChangeRecord,
  type ChangeRecordOf,
  type ChangeRecordType,
  type EphemeralChangeRecord,
} from './change-record.js';
export {
  NodeAddedChangeSchema,
  NodeDeletedChangeSchema,
  NodeFlagChangeSchema,
  NodeOrderedChangeSchema,
  NodeReplacedChangeSchema,
  NodeStateChangeSchema,
  NodeSuspendedChangeSchema,
  SuiteBegunChangeSchema,
} from './node-changes.js';
export {
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
export {
  JobTelemetrySchema,
  RequestTelemetrySchema,
  ResyncMarkerSchema,
  ServerStateChangeSchema,
  ZombieAddedChangeSchema,
  ZombieRemovedChangeSchema,
} from './server-changes.js';
export { CHILD_COMMANDS, ZOMBIE_ACTIONS, ZOMBIE_TYPES, ZombieSchema, type Zombie } from './zombie.js';
