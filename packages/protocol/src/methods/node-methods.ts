// Methods that change or explain the state of nodes.
import { Type } from '@sinclair/typebox';
import {
  MAX_ITEMS,
  MAX_PATHS,
  MAX_SHORT_TEXT_LENGTH,
  boundedArray,
  boundedString,
  closedObject,
  stringEnum,
} from '../validation/schema-kit.js';
import { NodeNameSchema, NodePathListSchema, NodePathSchema, SequenceSchema } from '../tree/node-path.js';
import { NODE_STATES } from '../tree/node-states.js';
import { MutationResultSchema, PathsArgsSchema } from './common-schemas.js';
import { defineMethod } from './method-spec.js';

/** Targets of `force`: a node state, or `set`/`clear` for events named `path:event`. */
export const FORCE_TARGETS = [...NODE_STATES, 'set', 'clear'] as const;

/** What `freeDep` frees. */
export const FREE_DEP_KINDS = ['trigger', 'all', 'date', 'time'] as const;

const begin = defineMethod({
  description: 'Begin a suite (or every suite): queue its nodes and start scheduling.',
  ecflow: 'begin',
  access: 'operator',
  mutates: true,
  safeToRetry: false,
  args: closedObject({
    suite: Type.Optional(NodeNameSchema),
    force: Type.Optional(Type.Boolean({ default: false, description: 'Even if already begun or active' })),
  }),
  result: closedObject({ seq: SequenceSchema, begun: boundedArray(NodeNameSchema, MAX_ITEMS) }),
  example: { args: { suite: 's' }, result: { seq: 20, begun: ['s'] } },
});

const requeue = defineMethod({
  description: 'Requeue nodes (reset repeats and try numbers); abort = only aborted tasks below.',
  ecflow: 'requeue',
  access: 'operator',
  mutates: true,
  safeToRetry: true,
  args: closedObject({
    paths: NodePathListSchema,
    mode: Type.Optional(stringEnum(['abort', 'force'], { description: 'abort: only aborted; force: even active' })),
  }),
  result: MutationResultSchema,
  example: { args: { paths: ['/s/t'] }, result: { seq: 21 } },
});

const suspend = defineMethod({
  description: 'Suspend nodes: nothing below them is submitted until resumed.',
  ecflow: 'suspend',
  access: 'operator',
  mutates: true,
  safeToRetry: true,
  args: PathsArgsSchema,
  result: MutationResultSchema,
  example: { args: { paths: ['/s'] }, result: { seq: 22 } },
});

const resume = defineMethod({
  description: 'Resume suspended nodes.',
  ecflow: 'resume',
  access: 'operator',
  mutates: true,
  safeToRetry: true,
  args: PathsArgsSchema,
  result: MutationResultSchema,
  example: { args: { paths: ['/s'] }, result: { seq: 23 } },
});

const force = defineMethod({
  description: 'Force nodes into a state, or set/clear events (paths /s/t:event).',
  ecflow: 'force',
  access: 'operator',
  mutates: true,
  safeToRetry: true,
  args: closedObject({
    paths: NodePathListSchema,
    to: stringEnum(FORCE_TARGETS),
    recursive: Type.Optional(Type.Boolean({ default: false, description: 'Apply to every node below too' })),
    full: Type.Optional(Type.Boolean({ default: false, description: 'With complete: repeats to their end' })),
  }),
  result: MutationResultSchema,
  example: { args: { paths: ['/s/t'], to: 'complete' }, result: { seq: 24 } },
});

const run = defineMethod({
  description: 'Submit tasks now, ignoring their dependencies.',
  ecflow: 'run',
  access: 'operator',
  mutates: true,
  safeToRetry: false,
  args: closedObject({
    paths: NodePathListSchema,
    force: Type.Optional(Type.Boolean({ default: false, description: 'Even if submitted or active' })),
  }),
  result: closedObject({ seq: SequenceSchema, submitted: boundedArray(NodePathSchema, MAX_PATHS) }),
  example: { args: { paths: ['/s/t'] }, result: { seq: 25, submitted: ['/s/t'] } },
});

const kill = defineMethod({
  description: 'Run ECF_KILL_CMD for the submitted/active tasks at or below the paths.',
  ecflow: 'kill',
  access: 'operator',
  mutates: true,
  safeToRetry: true,
  args: PathsArgsSchema,
  result: MutationResultSchema,
  example: { args: { paths: ['/s/t'] }, result: { seq: 26 } },
});

const status = defineMethod({
  description: 'Run ECF_STATUS_CMD for the submitted/active tasks at or below the paths.',
  ecflow: 'status',
  access: 'operator',
  mutates: true,
  safeToRetry: true,
  args: PathsArgsSchema,
  result: MutationResultSchema,
  example: { args: { paths: ['/s/t'] }, result: { seq: 27 } },
});

const freeDep = defineMethod({
  description: 'Free the dependencies of nodes for this run (default: trigger).',
  ecflow: 'free-dep',
  access: 'operator',
  mutates: true,
  safeToRetry: true,
  args: closedObject({ paths: NodePathListSchema, kind: Type.Optional(stringEnum(FREE_DEP_KINDS)) }),
  result: MutationResultSchema,
  example: { args: { paths: ['/s/t'], kind: 'trigger' }, result: { seq: 28 } },
});

const why = defineMethod({
  description: 'Why a node is not running: the unmet conditions, from the node up and down.',
  ecflow: 'why',
  access: 'viewer',
  mutates: false,
  safeToRetry: true,
  args: closedObject({ path: NodePathSchema }),
  result: closedObject({
    path: NodePathSchema,
    reasons: boundedArray(boundedString(MAX_SHORT_TEXT_LENGTH), MAX_ITEMS),
  }),
  example: {
    args: { path: '/s/t' },
    result: { path: '/s/t', reasons: ['/s/t trigger (/s/a == complete) is not satisfied: /s/a is queued'] },
  },
});

/** Methods that change or explain the state of nodes. */
export const NODE_METHODS = { begin, requeue, suspend, resume, force, run, kill, status, freeDep, why };
