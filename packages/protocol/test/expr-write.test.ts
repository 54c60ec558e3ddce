import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collectReferences, parseExpression, writeExpression, type Expr } from '@isobar/protocol/defs';

const ROUND_TRIP = [
  'a == complete',
  'a eq complete AND (b:x+1) gt 2',
  '((a == complete) and ((b == complete) or (nodepath:eventname == set)))',
  '(a == complete and b == complete) and c == complete',
  'a == complete or (b == complete or c == complete)',
  'not (a == complete and b == complete)',
  'not (not 1)',
  '! a:x == 1',
  'inigroup:YMD eq ~ 1',
  'a:x == ! (1 + 2)',
  '1 - (2 - 3)',
  '(1 - 2) - 3',
  '((t:step % 20) ge (t:step1 - 20))',
  ':YYYYMMDDThhmmss >= (19700101T000001 + 60)',
  'cal::date_to_julian(:YMD) + 1 > cal::julian_to_date(2457620)',
  '/s/f/t<flag>late + 2 >= 2 or /<flag>zombie',
  '1 == complete or 1 == 1',
  '12:ev == set and ./12/b:x',
  '/mc//main:YMD le /mc/main//ref:MC_STOP',
];

describe('writeExpression', () => {
  it('writes canonical text that parses back to the same tree', () => {
    for (const text of ROUND_TRIP) {
      const expr = parseExpression(text);
      const written = writeExpression(expr);
      assert.deepEqual(parseExpression(written), expr, `${text} -> ${written}`);
      assert.equal(writeExpression(parseExpression(written)), written, 'canonical text is a fixed point');
    }
  });

  it('uses word operators, symbolic comparisons and only the needed parentheses', () => {
    assert.equal(writeExpression(parseExpression('a eq complete AND (b:x+1) gt 2')), 'a == complete and b:x + 1 > 2');
    assert.equal(writeExpression(parseExpression('! ( a == unknown )')), 'not a == unknown');
    assert.equal(
      writeExpression(parseExpression('(a == complete || b == complete) && c == complete')),
      '(a == complete or b == complete) and c == complete',
    );
    assert.equal(writeExpression(parseExpression('1 - (2 - 3)')), '1 - (2 - 3)');
    assert.equal(writeExpression(parseExpression('(1 - 2) - 3')), '(1 - 2) - 3');
  });

  it('keeps the AST JSON-serialisable', () => {
    const expr = parseExpression('a == complete and :X > 19700101T000000 and cal::date_to_julian(1)');
    assert.deepEqual(JSON.parse(JSON.stringify(expr)), expr);
  });
});

describe('collectReferences', () => {
  it('lists node states, attributes, variables and flags in reading order', () => {
    const expr = parseExpression(
      '../f/t == complete and (t2:ev or :YMD > /s:YMD - 1) and ./x<flag>late and cal::date_to_julian(a:b) > 0',
    );
    assert.deepEqual(collectReferences(expr), [
      { kind: 'node', path: '../f/t' },
      { kind: 'attr', path: 't2', name: 'ev' },
      { kind: 'var', name: 'YMD' },
      { kind: 'attr', path: '/s', name: 'YMD' },
      { kind: 'flag', path: './x', flag: 'late' },
      { kind: 'attr', path: 'a', name: 'b' },
    ]);
    assert.deepEqual(collectReferences(parseExpression('1 + 2 == 3 and 19700101T000000')), []);
  });

  it('handles trees deeper than the call stack (hand-built)', () => {
    let expr: Expr = { kind: 'attr', path: 'a', name: 'x' };
    for (let i = 0; i < 200_000; i++) expr = { kind: 'not', operand: expr };
    assert.deepEqual(collectReferences(expr), [{ kind: 'attr', path: 'a', name: 'x' }]);
  });
});
