// Records about nodes as a whole: state, flags, suspension, structure.
import { Type } from '@sinclair/typebox';
import {
  MAX_DEF_TEXT_LENGTH,
  MAX_ITEMS,
  MAX_SHORT_TEXT_LENGTH,
  boundedArray,
  boundedString,
} from '../validation/schema-kit.js';
import { NodeNameSchema, NodePathSchema, TimestampSchema } from '../tree/node-path.js';
import { NODE_FLAGS, NodeFlagSchema, NodeStateSchema } from '../tree/node-states.js';
import { changeRecord } from './record-base.js';

/** `node /s/f/t state := submitted (try 2, pass X1y2…)`. */
export const NodeStateChangeSchema = changeRecord(
  'node.state',
  {
    path: NodePathSchema,
    state: NodeStateSchema,
    tryNo: Type.Optional(Type.Integer({ minimum: 0 })),
    password: Type.Optional(boundedString(256, { description: 'New ECF_PASS of a submitted task' })),
    rid: Type.Optional(boundedString(MAX_SHORT_TEXT_LENGTH, { description: 'Remote id given by child.init' })),
    reason: Type.Optional(boundedString(MAX_SHORT_TEXT_LENGTH, { description: 'Abort reason' })),
    // The engine sends a node's whole run-time record at once, so one record replays absolutely.
    suspended: Type.Optional(Type.Boolean({ description: 'Whether the node is suspended (absent: unchanged)' })),
    flags: Type.Optional(
      boundedArray(NodeFlagSchema, NODE_FLAGS.length, { description: 'Every flag now set (absent: unchanged)' }),
    ),
    // When the node entered its state, sent only when that is earlier than `at`.
    since: Type.Optional(TimestampSchema),
  },
  'A node entered a state (or its run-time fields changed)',
);

/** `node /s/f/t flag late := set|clear`. */
export const NodeFlagChangeSchema = changeRecord(
  'node.flag',
  { path: NodePathSchema, flag: NodeFlagSchema, value: Type.Boolean() },
  'A node flag was set (true) or cleared (false)',
);

/** `node /s/f suspended := true|false`. */
export const NodeSuspendedChangeSchema = changeRecord(
  'node.suspended',
  { path: NodePathSchema, value: Type.Boolean() },
  'A node was suspended (true) or resumed (false)',
);

/** `suite /s begun := true|false`. */
export const SuiteBegunChangeSchema = changeRecord(
  'suite.begun',
  { path: NodePathSchema, value: Type.Boolean() },
  'A suite was begun (true) or reset to not begun (false)',
);

/** `node /s/new added (def text)`. */
export const NodeAddedChangeSchema = changeRecord(
  'node.added',
  {
    parent: NodePathSchema,
    path: NodePathSchema,
    text: boundedString(MAX_DEF_TEXT_LENGTH, { description: 'The subtree as .def text (STATE dialect)' }),
    position: Type.Optional(Type.Integer({ minimum: 0, description: 'Index among siblings; absent = last' })),
  },
  'A node (with its subtree) was added',
);

/** `node /s/old deleted`. */
export const NodeDeletedChangeSchema = changeRecord(
  'node.deleted',
  { path: NodePathSchema },
  'A node (with its subtree) was deleted',
);

/** `node /s/f replaced (def text)`. */
export const NodeReplacedChangeSchema = changeRecord(
  'node.replaced',
  {
    path: NodePathSchema,
    text: boundedString(MAX_DEF_TEXT_LENGTH, { description: 'The new subtree as .def text (STATE dialect)' }),
  },
  'A node (with its subtree) was replaced',
);

/** `node /s children := [a, b, c]` — the complete new order, so replay is idempotent. */
export const NodeOrderedChangeSchema = changeRecord(
  'node.ordered',
  { path: NodePathSchema, children: boundedArray(NodeNameSchema, MAX_ITEMS) },
  'The children of a node were reordered; `children` is the new order',
);
