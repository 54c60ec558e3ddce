import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasErrorCode } from '@isobar/protocol';
import {
  createAccessLogFormatter,
  createAccessLogWriter,
  parseAccessLogFormat,
  resolveAccessLogFormatOptions,
  resolveAccessLogWriterOptions,
  type AccessLogWriterOptions,
} from '@isobar/access-log';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    assert.ok(hasErrorCode(error, 'CONFIG_ERROR'), String(error));
    return error.details?.['problems'] as string[];
  }
  assert.fail('expected a CONFIG_ERROR');
}

describe('configuration validation', () => {
  it('names an unknown verb and its position', () => {
    const problems = problemsOf(() => createAccessLogFormatter({ format: '%h %Y "%{x}Z"' }));
    assert.deepEqual(problems, [
      'unknown verb %Y at index 3 of the access log format',
      'unknown verb %{x}Z at index 7 of the access log format',
    ]);
  });

  it('reports every problem at once', () => {
    const bad = {
      preset: 'fancy',
      entryFormat: 'xml',
      utc: 'yes',
      queueSize: 1.5,
      json: {
        prefix: 1,
        fields: [['a', 'NOPE'], ['b', 'REQ_HEADER'], ['c', 'PROCESS_TIME', 'HOURS'], 'x', ['', 'STATUS']],
      },
    } as unknown as AccessLogWriterOptions;
    const problems = problemsOf(() => resolveAccessLogWriterOptions(bad));
    const expected = [
      /entryFormat/,
      /preset fancy/,
      /json\.prefix/,
      /fields\[0\].*NOPE/,
      /fields\[1\].*REQ_HEADER needs an argument/,
      /fields\[2\].*SECONDS, MILLI or MICRO/,
      /fields\[3\].*array of 2 or 3 strings/,
      /fields\[4\].*empty name/,
      /utc/,
      /path \(a file\) or stream is required/,
      /queueSize/,
    ];
    assert.equal(problems.length, expected.length, problems.join('\n'));
    expected.forEach((pattern, i) => assert.match(problems[i]!, pattern));
  });

  it('rejects both a path and a stream, and a stream without write()', () => {
    const stream = { write: () => true };
    assert.deepEqual(
      problemsOf(() => resolveAccessLogWriterOptions({ path: '/tmp/x', stream })),
      ['give either path or stream, not both'],
    );
    assert.match(problemsOf(() => resolveAccessLogWriterOptions({ stream: {} as never }))[0]!, /write/);
  });

  it('applies Granitic’s defaults', () => {
    const resolved = resolveAccessLogFormatOptions();
    assert.equal(resolved.entryFormat, 'text');
    assert.equal(resolved.utc, true);
    assert.match(resolved.format, /^%h XFF/);
    assert.deepEqual([resolved.json.prefix, resolved.json.suffix], ['', '\n']);
    assert.equal(resolveAccessLogWriterOptions({ stream: { write: () => true } }).queueSize, 10);
  });

  it('reports a file that cannot be opened as CONFIG_ERROR naming the path', () => {
    const path = '/nonexistent-dir/x/access.log';
    assert.throws(
      () => createAccessLogWriter({ path }),
      (error) =>
        hasErrorCode(error, 'CONFIG_ERROR') && error.details?.['path'] === path && /ENOENT/.test(error.message),
    );
  });

  it('parses the launcher’s one-word format setting', () => {
    assert.deepEqual(parseAccessLogFormat('json'), { entryFormat: 'json' });
    assert.deepEqual(parseAccessLogFormat('Combined'), { entryFormat: 'text', preset: 'combined' });
    assert.deepEqual(parseAccessLogFormat('%h %s'), { entryFormat: 'text', format: '%h %s' });
  });
});
