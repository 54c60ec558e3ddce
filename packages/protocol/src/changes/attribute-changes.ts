// Records about attributes: absolute values, limit tokens, and structural attribute edits.
import { Type } from '@sinclair/typebox';
import { MAX_PATHS, MAX_TEXT_LENGTH, boundedArray, boundedString } from '../validation/schema-kit.js';
import { AttributeNameSchema, NodePathSchema } from '../tree/node-path.js';
import { AttributeKindSchema } from '../tree/attribute-kinds.js';
import { RepeatValueSchema } from '../tree/tree-attributes.js';
import { changeRecord } from './record-base.js';

/** `event /s/f/t:e := set|clear`. */
export const EventChangeSchema = changeRecord(
  'event',
  { path: NodePathSchema, name: AttributeNameSchema, value: Type.Boolean() },
  'An event was set (true) or cleared (false)',
);

/** `meter /s/f/t:prog := 42`. */
export const MeterChangeSchema = changeRecord(
  'meter',
  { path: NodePathSchema, name: AttributeNameSchema, value: Type.Integer() },
  'A meter took a value',
);

/** `label /s/f/t:info := "text"`. */
export const LabelChangeSchema = changeRecord(
  'label',
  { path: NodePathSchema, name: AttributeNameSchema, value: boundedString(MAX_TEXT_LENGTH) },
  'A label took a value',
);

/** `repeat /s/f:YMD := 20260102`. */
export const RepeatChangeSchema = changeRecord(
  'repeat',
  {
    path: NodePathSchema,
    name: AttributeNameSchema,
    value: RepeatValueSchema,
    index: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  'A repeat took a value',
);

/** `variable /s/f:NAME := value` (`/` = server variable). */
export const VariableChangeSchema = changeRecord(
  'variable',
  { path: NodePathSchema, name: AttributeNameSchema, value: boundedString(MAX_TEXT_LENGTH) },
  'A variable took a value (path / = server variable)',
);

/** `limit /s:L tokens := [/s/f/t1, /s/f/t2]`. */
export const LimitTokensChangeSchema = changeRecord(
  'limit.tokens',
  { path: NodePathSchema, name: AttributeNameSchema, paths: boundedArray(NodePathSchema, MAX_PATHS) },
  'The tokens of a limit are held by exactly these nodes',
);

/** `time /s/f/t "time 10:00" free := true` — a clock tick or freeDep changed a time/trigger gate. */
export const AttributeStatusChangeSchema = changeRecord(
  'attribute.status',
  {
    path: NodePathSchema,
    attribute: AttributeKindSchema,
    text: boundedString(MAX_TEXT_LENGTH, { description: 'The attribute as written in a .def file' }),
    free: Type.Boolean(),
    expired: Type.Optional(Type.Boolean()),
  },
  'A time, date or trigger gate became free or not',
);

/** Properties of attribute added/changed/deleted records. */
const attributeEdit = {
  path: NodePathSchema,
  attribute: AttributeKindSchema,
  name: Type.Optional(AttributeNameSchema),
  text: boundedString(MAX_TEXT_LENGTH, { description: 'The attribute as written in a .def file' }),
};

/** An attribute was added to a node. */
export const AttributeAddedChangeSchema = changeRecord(
  'attribute.added',
  attributeEdit,
  'An attribute was added; `text` is its .def line',
);

/** An attribute's definition changed (not just its value). */
export const AttributeChangedChangeSchema = changeRecord(
  'attribute.changed',
  { ...attributeEdit, old: Type.Optional(boundedString(MAX_TEXT_LENGTH)) },
  'An attribute definition changed; `text` is its new .def line',
);

/** An attribute was deleted. */
export const AttributeDeletedChangeSchema = changeRecord(
  'attribute.deleted',
  { ...attributeEdit, text: Type.Optional(boundedString(MAX_TEXT_LENGTH)) },
  'An attribute was deleted',
);
