import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TSchema } from '@sinclair/typebox';
import {
  IsobarError,
  METHODS,
  METHOD_NAMES,
  isMethodName,
  validateArgs,
  validateResult,
  type MethodName,
} from '@isobar/protocol';

/** The fields `{}` must be reported missing for: `required` of an object, or the tag of a tagged union. */
function requiredFields(schema: TSchema): string[] {
  const tag = (schema['discriminator'] as { propertyName?: string } | undefined)?.propertyName;
  if (tag !== undefined) return [tag];
  return (schema['required'] as string[] | undefined) ?? [];
}

function invalidArgument(check: () => unknown): IsobarError {
  try {
    check();
  } catch (error) {
    assert.ok(error instanceof IsobarError, 'throws an IsobarError');
    assert.equal(error.code, 'INVALID_ARGUMENT');
    return error;
  }
  assert.fail('expected INVALID_ARGUMENT');
}

type Validate = (method: MethodName, value: unknown) => unknown;
const kinds: [label: 'args' | 'result', validate: Validate][] = [
  ['args', validateArgs],
  ['result', validateResult],
];

describe('method catalogue', () => {
  it('names methods in camelCase with dotted namespaces', () => {
    for (const name of METHOD_NAMES) assert.match(name, /^[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)?$/, name);
    assert.ok(METHOD_NAMES.length >= 60, `only ${METHOD_NAMES.length} methods`);
    assert.ok(isMethodName('child.init'));
    assert.ok(!isMethodName('child_init'));
    assert.ok(!isMethodName('toString'));
  });

  it('gives child methods (and only them) child access', () => {
    for (const name of METHOD_NAMES) {
      assert.equal(METHODS[name].access === 'child', name.startsWith('child.'), name);
    }
  });

  for (const name of METHOD_NAMES) {
    describe(name, () => {
      for (const [label, validate] of kinds) {
        const schema = METHODS[name][label];
        const example = METHODS[name].example[label];

        it(`${label}: accepts the catalogue example`, () => {
          assert.deepEqual(validate(name, example), example);
        });

        it(`${label}: rejects an unknown field, naming it`, () => {
          const error = invalidArgument(() => validate(name, { ...example, bogusField: 1 }));
          assert.match(error.message, new RegExp(`${label}: unknown field "bogusField"`));
          assert.equal(error.details?.['method'], name);
        });

        const required = requiredFields(schema);
        if (required.length === 0) {
          it(`${label}: accepts {} (no required fields)`, () => {
            assert.deepEqual(validate(name, {}), {});
          });
          continue;
        }
        it(`${label}: rejects {}, naming each required field`, () => {
          const error = invalidArgument(() => validate(name, {}));
          const issues = error.details?.['errors'] as { path: string; message: string }[];
          assert.deepEqual(
            issues.map((issue) => issue.message).sort(),
            required.map((field) => `${label}: missing required field "${field}"`).sort(),
          );
          assert.deepEqual(issues.map((issue) => issue.path).sort(), required.map((field) => `/${field}`).sort());
          assert.ok(error.message.startsWith(`Invalid argument: ${label}: missing required field`), error.message);
        });
      }
    });
  }

  it('rejects a method that is not in the catalogue', () => {
    assert.throws(
      () => validateArgs('noSuchMethod' as MethodName, {}),
      (error: unknown) => error instanceof IsobarError && error.code === 'UNKNOWN_METHOD',
    );
  });
});
