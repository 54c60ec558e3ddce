/* eslint-disable @typescript-eslint/no-explicit-any -- parsed JSON of test replies */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { METHOD_NAMES, METHODS } from '@isobar/protocol';
import { parseDefs } from '@isobar/protocol/defs';
import { createTokenAuthenticator, rawRequest, rpc, startServer } from './http-helpers.js';

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomValue(next: () => number, depth = 0): unknown {
  const pick = Math.floor(next() * (depth > 2 ? 6 : 8));
  const strings = [
    '',
    '/',
    '/s',
    '/s/f/t',
    '/s/f/t:go',
    'x'.repeat(Math.floor(next() * 300)),
    '\u0000',
    'complete',
    '%',
    '../..',
  ];
  switch (pick) {
    case 0:
      return null;
    case 1:
      return next() < 0.5;
    case 2:
      return Math.floor((next() - 0.5) * 2 ** (next() * 60));
    case 3:
      return next() * 1e6;
    case 4:
    case 5:
      return strings[Math.floor(next() * strings.length)];
    case 6:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
    default: {
      const keys = [
        'path',
        'paths',
        'text',
        'name',
        'value',
        'kind',
        'to',
        'action',
        'type',
        'since',
        'items',
        'suite',
        'password',
        'tryNo',
        'rid',
        'how',
        'force',
      ];
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 5); i > 0; i--)
        object[keys[Math.floor(next() * keys.length)]!] = randomValue(next, depth + 1);
      return object;
    }
  }
}

function mutateExample(next: () => number, example: Record<string, unknown>): unknown {
  const copy: Record<string, unknown> = { ...example };
  const keys = Object.keys(copy);
  if (keys.length > 0 && next() < 0.7) copy[keys[Math.floor(next() * keys.length)]!] = randomValue(next, 1);
  return copy;
}

const MALFORMED = ['{', '[1,2', '"text"', 'null', '123', '{"a":1}{', '\u00ff\u00fe', '{"__proto__":{"x":1}}', ' '];

describe('http facility: fuzzing every method', () => {
  it('random and malformed bodies never produce a 500 and never stop the server (seed 20260102)', async () => {
    const next = random(20260102);
    const { server, url } = await startServer({ authenticator: createTokenAuthenticator() });
    server.engine.load(
      parseDefs('suite s\n  family f\n    task t\n      event go\n      meter m 0 9\n  endfamily\nendsuite\n'),
    );
    // `terminate` would (rightly) stop the server it is fuzzing.
    const methods = METHOD_NAMES.filter((name) => name !== 'terminate');
    const statuses = new Map<number, number>();
    try {
      for (const method of methods) {
        const example = (METHODS as any)[method].example.args as Record<string, unknown>;
        for (let round = 0; round < 12; round++) {
          const choice = next();
          const body =
            choice < 0.25
              ? MALFORMED[Math.floor(next() * MALFORMED.length)]!
              : JSON.stringify(choice < 0.6 ? mutateExample(next, example) : randomValue(next));
          const headers = { 'content-type': 'application/json', authorization: 'Bearer admin-token' };
          const response = await rawRequest(url, { path: `/v1/rpc/${method}`, headers, body });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          assert.notEqual(response.status, 500, `${method} ${body.slice(0, 200)} -> ${response.text.slice(0, 300)}`);
          assert.equal(typeof response.json?.ok, 'boolean', `${method}: an envelope`);
        }
      }
      assert.equal((await rpc(url, 'ping')).status, 200, 'the server still answers');
      assert.ok((statuses.get(400) ?? 0) > 0 && (statuses.get(200) ?? 0) > 0, JSON.stringify([...statuses]));
    } finally {
      await server.stop();
    }
  });
});
