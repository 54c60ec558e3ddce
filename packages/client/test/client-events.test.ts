// IsobarClient.events(): the SSE change feed of a real server as an async iterator — live records, resuming
// with lastEventId, the resync marker, reconnecting after a dropped connection, abort, and authentication.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IsobarServer } from '@isobar/core';
import { IsobarClient, hasErrorCode, type ChangeRecord, type EventStream } from '../src/index.js';
import { PASSWORDS, manualClock, startAuthServer, startCutRelay, startOpenServer, until } from './client-helpers.js';

const DEFS = 'suite ev\n  defstatus suspended\n  task t\n    label info ""\nendsuite\n';

/** Collects what a stream yields in the background. */
function collect(stream: EventStream): { records: ChangeRecord[]; done: Promise<unknown> } {
  const records: ChangeRecord[] = [];
  const done = (async () => {
    for await (const record of stream) records.push(record);
  })();
  return { records, done };
}

function label(client: IsobarClient, value: string): Promise<unknown> {
  return client.alter({ action: 'change', paths: ['/ev/t'], type: 'label', name: 'info', value });
}

describe('IsobarClient.events', () => {
  it('yields live change records and ends quietly when its signal aborts', async () => {
    await using server = await startOpenServer();
    using client = new IsobarClient({ urls: server.url });
    await client.load({ text: DEFS });
    const controller = new AbortController();
    const stream = client.events({ signal: controller.signal });
    const { records, done } = collect(stream);
    await until(async () => (await feedClients(server.server)) === 1, 'the stream to open');
    await label(client, 'one');
    await until(() => records.some((r) => r.type === 'label'), 'the label record');
    const change = records.find((r) => r.type === 'label');
    assert.deepEqual(change && { path: change.path, value: change.value }, { path: '/ev/t', value: 'one' });
    assert.equal(stream.lastEventId(), records.at(-1)?.seq);
    controller.abort();
    await done;
  });

  it('resumes after lastEventId with exactly the records it missed', async () => {
    await using server = await startOpenServer();
    using client = new IsobarClient({ urls: server.url });
    await client.load({ text: DEFS });
    const from = server.server.engine.log.seq;
    await label(client, 'a');
    await label(client, 'b');
    const expected = server.server.engine.log.since(from)!.map((r) => r.seq);
    const stream = client.events({ lastEventId: from });
    const seen: number[] = [];
    for await (const record of stream) {
      seen.push(record.seq);
      if (seen.length === expected.length) break;
    }
    assert.deepEqual(seen, expected);
  });

  it('starts with a resync record when the server no longer has the records after lastEventId', async () => {
    await using server = await startOpenServer({ engine: { changeLogCapacity: 4 } });
    using client = new IsobarClient({ urls: server.url });
    await client.load({ text: DEFS });
    for (const value of ['1', '2', '3', '4', '5', '6']) await label(client, value);
    const stream = client.events({ lastEventId: 1 });
    const first = await stream.next();
    assert.equal(first.done, false);
    assert.equal(first.value?.type, 'resync');
    assert.equal(first.value?.seq, server.server.engine.log.seq);
    stream.close();
    assert.equal((await stream.next()).done, true);
  });

  it('reconnects after a dropped connection and resumes without losing records', async () => {
    await using server = await startOpenServer();
    await using relay = await startCutRelay(server.url);
    using direct = new IsobarClient({ urls: server.url });
    using client = new IsobarClient({ urls: relay.url });
    await direct.load({ text: DEFS });
    const stream = client.events({ reconnectDelayMs: 20 });
    const { records, done } = collect(stream);
    await until(async () => (await feedClients(server.server)) === 1, 'the stream to open');
    await label(direct, 'before');
    await until(() => records.length === 1, 'the first record');
    relay.cut();
    await until(async () => (await feedClients(server.server)) === 0, 'the server to notice the cut');
    await label(direct, 'while-away');
    await until(() => records.length === 2, 'the record made while disconnected');
    assert.ok(relay.connections() >= 2, 'it reconnected');
    assert.deepEqual(
      records.map((r) => (r.type === 'label' ? r.value : r.type)),
      ['before', 'while-away'],
    );
    stream.close();
    await done;
  });

  it('sends the session token, and fails with AUTH_REQUIRED without credentials', async () => {
    await using server = await startAuthServer();
    using vera = new IsobarClient({ urls: server.url, user: 'vera', password: PASSWORDS.vera });
    using anonymous = new IsobarClient({ urls: server.url });
    const refused = await anonymous
      .events()
      .next()
      .catch((e: unknown) => e);
    assert.ok(hasErrorCode(refused, 'AUTH_REQUIRED'), String(refused));
    const stream = vera.events();
    const first = stream.next();
    await until(async () => (await feedClients(server.server)) === 1, 'the authenticated stream to open');
    assert.ok(vera.token() !== undefined, 'the feed logged in first');
    stream.close();
    assert.equal((await first).done, true, 'close() ends a pending next()');
  });

  it('renews an expired token when it reconnects, without losing records', async () => {
    const clock = manualClock();
    await using server = await startAuthServer({ clock, tokenTtlMs: 60_000 });
    await using relay = await startCutRelay(server.url);
    let logins = 0;
    using admin = new IsobarClient({ urls: server.url, user: 'admin', password: PASSWORDS.admin });
    using vera = new IsobarClient({
      urls: relay.url,
      user: 'vera',
      password: PASSWORDS.vera,
      onLogin: () => void logins++,
    });
    await admin.load({ text: DEFS });
    const stream = vera.events({ reconnectDelayMs: 20 });
    const { records, done } = collect(stream);
    await until(async () => (await feedClients(server.server)) === 1, 'the stream to open');
    clock.advance(120_000);
    relay.cut();
    await until(async () => (await feedClients(server.server)) === 0, 'the server to notice the cut');
    await label(admin, 'while-expired');
    await until(() => records.some((r) => r.type === 'label'), 'the record made while the token expired');
    assert.equal(logins, 2, 'the reconnection logged in again');
    stream.close();
    await done;
  });

  it('ends open streams when the client is closed', async () => {
    await using server = await startOpenServer();
    const client = new IsobarClient({ urls: server.url });
    const { done } = collect(client.events());
    await until(async () => (await feedClients(server.server)) === 1, 'the stream to open');
    client.close();
    await done;
  });
});

/** Streams the server has open (its `isobar_sse_clients` gauge). */
async function feedClients(server: IsobarServer): Promise<number> {
  const metric = await server.metrics.registry.getSingleMetric('isobar_sse_clients')?.get();
  return metric?.values[0]?.value ?? 0;
}
