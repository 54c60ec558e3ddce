// The requests isobar-child sends, checked against the protocol's own argument schemas. The server does not
// serve child.queue and child.wait yet, so these commands are exercised against a recording HTTP endpoint that
// answers with protocol-shaped envelopes; the other commands are covered end to end in child-client-commands.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isMethodName, validateArgs } from '@isobar/protocol';
import { runChild } from './child-client-helpers.js';

interface Recorded {
  method: string;
  body: Record<string, unknown>;
}

describe('isobar-child: request bodies match the protocol', () => {
  const recorded: Recorded[] = [];
  let replies: unknown[] = [];
  let server: http.Server;
  let env: Record<string, string>;
  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const method = (req.url ?? '').replace('/prefix/v1/rpc/', '');
        recorded.push({ method, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
        const text = JSON.stringify({ ok: true, value: replies.shift() ?? { seq: 1 } });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    env = {
      ECF_NAME: '/s/t',
      ECF_PASS: 'pa"ss',
      ECF_TRYNO: '2',
      ECF_RID: '77',
      ISOBAR_URL: `http://127.0.0.1:${port}/prefix`,
    };
  });
  after(() => server.close());

  /** Runs the client and returns the requests it made, each checked against its method's schema. */
  async function send(args: string[], ...answers: unknown[]): Promise<{ stdout: string; requests: Recorded[] }> {
    recorded.length = 0;
    replies = answers;
    const result = await runChild(args, env);
    assert.deepEqual([result.code, result.stderr], [0, ''], args.join(' '));
    // validateArgs throws INVALID_ARGUMENT naming every offending field, or UNKNOWN_METHOD.
    for (const { method, body } of recorded) {
      assert.ok(isMethodName(method), `unknown method ${method}`);
      validateArgs(method, body);
    }
    return { stdout: result.stdout, requests: [...recorded] };
  }

  const credentials = { path: '/s/t', password: 'pa"ss', rid: '77', tryNo: 2 };

  it('queue: every action and the optional step and path', async () => {
    const active = await send(['--queue=q', 'active'], { seq: 1, step: '003' });
    assert.equal(active.stdout, '003\n');
    assert.deepEqual(active.requests[0]?.body, { ...credentials, queue: 'q', action: 'active' });
    assert.equal((await send(['--queue', 'q', 'active', '/s/f'], { seq: 2 })).stdout, '<NULL>\n');
    const done = await send(['--queue=q', 'complete', '003', '/s/f']);
    assert.deepEqual(done.requests[0]?.body, {
      ...credentials,
      queue: 'q',
      action: 'complete',
      step: '003',
      queuePath: '/s/f',
    });
    assert.equal((await send(['--queue=q', 'no_of_aborted'], { seq: 3, noOfAborted: 2 })).stdout, '2\n');
  });

  it('wait polls until the expression is satisfied', async () => {
    const { requests } = await send(
      ['--wait=/s/a == complete'],
      { seq: 1, satisfied: false },
      { seq: 2, satisfied: true },
    );
    assert.equal(requests.length, 2);
    assert.deepEqual(requests[0], { method: 'child.wait', body: { ...credentials, expression: '/s/a == complete' } });
  });

  it('init --add, complete --remove and abort without a reason', async () => {
    const init = await send(['--init', '77', '--add', 'HOST=node12', 'NOTE=a "b"']);
    assert.deepEqual(init.requests[0]?.body, {
      ...credentials,
      variables: [
        { name: 'HOST', value: 'node12' },
        { name: 'NOTE', value: 'a "b"' },
      ],
    });
    const complete = await send(['--complete', '--remove', 'HOST', 'NOTE']);
    assert.deepEqual(complete.requests[0]?.body, { ...credentials, removeVariables: ['HOST', 'NOTE'] });
    const abort = await send(['--abort']);
    assert.deepEqual(abort.requests[0], { method: 'child.abort', body: credentials });
  });
});
