// `alter`: add, change, delete, flag and sort attributes (ecflow_client --alter), one action per call.
import { Type, type Static } from '@sinclair/typebox';
import { MAX_TEXT_LENGTH, boundedString, closedObject, stringEnum, taggedUnion } from '../validation/schema-kit.js';
import { AttributeNameSchema, NodePathListSchema } from '../tree/node-path.js';
import { NodeFlagSchema } from '../tree/node-states.js';
import { MutationResultSchema } from './common-schemas.js';
import { defineMethod } from './method-spec.js';

/** Attribute types `alter add` accepts. */
export const ALTER_ADD_TYPES = [
  'variable',
  'time',
  'today',
  'date',
  'day',
  'cron',
  'zombie',
  'late',
  'limit',
  'inlimit',
  'label',
  'event',
  'meter',
  'aviso',
  'mirror',
] as const;

/** Attribute types `alter change` accepts. */
export const ALTER_CHANGE_TYPES = [
  'variable',
  'clock_type',
  'clock_gain',
  'clock_date',
  'clock_sync',
  'event',
  'meter',
  'label',
  'trigger',
  'complete',
  'repeat',
  'limit_max',
  'limit_value',
  'defstatus',
  'late',
  'time',
  'today',
  'cron',
  'day',
  'date',
  'aviso',
  'mirror',
] as const;

/** Attribute types `alter delete` accepts. */
export const ALTER_DELETE_TYPES = [
  'variable',
  'time',
  'today',
  'date',
  'day',
  'cron',
  'event',
  'meter',
  'label',
  'trigger',
  'complete',
  'repeat',
  'limit',
  'limit_path',
  'inlimit',
  'zombie',
  'late',
  'queue',
  'generic',
  'aviso',
  'mirror',
] as const;

/** Attribute types `alter sort` accepts. */
export const ALTER_SORT_TYPES = ['event', 'meter', 'label', 'variable', 'limit', 'all'] as const;

const ValueSchema = boundedString(MAX_TEXT_LENGTH, { description: 'New value or attribute text' });

/**
 * The arguments of `alter`, discriminated by `action`. `paths` of `/` address server variables. `name`
 * names the attribute (variable, event, meter, label, limit, inlimit); time-like attributes are named by
 * their `value` text.
 */
export const AlterArgsSchema = taggedUnion(
  'action',
  [
    closedObject({
      action: Type.Literal('add'),
      paths: NodePathListSchema,
      type: stringEnum(ALTER_ADD_TYPES),
      name: Type.Optional(AttributeNameSchema),
      value: Type.Optional(ValueSchema),
      min: Type.Optional(Type.Integer({ description: 'Meter minimum' })),
      max: Type.Optional(Type.Integer({ description: 'Meter maximum' })),
    }),
    closedObject({
      action: Type.Literal('change'),
      paths: NodePathListSchema,
      type: stringEnum(ALTER_CHANGE_TYPES),
      name: Type.Optional(AttributeNameSchema),
      value: ValueSchema,
    }),
    closedObject({
      action: Type.Literal('delete'),
      paths: NodePathListSchema,
      type: stringEnum(ALTER_DELETE_TYPES),
      name: Type.Optional(AttributeNameSchema),
      value: Type.Optional(ValueSchema),
    }),
    closedObject({ action: Type.Literal('set_flag'), paths: NodePathListSchema, flag: NodeFlagSchema }),
    closedObject({ action: Type.Literal('clear_flag'), paths: NodePathListSchema, flag: NodeFlagSchema }),
    closedObject({
      action: Type.Literal('sort'),
      paths: NodePathListSchema,
      type: stringEnum(ALTER_SORT_TYPES),
      recursive: Type.Optional(Type.Boolean({ default: false })),
    }),
  ],
  { $id: 'AlterArgs' },
);

/** Arguments of `alter`. */
export type AlterArgs = Static<typeof AlterArgsSchema>;

/** `alter`: change the attributes of nodes. */
export const alter = defineMethod({
  description: 'Add, change, delete, flag or sort attributes of nodes (paths / = server variables).',
  ecflow: 'alter',
  access: 'operator',
  mutates: true,
  // `add` of an attribute that the lost first attempt already added fails with ALREADY_EXISTS.
  safeToRetry: false,
  args: AlterArgsSchema,
  result: MutationResultSchema,
  example: {
    args: { action: 'change', paths: ['/s/t'], type: 'meter', name: 'progress', value: '40' },
    result: { seq: 40 },
  },
});
