// Methods about scripts, jobs and their files.
import { Type } from '@sinclair/typebox';
import {
  MAX_DEF_TEXT_LENGTH,
  MAX_ITEMS,
  MAX_PATHS,
  MAX_SHORT_TEXT_LENGTH,
  MAX_TEXT_LENGTH,
  boundedArray,
  boundedString,
  closedObject,
  stringEnum,
} from '../validation/schema-kit.js';
import { AttributeNameSchema, NodePathSchema, SequenceSchema, TimestampSchema } from '../tree/node-path.js';
import { defineMethod } from './method-spec.js';

/** Files `file` can show. */
export const NODE_FILE_KINDS = ['script', 'job', 'jobout', 'manual', 'kill', 'stat'] as const;

/** What `editScript` does. */
export const EDIT_SCRIPT_ACTIONS = ['edit', 'preprocess', 'submit'] as const;

const ScriptTextSchema = boundedString(MAX_DEF_TEXT_LENGTH, { description: 'Script text' });

const jobGen = defineMethod({
  description: 'Run the job generator now for the nodes below path (dryRun: only check, no state change).',
  ecflow: 'job_gen / checkJobGenOnly',
  access: 'operator',
  mutates: true,
  safeToRetry: false,
  args: closedObject({
    path: Type.Optional(NodePathSchema),
    dryRun: Type.Optional(Type.Boolean({ default: false })),
  }),
  result: closedObject({
    seq: SequenceSchema,
    submitted: boundedArray(NodePathSchema, MAX_PATHS),
    errors: boundedArray(
      closedObject({ path: NodePathSchema, message: boundedString(MAX_SHORT_TEXT_LENGTH) }),
      MAX_PATHS,
    ),
  }),
  example: { args: { path: '/s' }, result: { seq: 30, submitted: ['/s/t'], errors: [] } },
});

const editScript = defineMethod({
  description: 'Show a task script (edit), its pre-processed job (preprocess), or submit an edited script.',
  ecflow: 'edit_script',
  access: 'operator',
  mutates: true,
  safeToRetry: false,
  args: closedObject({
    path: NodePathSchema,
    action: stringEnum(EDIT_SCRIPT_ACTIONS),
    script: Type.Optional(ScriptTextSchema),
    variables: Type.Optional(
      boundedArray(closedObject({ name: AttributeNameSchema, value: boundedString(MAX_TEXT_LENGTH) }), MAX_ITEMS),
    ),
    createAlias: Type.Optional(Type.Boolean({ default: false, description: 'Submit as a new alias' })),
  }),
  result: closedObject({
    seq: SequenceSchema,
    text: Type.Optional(ScriptTextSchema),
    alias: Type.Optional(NodePathSchema),
  }),
  example: { args: { path: '/s/t', action: 'edit' }, result: { seq: 30, text: '%include <head.h>\n' } },
});

const file = defineMethod({
  description: 'The contents of a node file: script, job, job output, manual, kill or status output.',
  ecflow: 'file',
  access: 'viewer',
  mutates: false,
  safeToRetry: true,
  args: closedObject({
    path: NodePathSchema,
    kind: Type.Optional(stringEnum(NODE_FILE_KINDS, { default: 'script' })),
    maxLines: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000, default: 10_000 })),
  }),
  result: closedObject({
    path: NodePathSchema,
    kind: stringEnum(NODE_FILE_KINDS),
    file: boundedString(MAX_SHORT_TEXT_LENGTH, { description: 'The file on the server' }),
    text: ScriptTextSchema,
    truncated: Type.Boolean(),
  }),
  example: {
    args: { path: '/s/t', kind: 'jobout' },
    result: { path: '/s/t', kind: 'jobout', file: '/home/s/t.1', text: 'hello\n', truncated: false },
  },
});

const editHistory = defineMethod({
  description: 'The user commands that changed a node, newest last.',
  ecflow: 'edit_history',
  access: 'viewer',
  mutates: false,
  safeToRetry: true,
  args: closedObject({ path: NodePathSchema }),
  result: closedObject({
    path: NodePathSchema,
    entries: boundedArray(
      closedObject({
        at: TimestampSchema,
        user: boundedString(128),
        command: boundedString(MAX_SHORT_TEXT_LENGTH),
      }),
      MAX_ITEMS,
    ),
  }),
  example: {
    args: { path: '/s/t' },
    result: { path: '/s/t', entries: [{ at: '2026-01-02T03:04:05Z', user: 'ops', command: 'requeue /s/t' }] },
  },
});

/** Methods about scripts, jobs and their files. */
export const JOB_METHODS = { jobGen, editScript, file, editHistory };
