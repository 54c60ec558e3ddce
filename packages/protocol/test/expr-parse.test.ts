import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasErrorCode } from '@isobar/protocol';
import { parseExpression, writeExpression, type Expr } from '@isobar/protocol/defs';

const node = (path: string): Expr => ({ kind: 'node', path });
const state = (path: string, s: 'complete' | 'aborted' | 'queued' | 'unknown' | 'active' | 'submitted'): Expr => ({
  kind: 'compare',
  op: '==',
  left: node(path),
  right: { kind: 'state', state: s },
});
const int = (value: number): Expr => ({ kind: 'int', value });

/** Parses and asserts the failure is a located DEFS_PARSE_ERROR; returns its details. */
function parseError(text: string, location?: { file?: string; line?: number; column?: number }) {
  try {
    parseExpression(text, location);
  } catch (error) {
    assert.ok(hasErrorCode(error, 'DEFS_PARSE_ERROR'), `expected DEFS_PARSE_ERROR for ${text}`);
    return error.details as {
      file: string;
      line: number;
      column: number;
      source: string;
      expected: string;
      reason: string;
    };
  }
  assert.fail(`expected '${text}' to be rejected`);
}

describe('parseExpression: precedence', () => {
  it('binds and tighter than or, in every spelling', () => {
    const expected: Expr = {
      kind: 'or',
      operands: [{ kind: 'and', operands: [state('a', 'complete'), state('b', 'complete')] }, state('c', 'complete')],
    };
    for (const text of [
      'a == complete and b == complete or c == complete',
      'a == complete && b == complete || c == complete',
      'a == complete AND b == complete OR c == complete',
    ]) {
      assert.deepEqual(parseExpression(text), expected, text);
    }
    assert.equal(parseExpression('a == complete or b == complete and c == complete').kind, 'or');
    assert.equal(parseExpression('(a == complete or b == complete) and c == complete').kind, 'and');
  });

  it('applies not to a whole comparison (ecFlow: not 1 == 0 is true)', () => {
    assert.deepEqual(parseExpression('not 1 == 0'), {
      kind: 'not',
      operand: { kind: 'compare', op: '==', left: int(1), right: int(0) },
    });
    for (const text of ['! a == unknown', '~ a == unknown', 'not a == unknown', '!a == unknown']) {
      assert.deepEqual(parseExpression(text), { kind: 'not', operand: state('a', 'unknown') }, text);
    }
    assert.deepEqual(parseExpression('a:x == ! 1'), {
      kind: 'compare',
      op: '==',
      left: { kind: 'attr', path: 'a', name: 'x' },
      right: { kind: 'not', operand: int(1) },
    });
  });

  it('evaluates arithmetic left to right at one level, as ecFlow does (1 + 2 * 3 is 9)', () => {
    assert.deepEqual(parseExpression('1 + 2 * 3 == 9'), {
      kind: 'compare',
      op: '==',
      left: { kind: 'arith', operands: [int(1), int(2), int(3)], ops: ['+', '*'] },
      right: int(9),
    });
    const grouped = parseExpression('1 + (2 * 3)');
    assert.deepEqual(grouped, {
      kind: 'arith',
      operands: [int(1), { kind: 'arith', operands: [int(2), int(3)], ops: ['*'] }],
      ops: ['+'],
    });
  });

  it('binds arithmetic tighter than comparison', () => {
    const expr = parseExpression('t:step + 20 ge t:step1 - 20');
    assert.equal(expr.kind, 'compare');
    assert.equal(expr.kind === 'compare' && expr.op, '>=');
  });
});

describe('parseExpression: operators', () => {
  it('reads every comparison spelling', () => {
    const pairs = [
      ['==', '=='],
      ['eq', '=='],
      ['!=', '!='],
      ['ne', '!='],
      ['<', '<'],
      ['lt', '<'],
      ['>', '>'],
      ['gt', '>'],
      ['<=', '<='],
      ['le', '<='],
      ['>=', '>='],
      ['ge', '>='],
    ] as const;
    for (const [word, op] of pairs) {
      assert.deepEqual(
        parseExpression(`a:x ${word} 10`),
        {
          kind: 'compare',
          op,
          left: { kind: 'attr', path: 'a', name: 'x' },
          right: int(10),
        },
        word,
      );
    }
  });

  it('reads every arithmetic operator', () => {
    for (const op of ['+', '-', '*', '/', '%'] as const) {
      assert.deepEqual(parseExpression(`:A ${op} 2`), {
        kind: 'arith',
        operands: [{ kind: 'var', name: 'A' }, int(2)],
        ops: [op],
      });
    }
    assert.deepEqual(parseExpression('1/2 == 0'), {
      kind: 'compare',
      op: '==',
      left: { kind: 'arith', operands: [int(1), int(2)], ops: ['/'] },
      right: int(0),
    });
  });

  it('accepts operators without spaces like ecFlow (a==complete, 1 and0, a:x gt1)', () => {
    assert.deepEqual(parseExpression('a==complete'), state('a', 'complete'));
    assert.deepEqual(parseExpression('1 and0'), { kind: 'and', operands: [int(1), int(0)] });
    assert.equal(parseExpression('a:x gt1').kind, 'compare');
  });
});

describe('parseExpression: operands', () => {
  it('reads every node state', () => {
    for (const s of ['unknown', 'complete', 'queued', 'submitted', 'active', 'aborted'] as const) {
      assert.deepEqual(parseExpression(`t ne ${s}`), {
        kind: 'compare',
        op: '!=',
        left: node('t'),
        right: { kind: 'state', state: s },
      });
    }
  });

  it('reads absolute and relative node paths as written', () => {
    for (const path of ['/s/f/t', './t', '../f/t', '../../f/t', 't', 'f/t', '/mc//main', '..//a', './12', '1']) {
      assert.deepEqual(parseExpression(`${path} == complete`), state(path, 'complete'), path);
    }
  });

  it('reads attributes, events with set/clear, variables, flags, literals and calls', () => {
    assert.deepEqual(parseExpression('../a/b:ev == set'), {
      kind: 'compare',
      op: '==',
      left: { kind: 'attr', path: '../a/b', name: 'ev' },
      right: { kind: 'event-value', value: 'set' },
    });
    assert.deepEqual(parseExpression('12:ev != clear'), {
      kind: 'compare',
      op: '!=',
      left: { kind: 'attr', path: '12', name: 'ev' },
      right: { kind: 'event-value', value: 'clear' },
    });
    assert.deepEqual(parseExpression('a:ev'), { kind: 'attr', path: 'a', name: 'ev' });
    assert.deepEqual(parseExpression(':YMD'), { kind: 'var', name: 'YMD' });
    for (const flag of ['late', 'zombie', 'archived'] as const) {
      assert.deepEqual(parseExpression(`/s/t<flag>${flag}`), { kind: 'flag', path: '/s/t', flag });
    }
    assert.deepEqual(parseExpression('/<flag>late'), { kind: 'flag', path: '/', flag: 'late' });
    assert.deepEqual(parseExpression('19700101T000001'), { kind: 'datetime', text: '19700101T000001', value: 1 });
    assert.deepEqual(parseExpression('cal::date_to_julian( /s1:YMD )'), {
      kind: 'call',
      fn: 'date_to_julian',
      arg: { kind: 'attr', path: '/s1', name: 'YMD' },
    });
    assert.deepEqual(parseExpression('cal::julian_to_date(2457620)'), {
      kind: 'call',
      fn: 'julian_to_date',
      arg: int(2457620),
    });
  });

  it("accepts the operational expressions of ecFlow's own tests", () => {
    for (const text of [
      '(/skull/consumer/admin/leader:1 and (0 le /skull/consumer/produce1/produce:STEP)) or (not /skull/consumer/admin/leader:1)',
      './pdb eq complete and  (  not ../../../prod2diss/operation_is_late:yes or ../000/q2diss eq complete)',
      '2 == (((/seasplots/lag:YMD / 100 ) % 100) % 3)',
      '(  ( /o/lag:YMD gt /sync/o/o/lag:YMD) or  ( /o/main:YMD gt /sync/o/o/main:YMD) or 1 eq 0) and /sync/o ne active',
      ':YYYYMMDDThhmmss + 3 <= 19700101T000000',
      'comp == complete and notready == complete',
    ]) {
      const expr = parseExpression(text);
      assert.deepEqual(parseExpression(writeExpression(expr)), expr, text);
    }
  });
});

describe('parseExpression: errors', () => {
  it('rejects what ecFlow rejects, with a located DEFS_PARSE_ERROR', () => {
    for (const text of [
      '',
      'a',
      '/s/t',
      'a <= complete',
      'a = complete',
      'a==complet e',
      'a::eventname',
      'a:eventname ==',
      'a:event <= set',
      'a:metername  100',
      '. == complete',
      '/ == complete',
      './ == error',
      '.a == unknown',
      '.. == unknown',
      './a/b/ == active',
      '..a == complete',
      '.../a == complete',
      '../.../a == complete',
      'a == complete and',
      'a %',
      '(a == complete   b == complete)',
      'a == complete and  b == complete)',
      '(a == complete and  b == complete',
      '../../../legA/fc/pf/01 eq complete eq complete',
      '/mofc/mon/hind/14/back == complete or %s:DOW ne 5',
      ':VAR eq 20001332T257890',
      '/s/f/t<flag>restored',
      '1 < 2 == 1',
      '(1 == 1) + 1',
      '- 1 + 2 == 1',
      'not not 1',
      'cal::julian_to_date(1 + 1)',
      '2147483648 == 0',
      'complete == a',
      ':x == set',
    ]) {
      const details = parseError(text);
      assert.ok(details.line >= 1 && details.column >= 1, text);
      assert.equal(details.source, text);
    }
  });

  it('reports the column of the offending token and what was expected', () => {
    const details = parseError('a == complete and', { file: 'x.def', line: 7, column: 13 });
    assert.equal(details.file, 'x.def');
    assert.equal(details.line, 7);
    assert.equal(details.column, 13 + 'a == complete and'.length);
    assert.equal(details.expected, 'an operand');
    const close = parseError('(a == complete');
    assert.equal(close.column, 15);
    assert.equal(close.expected, "')'");
    const chained = parseError('1 < 2 == 1');
    assert.equal(chained.column, 7);
    assert.match(chained.reason, /chained/);
    const bare = parseError('a == complete or b');
    assert.equal(bare.column, 19);
    assert.match(bare.expected, /== <state>/);
  });

  it('counts lines inside a multi-line expression', () => {
    const details = parseError('a == complete and\n  b ==', { line: 3 });
    assert.equal(details.line, 4);
    assert.equal(details.column, 5);
  });
});

describe('parseExpression: limits', () => {
  it('rejects 1000 nested parentheses with a located error, not a stack overflow', () => {
    const text = `${'('.repeat(1000)}1${')'.repeat(1000)}`;
    const details = parseError(text);
    assert.equal(details.line, 1);
    assert.ok(details.column > 1 && details.column <= 1000);
    assert.match(details.reason, /nest/);
    assert.deepEqual(parseExpression(`${'('.repeat(150)}1${')'.repeat(150)}`), int(1));
  });

  it('parses a 1 MB expression in time that grows linearly with its size', () => {
    const clause = 'a:x + 1 >= /s/f/t:YMD and ../b == complete or ';
    const build = (bytes: number) => `${clause.repeat(Math.ceil(bytes / clause.length))}1`;
    const small = build(125_000);
    const large = build(1_000_000);
    const time = (text: string) => {
      let best = Infinity;
      for (let i = 0; i < 5; i++) {
        const start = process.hrtime.bigint();
        parseExpression(text);
        best = Math.min(best, Number(process.hrtime.bigint() - start));
      }
      return best;
    };
    const expr = parseExpression(large);
    assert.equal(expr.kind, 'or');
    // 8x the input: linear is ~8x, quadratic ~64x. The factor between them leaves room for a loaded machine;
    // it compares the parser with itself, it is not a time threshold.
    const [smallNs, largeNs] = [time(small), time(large)];
    assert.ok(largeNs < 24 * smallNs + 20e6, `1 MB took ${largeNs} ns, 125 kB took ${smallNs} ns`);
  });
});
