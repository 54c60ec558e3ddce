import type { TSchema } from '@sinclair/typebox';
import { TreeNodeSchema } from '../tree/tree-node.js';
import { ChangeRecordSchema } from '../changes/change-record.js';
import { AlterArgsSchema } from '../methods/alter-method.js';

/**
 * The schemas that method schemas reference by `$ref` (by their `$id`). A tool that turns method schemas into
 * another document (OpenAPI components, JSON Schema bundles) must include these under their ids.
 *
 * @example
 * ```ts
 * for (const [id, schema] of Object.entries(SHARED_SCHEMAS)) components.schemas[id] = schema;
 * ```
 */
export const SHARED_SCHEMAS: Readonly<Record<string, TSchema>> = Object.freeze({
  TreeNode: TreeNodeSchema,
  ChangeRecord: ChangeRecordSchema,
  AlterArgs: AlterArgsSchema,
});
