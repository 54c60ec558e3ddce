// The pure pieces of the CLI, from source: URL and credential precedence, argument parsers, table and tree
// rendering, error lines, colour decisions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAlterWords } from '../src/cli/commands/alter-command.js';
import { QUERY_KINDS as PROTOCOL_QUERY_KINDS } from '@isobar/protocol';
import { parseQueryTarget, QUERY_KINDS } from '../src/cli/commands/tree-commands.js';
import { describeError } from '../src/cli/errors.js';
import { parseFastFlags } from '../src/cli/fast-path.js';
import { createPainter, isColourEnabled } from '../src/cli/output/colors.js';
import { formatTable } from '../src/cli/output/table.js';
import { renderTree } from '../src/cli/output/tree-render.js';
import { resolveConnectionSettings, resolveServerUrl } from '../src/cli/settings.js';

describe('CLI copies of protocol data', () => {
  it('offers exactly the query kinds of the protocol', () => {
    assert.deepEqual([...QUERY_KINDS], [...PROTOCOL_QUERY_KINDS]);
  });
});

describe('CLI settings', () => {
  it('picks the URL from --url, --host/--port, ISOBAR_URL, ECF_HOST/ECF_PORT, then the default', () => {
    const env = { ISOBAR_URL: 'http://envhost:1/', ECF_HOST: 'ecf', ECF_PORT: '2' };
    assert.equal(resolveServerUrl({ url: 'http://flag:9' }, env), 'http://flag:9');
    assert.equal(resolveServerUrl({ host: 'h', port: 7 }, env), 'http://h:7');
    assert.equal(resolveServerUrl({ host: '::1' }, {}), 'http://[::1]:3141');
    assert.equal(resolveServerUrl({}, env), 'http://envhost:1');
    assert.equal(resolveServerUrl({}, { ECF_HOST: 'localhost', ECF_PORT: '4000' }), 'http://127.0.0.1:4000');
    assert.equal(resolveServerUrl({}, {}), 'http://127.0.0.1:3141');
    assert.equal(resolveServerUrl({ port: 5000 }, {}), 'http://127.0.0.1:5000');
  });

  it('takes credentials from flags, then env, then the credentials file', () => {
    const stored = { user: 'ada', password: 'pw', token: 'tok' };
    const resolve = (flags: object, env: Record<string, string>) =>
      resolveConnectionSettings(flags, env, () => stored).auth;
    assert.deepEqual(resolve({ token: 'T' }, { ISOBAR_TOKEN: 'E' }), { kind: 'bearer', token: 'T' });
    assert.deepEqual(resolve({ user: 'u', password: 'p' }, {}), { kind: 'login', user: 'u', password: 'p' });
    assert.deepEqual(resolve({}, { ISOBAR_TOKEN: 'E' }), { kind: 'bearer', token: 'E' });
    assert.deepEqual(resolve({}, { ISOBAR_USER: 'x', ISOBAR_PASSWORD: 'y' }), {
      kind: 'login',
      user: 'x',
      password: 'y',
    });
    assert.deepEqual(resolve({}, {}), { kind: 'bearer', token: 'tok', user: 'ada', password: 'pw' });
    assert.deepEqual(resolve({ user: 'someone-else' }, {}), { kind: 'none' });
    const settings = resolveConnectionSettings({ timeout: 2.5 }, { ISOBAR_CA: '/ca.pem' }, () => undefined);
    assert.equal(settings.timeoutMs, 2500);
    assert.equal(settings.ca, '/ca.pem');
  });
});

describe('CLI argument parsers', () => {
  it('parses the fast path flags and gives up on anything else', () => {
    assert.deepEqual(parseFastFlags(['--url', 'http://x:1', '--json', '--timeout=3']), {
      url: 'http://x:1',
      json: true,
      timeout: '3',
    });
    assert.equal(parseFastFlags(['--help']), undefined);
    assert.equal(parseFastFlags(['--url']), undefined);
    assert.equal(parseFastFlags(['extra']), undefined);
  });

  it('splits alter words into type, name, value and paths as ecflow_client does', () => {
    assert.deepEqual(parseAlterWords('change', ['variable', 'FOO', 'bar', '/s/t']), {
      action: 'change',
      paths: ['/s/t'],
      type: 'variable',
      name: 'FOO',
      value: 'bar',
    });
    assert.deepEqual(parseAlterWords('add', ['event', 'go', '/a', '/b']), {
      action: 'add',
      paths: ['/a', '/b'],
      type: 'event',
      name: 'go',
    });
    assert.deepEqual(parseAlterWords('change', ['trigger', 'a == complete', '/s/t']), {
      action: 'change',
      paths: ['/s/t'],
      type: 'trigger',
      value: 'a == complete',
    });
    assert.deepEqual(parseAlterWords('set_flag', ['late', '/s']), { action: 'set_flag', paths: ['/s'], flag: 'late' });
    assert.throws(() => parseAlterWords('change', ['variable', 'X', 'y']), /node path/);
    assert.throws(() => parseAlterWords('change', ['variable', 'a', 'b', 'c', '/s']), /too many words/);
  });

  it('splits query targets at the last colon', () => {
    assert.deepEqual(parseQueryTarget('/s/t:progress'), { path: '/s/t', name: 'progress' });
    assert.deepEqual(parseQueryTarget('/s/t'), { path: '/s/t' });
    assert.deepEqual(parseQueryTarget('/:SERVER_VAR'), { path: '/', name: 'SERVER_VAR' });
    assert.throws(() => parseQueryTarget('s/t'), /starting with "\/"/);
  });
});

describe('CLI output', () => {
  it('aligns table columns, ignoring colour escapes', () => {
    const paint = createPainter(true);
    const text = formatTable(
      ['NAME', 'STATE'],
      [
        [paint.state('active', 'task-one'), 'x'],
        ['t', 'y'],
      ],
    );
    const plain = text.split('\u001b[38;5;46m').join('').split('\u001b[0m').join('');
    assert.equal(plain, 'NAME      STATE\ntask-one  x\nt         y\n');
  });

  it('draws trees with branches and the suspended state', () => {
    const leaf = (name: string, state: string) => ({ name, path: `/s/${name}`, type: 'task', state, children: [] });
    const text = renderTree(
      [
        {
          name: 's',
          path: '/s',
          type: 'suite',
          state: 'active',
          children: [leaf('a', 'active'), { ...leaf('b', 'queued'), suspended: true }],
        },
      ],
      createPainter(false),
    );
    assert.equal(text, 's [active]\n├── a [active]\n└── b [suspended]\n');
  });

  it('colours only on a terminal without NO_COLOR, unless FORCE_COLOR', () => {
    assert.equal(isColourEnabled({}, true), true);
    assert.equal(isColourEnabled({}, false), false);
    assert.equal(isColourEnabled({ NO_COLOR: '1' }, true), false);
    assert.equal(isColourEnabled({ FORCE_COLOR: '1' }, false), true);
    assert.equal(createPainter(true).state('aborted'), '\u001b[38;5;196maborted\u001b[0m');
  });

  it('renders connection failures as one line with a hint', () => {
    const refused = {
      name: 'IsobarError',
      code: 'UNREACHABLE',
      message: 'Cannot reach …',
      details: { url: 'http://127.0.0.1:3141', reason: 'connect ECONNREFUSED', errorCode: 'ECONNREFUSED' },
    };
    assert.equal(
      describeError(refused).line,
      'cannot reach http://127.0.0.1:3141 (connection refused) — is isobar-server running?',
    );
    assert.equal(describeError(new Error('boom')).exitCode, 1);
  });
});
