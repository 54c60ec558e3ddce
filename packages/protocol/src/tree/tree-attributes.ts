// Attribute shapes of the JSON tree (`isobar tree --json`). The first fields of events, meters, labels and
// repeat are the contract of INTERFACES.md; the rest are optional extensions.
import { Type, type Static } from '@sinclair/typebox';
import {
  MAX_ITEMS,
  MAX_PATHS,
  MAX_SHORT_TEXT_LENGTH,
  MAX_TEXT_LENGTH,
  boundedArray,
  boundedString,
  closedObject,
  stringEnum,
} from '../validation/schema-kit.js';
import { AttributeNameSchema, NodePathSchema } from './node-path.js';

/** An event: set (`true`) or clear. */
export const TreeEventSchema = closedObject({
  name: AttributeNameSchema,
  value: Type.Boolean(),
  number: Type.Optional(Type.Integer({ minimum: 0, description: 'Event number, when the event has one' })),
  initial: Type.Optional(Type.Boolean({ description: 'Value after begin/requeue (`event e set`)' })),
});

/** A meter with its range. */
export const TreeMeterSchema = closedObject({
  name: AttributeNameSchema,
  min: Type.Integer(),
  max: Type.Integer(),
  value: Type.Integer(),
  colorChange: Type.Optional(Type.Integer()),
});

/** A label with its current text. */
export const TreeLabelSchema = closedObject({
  name: AttributeNameSchema,
  value: boundedString(MAX_TEXT_LENGTH),
  initial: Type.Optional(boundedString(MAX_TEXT_LENGTH, { description: 'Text from the definition' })),
});

/** Repeat kinds of the `.def` grammar. */
export const REPEAT_KINDS = [
  'integer',
  'enumerated',
  'string',
  'date',
  'datelist',
  'datetime',
  'datetimelist',
  'day',
] as const;

/** A repeat value: a number (integer, date, day kinds) or a string (string, enumerated, datetime kinds). */
export const RepeatValueSchema = Type.Union([Type.Integer(), boundedString(MAX_SHORT_TEXT_LENGTH)]);

/** The repeat of a node and its current value. */
export const TreeRepeatSchema = closedObject({
  name: AttributeNameSchema,
  value: RepeatValueSchema,
  kind: Type.Optional(stringEnum(REPEAT_KINDS)),
  index: Type.Optional(Type.Integer({ minimum: 0, description: 'Position of the current value' })),
  text: Type.Optional(boundedString(MAX_TEXT_LENGTH, { description: 'The repeat line of the definition' })),
});

/** A limit: its maximum and the tasks holding its tokens. */
export const TreeLimitSchema = closedObject({
  name: AttributeNameSchema,
  max: Type.Integer({ minimum: 0 }),
  value: Type.Integer({ minimum: 0, description: 'Tokens in use' }),
  paths: boundedArray(NodePathSchema, MAX_PATHS, { description: 'Nodes holding tokens' }),
});

/** Any attribute shown by its definition text, with run-time status where it has one. */
export const TreeTextAttributeSchema = closedObject({
  text: boundedString(MAX_TEXT_LENGTH, { description: 'The attribute as written in a .def file' }),
  free: Type.Optional(Type.Boolean({ description: 'Time/date attribute currently satisfied' })),
  expired: Type.Optional(Type.Boolean({ description: 'Time slot passed for this run' })),
});

/** A variable (user-defined, or generated when asked for). */
export const TreeVariableSchema = closedObject({
  name: AttributeNameSchema,
  value: boundedString(MAX_TEXT_LENGTH),
  generated: Type.Optional(Type.Boolean()),
});

/** Late status of a node. */
export const TreeLateSchema = closedObject({
  text: boundedString(MAX_SHORT_TEXT_LENGTH, { description: 'The late line, e.g. `late -s +00:15`' }),
  isLate: Type.Boolean(),
});

/** A list of attributes shown as text. */
export const TreeTextAttributeListSchema = boundedArray(TreeTextAttributeSchema, MAX_ITEMS);

/** Shapes derived from the schemas above. */
export type TreeEvent = Static<typeof TreeEventSchema>;
/** A meter in the JSON tree. */
export type TreeMeter = Static<typeof TreeMeterSchema>;
/** A label in the JSON tree. */
export type TreeLabel = Static<typeof TreeLabelSchema>;
/** A repeat in the JSON tree. */
export type TreeRepeat = Static<typeof TreeRepeatSchema>;
/** A limit in the JSON tree. */
export type TreeLimit = Static<typeof TreeLimitSchema>;
/** A text-rendered attribute in the JSON tree. */
export type TreeTextAttribute = Static<typeof TreeTextAttributeSchema>;
/** A variable in the JSON tree. */
export type TreeVariable = Static<typeof TreeVariableSchema>;
