import { Type, type Static } from '@sinclair/typebox';
import {
  MAX_ITEMS,
  MAX_SHORT_TEXT_LENGTH,
  MAX_TEXT_LENGTH,
  boundedArray,
  boundedString,
  closedObject,
} from '../validation/schema-kit.js';
import { NodeNameSchema, NodePathSchema, TimestampSchema } from './node-path.js';
import { DefStatusSchema, NodeFlagSchema, NodeKindSchema, NodeStateSchema } from './node-states.js';
import {
  TreeEventSchema,
  TreeLabelSchema,
  TreeLateSchema,
  TreeLimitSchema,
  TreeMeterSchema,
  TreeRepeatSchema,
  TreeTextAttributeListSchema,
  TreeVariableSchema,
} from './tree-attributes.js';

/** Most children one node may list. */
export const MAX_TREE_CHILDREN = 1_000_000;

/**
 * One node of the JSON tree printed by `isobar tree --json` and returned by the `tree` method. The fields
 * `name path type state defstatus? suspended? events meters labels repeat? children` are the contract of
 * INTERFACES.md; everything else is optional and present only when it has content (variables only on
 * request).
 *
 * @example
 * ```json
 * {"name":"t","path":"/s/t","type":"task","state":"active","events":[{"name":"e","value":false}],
 *  "meters":[{"name":"m","min":0,"max":100,"value":40}],"labels":[],"children":[]}
 * ```
 */
export const TreeNodeSchema = Type.Recursive(
  (Self) =>
    closedObject({
      name: NodeNameSchema,
      path: NodePathSchema,
      type: NodeKindSchema,
      state: NodeStateSchema,
      defstatus: Type.Optional(DefStatusSchema),
      suspended: Type.Optional(Type.Boolean()),
      flags: Type.Optional(boundedArray(NodeFlagSchema, 64)),
      stateSince: Type.Optional(TimestampSchema),
      tryNo: Type.Optional(Type.Integer({ minimum: 0, description: 'Try number of a task or alias' })),
      rid: Type.Optional(boundedString(MAX_SHORT_TEXT_LENGTH, { description: 'Remote id of the running job' })),
      abortReason: Type.Optional(boundedString(MAX_SHORT_TEXT_LENGTH)),
      trigger: Type.Optional(boundedString(MAX_TEXT_LENGTH, { description: 'Trigger expression text' })),
      complete: Type.Optional(boundedString(MAX_TEXT_LENGTH, { description: 'Complete expression text' })),
      events: boundedArray(TreeEventSchema, MAX_ITEMS),
      meters: boundedArray(TreeMeterSchema, MAX_ITEMS),
      labels: boundedArray(TreeLabelSchema, MAX_ITEMS),
      repeat: Type.Optional(TreeRepeatSchema),
      limits: Type.Optional(boundedArray(TreeLimitSchema, MAX_ITEMS)),
      inlimits: Type.Optional(TreeTextAttributeListSchema),
      times: Type.Optional(TreeTextAttributeListSchema),
      late: Type.Optional(TreeLateSchema),
      zombies: Type.Optional(TreeTextAttributeListSchema),
      other: Type.Optional(TreeTextAttributeListSchema),
      variables: Type.Optional(boundedArray(TreeVariableSchema, MAX_ITEMS)),
      children: boundedArray(Self, MAX_TREE_CHILDREN),
    }),
  { $id: 'TreeNode', description: 'A node of the JSON tree' },
);

/** One node of the JSON tree, with its subtree. */
export type TreeNode = Static<typeof TreeNodeSchema>;
