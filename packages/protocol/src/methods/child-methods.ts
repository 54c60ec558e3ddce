// Task (child) commands: sent by jobs, authenticated with the job's credentials (ECF_NAME, ECF_PASS,
// ECF_RID, ECF_TRYNO) instead of a user session.
import { Type, type TObject, type TProperties } from '@sinclair/typebox';
import {
  MAX_ITEMS,
  MAX_SHORT_TEXT_LENGTH,
  MAX_TEXT_LENGTH,
  boundedArray,
  boundedString,
  closedObject,
  stringEnum,
} from '../validation/schema-kit.js';
import { AttributeNameSchema, NodePathSchema, SequenceSchema } from '../tree/node-path.js';
import { TASK_CREDENTIAL_PROPERTIES } from './common-schemas.js';
import { defineMethod } from './method-spec.js';

/** Actions of `child.queue`. */
export const QUEUE_ACTIONS = ['active', 'complete', 'aborted', 'no_of_aborted', 'reset'] as const;

/** Reply of child commands. */
export const ChildResultSchema = closedObject({
  seq: SequenceSchema,
  zombie: Type.Optional(Type.Boolean({ description: 'Sent by a zombie and fobbed: accepted, changed nothing' })),
});

const CREDENTIALS_EXAMPLE = { path: '/s/t', password: 'Xy12abCD', rid: '4711', tryNo: 1 };

/** Child-command arguments: the task credentials plus the command's own fields. */
function childArgs<P extends TProperties>(properties: P): TObject<typeof TASK_CREDENTIAL_PROPERTIES & P> {
  return closedObject({ ...TASK_CREDENTIAL_PROPERTIES, ...properties });
}

/** Arguments of `child.init`. */
export const ChildInitArgsSchema = childArgs({
  variables: Type.Optional(
    boundedArray(closedObject({ name: AttributeNameSchema, value: boundedString(MAX_TEXT_LENGTH) }), MAX_ITEMS, {
      description: 'Variables to add to the task (ecflow_client --init --add)',
    }),
  ),
});

/** Arguments of `child.complete`. */
export const ChildCompleteArgsSchema = childArgs({
  removeVariables: Type.Optional(
    boundedArray(AttributeNameSchema, MAX_ITEMS, { description: 'Variables to remove (--complete --remove)' }),
  ),
});

/** Arguments of `child.abort`. */
export const ChildAbortArgsSchema = childArgs({ reason: Type.Optional(boundedString(MAX_SHORT_TEXT_LENGTH)) });

/** Arguments of `child.event`. */
export const ChildEventArgsSchema = childArgs({
  name: AttributeNameSchema,
  value: Type.Optional(Type.Boolean({ default: true, description: 'true = set, false = clear' })),
});

/** Arguments of `child.meter`. */
export const ChildMeterArgsSchema = childArgs({ name: AttributeNameSchema, value: Type.Integer() });

/** Arguments of `child.label`. */
export const ChildLabelArgsSchema = childArgs({ name: AttributeNameSchema, value: boundedString(MAX_TEXT_LENGTH) });

const childInit = defineMethod({
  description: 'The job started: task becomes active; rid is the job’s remote id.',
  ecflow: 'init',
  access: 'child',
  mutates: true,
  safeToRetry: true,
  args: ChildInitArgsSchema,
  result: ChildResultSchema,
  example: { args: { ...CREDENTIALS_EXAMPLE, variables: [{ name: 'HOST', value: 'node12' }] }, result: { seq: 70 } },
});

const childComplete = defineMethod({
  description: 'The job finished: task becomes complete.',
  ecflow: 'complete',
  access: 'child',
  mutates: true,
  safeToRetry: true,
  args: ChildCompleteArgsSchema,
  result: ChildResultSchema,
  example: { args: CREDENTIALS_EXAMPLE, result: { seq: 71 } },
});

const childAbort = defineMethod({
  description: 'The job failed: task becomes aborted (and may be retried up to ECF_TRIES).',
  ecflow: 'abort',
  access: 'child',
  mutates: true,
  safeToRetry: true,
  args: ChildAbortArgsSchema,
  result: ChildResultSchema,
  example: { args: { ...CREDENTIALS_EXAMPLE, reason: 'exit 1' }, result: { seq: 72 } },
});

const childEvent = defineMethod({
  description: 'Set (or clear) an event of the task, by name or number.',
  ecflow: 'event',
  access: 'child',
  mutates: true,
  safeToRetry: true,
  args: ChildEventArgsSchema,
  result: ChildResultSchema,
  example: { args: { ...CREDENTIALS_EXAMPLE, name: 'ready' }, result: { seq: 73 } },
});

const childMeter = defineMethod({
  description: 'Set a meter of the task (within its range).',
  ecflow: 'meter',
  access: 'child',
  mutates: true,
  safeToRetry: true,
  args: ChildMeterArgsSchema,
  result: ChildResultSchema,
  example: { args: { ...CREDENTIALS_EXAMPLE, name: 'progress', value: 40 }, result: { seq: 74 } },
});

const childLabel = defineMethod({
  description: 'Set a label of the task.',
  ecflow: 'label',
  access: 'child',
  mutates: true,
  safeToRetry: true,
  args: ChildLabelArgsSchema,
  result: ChildResultSchema,
  example: { args: { ...CREDENTIALS_EXAMPLE, name: 'info', value: 'step 3 of 5' }, result: { seq: 75 } },
});

const childWait = defineMethod({
  description: 'Whether a trigger-style expression holds; the job polls until satisfied.',
  ecflow: 'wait',
  access: 'child',
  mutates: false,
  safeToRetry: true,
  args: childArgs({ expression: boundedString(MAX_TEXT_LENGTH, { minLength: 1 }) }),
  result: closedObject({ seq: SequenceSchema, satisfied: Type.Boolean() }),
  example: { args: { ...CREDENTIALS_EXAMPLE, expression: '/s/a == complete' }, result: { seq: 75, satisfied: true } },
});

const childQueue = defineMethod({
  description: 'Step through a queue attribute: take the next step (active), mark steps complete/aborted.',
  ecflow: 'queue',
  access: 'child',
  mutates: true,
  safeToRetry: false,
  args: childArgs({
    queue: AttributeNameSchema,
    action: stringEnum(QUEUE_ACTIONS),
    step: Type.Optional(boundedString(MAX_SHORT_TEXT_LENGTH)),
    queuePath: Type.Optional(NodePathSchema),
  }),
  result: closedObject({
    seq: SequenceSchema,
    step: Type.Optional(boundedString(MAX_SHORT_TEXT_LENGTH, { description: 'Next step; absent = none left' })),
    noOfAborted: Type.Optional(Type.Integer({ minimum: 0 })),
  }),
  example: { args: { ...CREDENTIALS_EXAMPLE, queue: 'steps', action: 'active' }, result: { seq: 76, step: '003' } },
});

/** The child methods. */
export const CHILD_METHODS = {
  'child.init': childInit,
  'child.complete': childComplete,
  'child.abort': childAbort,
  'child.event': childEvent,
  'child.meter': childMeter,
  'child.label': childLabel,
  'child.wait': childWait,
  'child.queue': childQueue,
};
