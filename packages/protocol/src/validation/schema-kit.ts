// Small builders that make the house rules for wire schemas (closed objects, bounded strings and arrays)
// the path of least resistance, so every schema in the catalogue follows them without repeating options.
import {
  Type,
  type ArrayOptions,
  type ObjectOptions,
  type Static,
  type StringOptions,
  type TArray,
  type TObject,
  type TProperties,
  type TSchema,
  type TString,
  type TUnion,
  type TUnsafe,
} from '@sinclair/typebox';

/** Longest `.def` text a request may carry (64 MiB). */
export const MAX_DEF_TEXT_LENGTH = 64 * 1024 * 1024;
/** Longest node path. */
export const MAX_PATH_LENGTH = 4096;
/** Longest node, attribute or variable name. */
export const MAX_NAME_LENGTH = 256;
/** Longest variable value, label text, expression or message. */
export const MAX_TEXT_LENGTH = 1024 * 1024;
/** Longest short free text (reasons, user names, passwords, ids). */
export const MAX_SHORT_TEXT_LENGTH = 4096;
/** Most paths one request may name. */
export const MAX_PATHS = 100_000;
/** Most items of any other list in a request or reply (children, attributes, records). */
export const MAX_ITEMS = 1_000_000;

/**
 * A closed object schema (`additionalProperties: false`).
 *
 * @example
 * ```ts
 * const Point = closedObject({ x: Type.Integer(), y: Type.Integer() });
 * ```
 */
export function closedObject<T extends TProperties>(properties: T, options: ObjectOptions = {}): TObject<T> {
  return Type.Object(properties, { ...options, additionalProperties: false });
}

/**
 * A string schema with a mandatory upper bound.
 *
 * @example
 * ```ts
 * const Reason = boundedString(4096, { description: 'Why' });
 * ```
 */
export function boundedString(maxLength: number, options: StringOptions = {}): TString {
  return Type.String({ ...options, maxLength });
}

/**
 * An array schema with a mandatory upper bound.
 *
 * @example
 * ```ts
 * const Paths = boundedArray(NodePathSchema, MAX_PATHS, { minItems: 1 });
 * ```
 */
export function boundedArray<T extends TSchema>(items: T, maxItems: number, options: ArrayOptions = {}): TArray<T> {
  return Type.Array(items, { ...options, maxItems });
}

/**
 * A union of closed objects told apart by one literal property. Emitted as `oneOf` + `discriminator` (ajv
 * and OpenAPI both understand it), so a validation error names the fields of the matching variant only,
 * instead of every variant's complaints.
 *
 * @example
 * ```ts
 * const Shape = taggedUnion('kind', [Circle, Square]);
 * ```
 */
export function taggedUnion<T extends TObject[]>(
  tag: string,
  variants: [...T],
  options: { description?: string; $id?: string } = {},
): TUnsafe<Static<TUnion<T>>> {
  return Type.Unsafe<Static<TUnion<T>>>({
    ...options,
    type: 'object',
    oneOf: variants,
    discriminator: { propertyName: tag },
  });
}

/**
 * A string that is one of a fixed set of values, as a single `enum` (reads better in docs and errors than a
 * union of literals).
 *
 * @example
 * ```ts
 * const Role = stringEnum(['viewer', 'operator', 'admin']);
 * ```
 */
export function stringEnum<const T extends readonly string[]>(
  values: T,
  options: { description?: string; default?: T[number] } = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ ...options, type: 'string', enum: [...values] });
}

/**
 * A `$ref` to a schema that has an `$id`, typed as that schema. Used for the big shared schemas (the tree
 * node, change records, alter arguments) so the generated validators contain their code once; anything
 * that reads the method schemas (OpenAPI, docs) must register the targets (`SHARED_SCHEMAS`) by id.
 *
 * @example
 * ```ts
 * const Records = boundedArray(schemaRef(ChangeRecordSchema), 1000);
 * ```
 */
export function schemaRef<T extends TSchema>(target: T): TUnsafe<Static<T>> {
  if (typeof target.$id !== 'string') throw new TypeError('schemaRef: the target schema has no $id');
  return Type.Unsafe<Static<T>>({ $ref: target.$id });
}
