import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasErrorCode } from '../src/errors/isobar-error.js';
import { parseDefs, writeDefs, writeNode, type DefsNode } from '../src/defs/index.js';

/** Parses `body` as the attributes of task /s/t and returns the task. */
function task(body: string): DefsNode {
  const defs = parseDefs(`suite s\n  task t\n${body}\nendsuite\n`);
  return defs.suites[0]?.children?.[0] as DefsNode;
}

/** The line ecFlow's layout gives the (single) attribute of /s/t. */
function written(body: string): string {
  return writeNode(task(body)).split('\n')[1]?.trim() ?? '';
}

function parseError(text: string): Record<string, unknown> {
  try {
    parseDefs(text, { file: 'x.def' });
  } catch (error) {
    assert.ok(hasErrorCode(error, 'DEFS_PARSE_ERROR'));
    return { ...error.details };
  }
  assert.fail('expected a parse error');
}

describe('defs attributes: parse and write', () => {
  const cases: [string, string][] = [
    ["edit X 'a b'", "edit X 'a b'"],
    ['edit X "a b"  # c', "edit X 'a b'"],
    ['edit X plain', "edit X 'plain'"],
    ['label l "a  b"', 'label l "a b"'], // ecFlow joins the words with one space
    ['label l a   b', 'label l "a b"'],
    ['event 1', 'event 1'],
    ['event ready set', 'event ready set'],
    ['event 2 done set', 'event 2 done set'],
    ['meter m 0 100', 'meter m 0 100 100'],
    ['limit L 5', 'limit L 5'],
    ['inlimit -s /s:L 2', 'inlimit -s /s:L 2'],
    ['inlimit L', 'inlimit L'],
    ['trigger a == complete   and b:e', 'trigger a == complete and b:e'],
    ['defstatus complete', 'defstatus complete'],
    ['repeat integer I 1 10', 'repeat integer I 1 10'],
    ['repeat integer I 1 10 2', 'repeat integer I 1 10 2'],
    ['repeat enumerated E a "b"', 'repeat enumerated E "a" "b"'],
    ['repeat string S x y', 'repeat string S "x" "y"'],
    ['repeat date D 20200101 20200110', 'repeat date D 20200101 20200110 1'],
    ['repeat datelist D 20200101 20200301', 'repeat datelist D "20200101" "20200301"'],
    ['repeat datetime T 20200101T000000 20200102T000000', 'repeat datetime T 20200101T000000 20200102T000000'],
    ['repeat datetimelist T 20200101T000000', 'repeat datetimelist T "20200101T000000"'],
    ['repeat day 2', 'repeat day 2'],
    ['time +1:05', 'time +01:05'],
    ['today 10:00 20:00 01:00', 'today 10:00 20:00 01:00'],
    ['date 1.*.2020', 'date 1.*.2020'],
    ['day monday', 'day monday'],
    ['cron -w 0 , 1,5L -d 1,L -m 1,12 +00:30 23:30 01:00', 'cron -w 0,1,5L -d 1,L -m 1,12 +00:30 23:30 01:00'],
    ['late -s 00:15 -a 20:00 -c +02:00', 'late -s +00:15 -a 20:00 -c +02:00'],
    ['autocancel 3', 'autocancel 3'],
    ['autocancel +01:00', 'autocancel +01:00'],
    ['autorestore /s/f ../g', 'autorestore /s/f ../g'],
    ['zombie user:fob:init,complete:300', 'zombie user:fob:init,complete:300'],
    ['zombie ecf:fob::', 'zombie ecf:fob::'],
    ['queue q 1 2 3', 'queue q 1 2 3'],
    ['generic g a b', 'generic g a b'],
    ['verify complete:2', 'verify complete:2'],
    [
      'aviso --name A --listener \'{ "event": "x" }\' --polling 20',
      'aviso --name A --listener \'{ "event": "x" }\' --polling 20',
    ],
    ['mirror --name M --remote_path /a/b --ssl', 'mirror --name M --remote_path /a/b --ssl'],
  ];
  for (const [input, output] of cases) {
    it(`${input} -> ${output}`, () => {
      assert.equal(written(input), output);
      const text = writeNode(task(input));
      assert.equal(writeNode(task(text.split('\n').slice(1).join('\n'))), text);
    });
  }

  it('keeps trigger parts with their kind and an AST', () => {
    const t = task('trigger a == complete\ntrigger -a b == complete\ntrigger -o c:e');
    assert.deepEqual(
      t.trigger?.parts.map((p) => [p.kind, p.text]),
      [
        ['first', 'a == complete'],
        ['and', 'b == complete'],
        ['or', 'c:e'],
      ],
    );
    assert.ok(t.trigger?.parts.every((p) => p.ast !== undefined));
  });

  it('reads clocks and writes the gain in seconds', () => {
    const defs = parseDefs('suite s\n clock hybrid 1.2.2020 +01:00 -s\n endclock 2.2.2020\nendsuite\n');
    assert.deepEqual(defs.suites[0]?.clock, {
      hybrid: true,
      day: 1,
      month: 2,
      year: 2020,
      gain: 3600,
      positiveGain: true,
      startStop: true,
    });
    assert.match(writeDefs(defs), /clock hybrid 1\.2\.2020 \+3600 -s\n {2}endclock 2\.2\.2020\n/);
  });

  it('splits statements on ; except inside labels and edit values', () => {
    const defs = parseDefs('suite s; task a\n label x "p; q"\n task b; task c\n edit V \'x;y\'\nendsuite\n');
    const [a, , c] = defs.suites[0]?.children ?? [];
    assert.equal(a?.labels?.[0]?.value, 'p; q');
    assert.equal(c?.variables?.[0]?.value, 'x;y');
  });

  it('leaves unused attribute lists undefined', () => {
    const t = task('');
    assert.equal(t.events, undefined);
    assert.equal(t.variables, undefined);
  });
});

describe('defs state dialect', () => {
  const checkpoint = [
    '#5.9.2',
    'defs_state MIGRATE state>:queued flag:message state_change:7 modify_change:3 server_state:HALTED cal_count:2',
    "edit ECF_PORT '3141' # server",
    "edit USER_VAR 'u'",
    'history /s \bMSG:one\bMSG:two',
    'suite s # begun:1 state:active',
    '  calendar initTime:2020-Jan-01',
    '  family f # state:active flag:late suspended:1',
    '    task t # passwd:abc rid:42 abort<:bad thing>abort try:2 state:aborted dur:00:00:10',
    '      label l "v" # "now"',
    '      meter m 0 10 10 # 4',
    '      event 1 e # set',
    '      repeat integer I 1 5 # 3',
    '      trigger a == complete # free',
    '      time 10:00 # free nextTimeSlot/11:00',
    '      limit L 2 # 1 /s/f/t',
    '      inlimit L # incremented:1',
    '  endfamily',
    'endsuite',
    '# enddef',
    '',
  ].join('\n');

  it('reads run-time values', () => {
    const defs = parseDefs(checkpoint);
    assert.equal(defs.state?.serverState, 'HALTED');
    assert.deepEqual(defs.serverVariables, [{ name: 'ECF_PORT', value: '3141' }]);
    assert.deepEqual(defs.history, [{ path: '/s', requests: ['MSG:one', 'MSG:two'] }]);
    const f = defs.suites[0]?.children?.[0];
    assert.equal(f?.runtime?.suspended, true);
    const t = f?.children?.[0];
    assert.equal(t?.runtime?.state, 'aborted');
    assert.equal(t?.runtime?.tryNo, 2);
    assert.deepEqual(t?.runtime?.extra, ['passwd:abc', 'rid:42', 'abort<:bad thing>abort']);
    assert.equal(t?.labels?.[0]?.newValue, 'now');
    assert.equal(t?.meters?.[0]?.value, 4);
    assert.equal(t?.events?.[0]?.value, true);
    assert.equal(t?.repeat?.current, '3');
    assert.equal(t?.trigger?.free, true);
    assert.deepEqual(t?.limits?.[0]?.paths, ['/s/f/t']);
    assert.equal(t?.inlimits?.[0]?.incremented, true);
  });

  it('round-trips a checkpoint', () => {
    const defs = parseDefs(checkpoint);
    const text = writeDefs(defs, { state: true });
    assert.deepEqual(parseDefs(text), defs);
    assert.equal(writeDefs(parseDefs(text), { state: true }), text);
    assert.ok(!writeDefs(defs, { state: false }).includes('# free'));
  });
});

describe('defs parse errors', () => {
  it('locates a bad time at its token', () => {
    const d = parseError('suite s\n  task t\n    time 25:00\nendsuite\n');
    assert.equal(d['file'], 'x.def');
    assert.equal(d['line'], 3);
    assert.equal(d['column'], 10);
    assert.equal(d['source'], '    time 25:00');
    assert.match(String(d['expected']), /hh:mm/);
  });

  it('rejects misplaced and unknown keywords', () => {
    assert.equal(parseError('suite s\n trigger a == complete\nendsuite\n')['line'], 2);
    assert.match(String(parseError('suite s\n task t\n  bogus 1\nendsuite\n')['reason']), /bogus/);
    assert.match(String(parseError('task t\n')['reason']), /outside a suite/);
    assert.match(String(parseError('limit L 1\n')['reason']), /definition level/);
  });

  it('rejects duplicates', () => {
    assert.match(String(parseError('suite s\n task t\n task t\nendsuite\n')['reason']), /duplicate/);
    assert.match(
      String(parseError('suite s\n task t\n  meter m 0 1\n  meter m 0 1\nendsuite\n')['reason']),
      /duplicate/,
    );
  });

  it('rejects a bad trigger expression with the expression location', () => {
    const d = parseError('suite s\n task t\n  trigger a == \nendsuite\n');
    assert.equal(d['line'], 3);
  });

  it('handles huge input without recursion', () => {
    const text = 'suite s\n' + 'family f\n'.repeat(20000) + 'task t\n' + 'endfamily\n'.repeat(20000) + 'endsuite\n';
    const defs = parseDefs(text);
    assert.equal(defs.suites.length, 1);
  });
});
