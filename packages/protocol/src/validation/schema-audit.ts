// Checks that a JSON schema follows the house rules for wire schemas: closed objects, bounded strings and
// arrays, nothing unconstrained. Used by the protocol's own tests and available to other packages (config).

/** One rule broken somewhere inside a schema. */
export interface SchemaViolation {
  /** JSON pointer into the schema (`#/properties/paths/items`). */
  readonly at: string;
  /** What is wrong. */
  readonly problem: string;
}

type JsonSchemaNode = Readonly<Record<string, unknown>>;

const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf'] as const;

function isNode(value: unknown): value is JsonSchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ownProblems(node: JsonSchemaNode): string[] {
  if ('$ref' in node || 'const' in node || 'enum' in node) return [];
  const problems: string[] = [];
  const composite = SUBSCHEMA_LISTS.some((key) => key in node);
  const type = node['type'];
  if (type === undefined && !composite) problems.push('admits any value (no type)');
  if (Array.isArray(type)) problems.push('has several types');
  const isObject = type === 'object' || 'properties' in node;
  if (isObject && !composite && node['additionalProperties'] !== false) problems.push('admits additional properties');
  if ('patternProperties' in node) problems.push('has patternProperties (open keys)');
  if (type === 'string' && typeof node['maxLength'] !== 'number') problems.push('string without maxLength');
  if (type === 'array' && typeof node['maxItems'] !== 'number') problems.push('array without maxItems');
  return problems;
}

function children(node: JsonSchemaNode, at: string): [string, unknown][] {
  const out: [string, unknown][] = [];
  const properties = node['properties'];
  if (isNode(properties)) {
    for (const [key, value] of Object.entries(properties)) out.push([`${at}/properties/${key}`, value]);
  }
  for (const key of ['items', 'additionalProperties', 'not', 'contains'] as const) {
    if (isNode(node[key])) out.push([`${at}/${key}`, node[key]]);
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = node[key];
    if (Array.isArray(list)) list.forEach((value, index) => out.push([`${at}/${key}/${index}`, value]));
  }
  return out;
}

/**
 * Walks a schema and reports every object that admits additional properties, every string or array without
 * an upper bound and every subschema that admits anything. `$ref`s are not followed (audit their targets on
 * their own).
 *
 * @example
 * ```ts
 * assert.deepEqual(findSchemaViolations(METHODS.load.args), []);
 * ```
 */
export function findSchemaViolations(schema: unknown, at = '#'): SchemaViolation[] {
  const violations: SchemaViolation[] = [];
  const pending: [string, unknown][] = [[at, schema]];
  const seen = new Set<unknown>();
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [where, node] = next;
    if (!isNode(node)) {
      violations.push({ at: where, problem: 'is not a schema object' });
      continue;
    }
    if (seen.has(node)) continue;
    seen.add(node);
    for (const problem of ownProblems(node)) violations.push({ at: where, problem });
    pending.push(...children(node, where));
  }
  return violations;
}
