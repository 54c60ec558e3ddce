// Methods that load, show and restructure definitions.
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
  schemaRef,
  stringEnum,
} from '../validation/schema-kit.js';
import {
  AttributeNameSchema,
  NodeNameSchema,
  NodePathListSchema,
  NodePathSchema,
  SequenceSchema,
} from '../tree/node-path.js';
import { TreeNodeSchema } from '../tree/tree-node.js';
import { EmptyArgsSchema, MutationResultSchema, PathsArgsSchema } from './common-schemas.js';
import { defineMethod } from './method-spec.js';

const DefTextSchema = boundedString(MAX_DEF_TEXT_LENGTH, { description: '.def text' });
const EXAMPLE_DEF = 'suite s\n  task t\nendsuite\n';

/** What `query` can ask about. */
export const QUERY_KINDS = [
  'state',
  'dstate',
  'event',
  'meter',
  'label',
  'variable',
  'trigger',
  'repeat',
  'limit',
  'limit_max',
] as const;

/** The ways `order` can move a node among its siblings. */
export const ORDER_MODES = ['top', 'bottom', 'alpha', 'order', 'up', 'down', 'runtime'] as const;

const load = defineMethod({
  description: 'Load suites from .def text; fails if a suite exists unless force.',
  ecflow: 'load',
  access: 'operator',
  mutates: true,
  safeToRetry: false,
  args: closedObject({
    text: DefTextSchema,
    force: Type.Optional(Type.Boolean({ default: false, description: 'Replace suites that exist' })),
    checkOnly: Type.Optional(Type.Boolean({ default: false, description: 'Parse and check, change nothing' })),
    file: Type.Optional(boundedString(MAX_SHORT_TEXT_LENGTH, { description: 'File name for error messages' })),
  }),
  result: closedObject({
    seq: SequenceSchema,
    suites: boundedArray(NodeNameSchema, MAX_ITEMS, { description: 'Suites loaded (or checked)' }),
    warnings: boundedArray(boundedString(MAX_SHORT_TEXT_LENGTH), MAX_ITEMS),
  }),
  example: { args: { text: EXAMPLE_DEF, force: false }, result: { seq: 12, suites: ['s'], warnings: [] } },
});

const replace = defineMethod({
  description: 'Replace (or add) the node at path with the same node from the given .def text.',
  ecflow: 'replace',
  access: 'operator',
  mutates: true,
  safeToRetry: true,
  args: closedObject({
    path: NodePathSchema,
    text: DefTextSchema,
    createParents: Type.Optional(Type.Boolean({ default: false, description: 'Create missing parent nodes' })),
    force: Type.Optional(Type.Boolean({ default: false, description: 'Even if tasks below are active' })),
  }),
  result: MutationResultSchema,
  example: { args: { path: '/s/t', text: EXAMPLE_DEF }, result: { seq: 13 } },
});

const deleteMethod = defineMethod({
  description: 'Delete nodes (path / deletes every suite); active tasks need force.',
  ecflow: 'delete',
  access: 'operator',
  mutates: true,
  safeToRetry: false,
  args: closedObject({ paths: NodePathListSchema, force: Type.Optional(Type.Boolean({ default: false })) }),
  result: closedObject({ seq: SequenceSchema, deleted: boundedArray(NodePathSchema, MAX_PATHS) }),
  example: { args: { paths: ['/s/t'] }, result: { seq: 14, deleted: ['/s/t'] } },
});

const get = defineMethod({
  description: 'The definition (of one node, or all) as .def text; with state, in the STATE dialect.',
  ecflow: 'get / get_state',
  access: 'viewer',
  mutates: false,
  safeToRetry: true,
  args: closedObject({
    path: Type.Optional(NodePathSchema),
    state: Type.Optional(Type.Boolean({ default: false, description: 'Include run-time state comments' })),
  }),
  result: closedObject({ seq: SequenceSchema, text: DefTextSchema }),
  example: { args: { path: '/s', state: true }, result: { seq: 14, text: EXAMPLE_DEF } },
});

const suites = defineMethod({
  description: 'The names of the loaded suites, in order.',
  ecflow: 'suites',
  access: 'viewer',
  mutates: false,
  safeToRetry: true,
  args: EmptyArgsSchema,
  result: closedObject({ seq: SequenceSchema, suites: boundedArray(NodeNameSchema, MAX_ITEMS) }),
  example: { args: {}, result: { seq: 14, suites: ['s'] } },
});

const tree = defineMethod({
  description: 'The JSON tree of a node (or of every suite) with states and attributes.',
  access: 'viewer',
  mutates: false,
  safeToRetry: true,
  args: closedObject({
    path: Type.Optional(NodePathSchema),
    depth: Type.Optional(Type.Integer({ minimum: 0, description: 'Levels of children; absent = all' })),
    variables: Type.Optional(Type.Boolean({ default: false, description: 'Include user variables' })),
    generated: Type.Optional(Type.Boolean({ default: false, description: 'Include generated variables' })),
  }),
  result: closedObject({
    seq: SequenceSchema,
    nodes: boundedArray(schemaRef(TreeNodeSchema), MAX_ITEMS, { description: 'The node at path, or every suite' }),
  }),
  example: {
    args: { path: '/s' },
    result: {
      seq: 14,
      nodes: [
        {
          name: 's',
          path: '/s',
          type: 'suite',
          state: 'queued',
          events: [],
          meters: [],
          labels: [],
          children: [
            {
              name: 't',
              path: '/s/t',
              type: 'task',
              state: 'queued',
              events: [],
              meters: [],
              labels: [],
              children: [],
            },
          ],
        },
      ],
    },
  },
});

const query = defineMethod({
  description: 'One value: a node state or an attribute value (path:name), without blocking.',
  ecflow: 'query',
  access: 'viewer',
  mutates: false,
  safeToRetry: true,
  args: closedObject({
    kind: stringEnum(QUERY_KINDS),
    path: NodePathSchema,
    name: Type.Optional(AttributeNameSchema),
  }),
  result: closedObject({
    path: NodePathSchema,
    kind: stringEnum(QUERY_KINDS),
    name: Type.Optional(AttributeNameSchema),
    value: Type.Union([boundedString(MAX_TEXT_LENGTH), Type.Integer(), Type.Boolean()]),
  }),
  example: {
    args: { kind: 'state', path: '/s/t' },
    result: { path: '/s/t', kind: 'state', value: 'queued' },
  },
});

const check = defineMethod({
  description: 'Check expressions, limits and externs of the given nodes (default: all).',
  ecflow: 'check',
  access: 'viewer',
  mutates: false,
  safeToRetry: true,
  args: closedObject({ paths: Type.Optional(NodePathListSchema) }),
  result: closedObject({
    ok: Type.Boolean(),
    messages: boundedArray(boundedString(MAX_SHORT_TEXT_LENGTH), MAX_ITEMS),
  }),
  example: { args: {}, result: { ok: true, messages: [] } },
});

const order = defineMethod({
  description: 'Move a node among its siblings.',
  ecflow: 'order',
  access: 'operator',
  mutates: true,
  safeToRetry: false,
  args: closedObject({ path: NodePathSchema, how: stringEnum(ORDER_MODES) }),
  result: MutationResultSchema,
  example: { args: { path: '/s/t', how: 'top' }, result: { seq: 15 } },
});

const archive = defineMethod({
  description: 'Archive suites/families: save the subtree to a file and drop the children.',
  ecflow: 'archive',
  access: 'operator',
  mutates: true,
  safeToRetry: true,
  args: closedObject({ paths: NodePathListSchema, force: Type.Optional(Type.Boolean({ default: false })) }),
  result: MutationResultSchema,
  example: { args: { paths: ['/s'] }, result: { seq: 16 } },
});

const restore = defineMethod({
  description: 'Restore archived suites/families.',
  ecflow: 'restore',
  access: 'operator',
  mutates: true,
  safeToRetry: true,
  args: PathsArgsSchema,
  result: MutationResultSchema,
  example: { args: { paths: ['/s'] }, result: { seq: 17 } },
});

/** Methods that load, show and restructure definitions. */
export const DEFINITION_METHODS = {
  load,
  replace,
  delete: deleteMethod,
  get,
  suites,
  tree,
  query,
  check,
  order,
  archive,
  restore,
};
