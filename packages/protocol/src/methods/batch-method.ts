// `batch`: many child and alter updates in one request (the UDP bridge sends bursts of datagrams this way).
import { Type, type Static } from '@sinclair/typebox';
import {
  MAX_SHORT_TEXT_LENGTH,
  boundedArray,
  boundedString,
  closedObject,
  schemaRef,
  taggedUnion,
} from '../validation/schema-kit.js';
import { SequenceSchema } from '../tree/node-path.js';
import { AlterArgsSchema } from './alter-method.js';
import {
  ChildAbortArgsSchema,
  ChildCompleteArgsSchema,
  ChildEventArgsSchema,
  ChildInitArgsSchema,
  ChildLabelArgsSchema,
  ChildMeterArgsSchema,
} from './child-methods.js';
import { defineMethod } from './method-spec.js';

/** Most items in one batch. */
export const MAX_BATCH_ITEMS = 10_000;

/** One item of a batch: a method name and its arguments. */
export const BatchItemSchema = taggedUnion('method', [
  closedObject({ method: Type.Literal('child.init'), args: ChildInitArgsSchema }),
  closedObject({ method: Type.Literal('child.complete'), args: ChildCompleteArgsSchema }),
  closedObject({ method: Type.Literal('child.abort'), args: ChildAbortArgsSchema }),
  closedObject({ method: Type.Literal('child.event'), args: ChildEventArgsSchema }),
  closedObject({ method: Type.Literal('child.meter'), args: ChildMeterArgsSchema }),
  closedObject({ method: Type.Literal('child.label'), args: ChildLabelArgsSchema }),
  closedObject({ method: Type.Literal('alter'), args: schemaRef(AlterArgsSchema) }),
]);

/** One item of a batch. */
export type BatchItem = Static<typeof BatchItemSchema>;

/** The outcome of one batch item: `ok` with the record sequence, or the error it would have raised. */
export const BatchItemResultSchema = closedObject({
  ok: Type.Boolean(),
  seq: Type.Optional(SequenceSchema),
  zombie: Type.Optional(Type.Boolean()),
  error: Type.Optional(
    closedObject({
      code: boundedString(64, { pattern: '^[A-Z][A-Z0-9_]*$' }),
      message: boundedString(MAX_SHORT_TEXT_LENGTH),
    }),
  ),
});

/** The outcome of one batch item. */
export type BatchItemResult = Static<typeof BatchItemResultSchema>;

/** `batch`: apply child and alter updates in order; one result per item. */
export const batch = defineMethod({
  description:
    'Apply child and alter updates in order, each authorised on its own (child items by their credentials, ' +
    'alter items by the caller’s session); one result per item.',
  access: 'public',
  mutates: true,
  safeToRetry: false,
  args: closedObject({
    items: boundedArray(BatchItemSchema, MAX_BATCH_ITEMS, { minItems: 1 }),
    stopOnError: Type.Optional(Type.Boolean({ default: false, description: 'Skip the items after a failure' })),
  }),
  result: closedObject({ seq: SequenceSchema, results: boundedArray(BatchItemResultSchema, MAX_BATCH_ITEMS) }),
  example: {
    args: {
      items: [
        {
          method: 'child.meter',
          args: { path: '/s/t', password: 'Xy12abCD', rid: '4711', tryNo: 1, name: 'progress', value: 50 },
        },
        { method: 'alter', args: { action: 'change', paths: ['/s/t'], type: 'label', name: 'info', value: 'x' } },
      ],
    },
    result: {
      seq: 81,
      results: [
        { ok: true, seq: 80 },
        { ok: true, seq: 81 },
      ],
    },
  },
});
