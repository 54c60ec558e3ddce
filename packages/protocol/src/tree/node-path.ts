import { Type, type Static } from '@sinclair/typebox';
import { MAX_NAME_LENGTH, MAX_PATH_LENGTH, MAX_PATHS, boundedArray, boundedString } from '../validation/schema-kit.js';

/**
 * An absolute node path (`/suite/family/task`); `/` alone names the server (root) where a method allows it.
 * Attribute references append `:name` (`/s/f/t:event`) where a method says so.
 */
export const NodePathSchema = boundedString(MAX_PATH_LENGTH, {
  minLength: 1,
  pattern: '^/',
  description: 'Absolute node path, e.g. /suite/family/task',
});

/** An absolute node path. */
export type NodePath = Static<typeof NodePathSchema>;

/** One or more node paths (at least one). */
export const NodePathListSchema = boundedArray(NodePathSchema, MAX_PATHS, { minItems: 1 });

/** A node name as the `.def` grammar allows it: `[A-Za-z0-9_][A-Za-z0-9_.]*`. */
export const NodeNameSchema = boundedString(MAX_NAME_LENGTH, { pattern: '^[A-Za-z0-9_][A-Za-z0-9_.]*$' });

/** A node name. */
export type NodeName = Static<typeof NodeNameSchema>;

/**
 * The name of an attribute or variable: non-empty, no line breaks. (Event names may be numbers, time
 * attributes are named by their value; the engine checks the finer rules per attribute kind.)
 */
export const AttributeNameSchema = boundedString(MAX_NAME_LENGTH, { minLength: 1, pattern: '^[^\\n\\r]+$' });

/** A sequence number of the change stream (0 = nothing has happened yet). */
export const SequenceSchema = Type.Integer({ minimum: 0, description: 'Change-stream sequence number' });

/** An ISO-8601 timestamp in UTC, e.g. `2026-01-02T03:04:05.678Z`. */
export const TimestampSchema = boundedString(40, {
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$',
  description: 'ISO-8601 UTC timestamp',
});
