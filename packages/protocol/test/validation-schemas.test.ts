import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Type } from '@sinclair/typebox';
import {
  ChangeRecordSchema,
  METHODS,
  METHOD_NAMES,
  SHARED_SCHEMAS,
  TreeNodeSchema,
  UdpDatagramSchema,
  findSchemaViolations,
} from '@isobar/protocol';
import { generateValidatorsSource } from '../scripts/validators-source.js';

const generatedPath = fileURLToPath(new URL('../src/generated/validators.ts', import.meta.url));

function everySchema(): [string, unknown][] {
  const all: [string, unknown][] = [
    ['TreeNode', TreeNodeSchema],
    ['ChangeRecord', ChangeRecordSchema],
    ['UdpDatagram', UdpDatagramSchema],
    ...Object.entries(SHARED_SCHEMAS),
  ];
  for (const name of METHOD_NAMES)
    all.push([`${name} args`, METHODS[name].args], [`${name} result`, METHODS[name].result]);
  return all;
}

/** Every `$ref` value in a schema. */
function refsOf(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) refsOf(item, out);
  else if (typeof schema === 'object' && schema !== null) {
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string') out.add(value);
      else refsOf(value, out);
    }
  }
  return out;
}

describe('wire schemas', () => {
  it('are closed and bounded everywhere (args, results, tree, changes, udp)', () => {
    const problems = everySchema().flatMap(([name, schema]) =>
      findSchemaViolations(schema).map((v) => `${name} ${v.at}: ${v.problem}`),
    );
    assert.deepEqual(problems, []);
  });

  it('reference only shared schemas', () => {
    const known = new Set(Object.keys(SHARED_SCHEMAS));
    for (const [name, schema] of everySchema()) {
      for (const ref of refsOf(schema)) assert.ok(known.has(ref), `${name} references unknown ${ref}`);
    }
  });

  it('the audit catches open objects, unbounded strings and arrays, and anything-goes schemas', () => {
    const bad = Type.Object({
      name: Type.String(),
      list: Type.Array(Type.Integer()),
      any: Type.Unknown(),
      inner: Type.Object({ ok: Type.Boolean() }, { additionalProperties: false }),
    });
    const problems = findSchemaViolations(bad).map((v) => `${v.at}: ${v.problem}`);
    assert.deepEqual(problems.sort(), [
      '#/properties/any: admits any value (no type)',
      '#/properties/list: array without maxItems',
      '#/properties/name: string without maxLength',
      '#: admits additional properties',
    ]);
    assert.deepEqual(findSchemaViolations(Type.Record(Type.String(), Type.Integer())).length > 0, true);
  });
});

describe('generated validators', () => {
  it('are fresh: regenerating from the schemas gives the committed file', () => {
    const committed = readFileSync(generatedPath, 'utf8');
    const fresh = generateValidatorsSource();
    assert.ok(committed === fresh, 'src/generated/validators.ts is stale: run npm run gen -w @isobar/protocol');
  });

  it('import no ajv compiler at run time (only its small runtime helpers)', () => {
    const committed = readFileSync(generatedPath, 'utf8');
    const imports = [...committed.matchAll(/^import .* from "([^"]+)";$/gm)].map((match) => match[1]);
    for (const spec of imports) assert.match(spec!, /^ajv\/dist\/runtime\/[a-z0-9]+\.js$/);
    assert.doesNotMatch(committed, /\brequire\(/);
  });
});
