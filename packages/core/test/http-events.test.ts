import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { parseDefs } from '@isobar/protocol/defs';
import type { IsobarServer } from '../src/index.js';
import { startServer, until } from './http-helpers.js';

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

/** A minimal EventSource over node:http: collects events and comments until closed. */
function openStream(url: string, headers: Record<string, string> = {}) {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let buffer = '';
  let ended = false;
  let status = 0;
  let response: http.IncomingMessage | undefined;
  const req = http.get(new URL('/v1/events', url), { headers, agent: false }, (res) => {
    status = res.statusCode ?? 0;
    response = res;
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: SseEvent = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comments.push(line.slice(1).trim());
          else if (line.startsWith('id: ')) event.id = line.slice(4);
          else if (line.startsWith('event: ')) event.event = line.slice(7);
          else if (line.startsWith('data: ')) event.data = line.slice(6);
        }
        if (event.data !== undefined) events.push(event);
      }
    });
    res.on('end', () => (ended = true));
    res.on('error', () => (ended = true));
  });
  req.on('error', () => (ended = true));
  return {
    events,
    comments,
    status: () => status,
    ended: () => ended,
    pause: () => response?.pause(),
    resume: () => response?.resume(),
    close: () => req.destroy(),
  };
}

function loadSuite(server: IsobarServer): void {
  server.engine.load(parseDefs('suite s\n  family f\n    task t\n      label info ""\n  endfamily\nendsuite\n'));
}

describe('http facility: GET /v1/events', () => {
  it('streams change records with id = seq and resumes exactly after Last-Event-ID', async () => {
    const { server, url } = await startServer();
    try {
      const stream = openStream(url);
      await until(() => stream.status() === 200 && stream.comments.length > 0, 'the stream to open');
      loadSuite(server);
      server.engine.suspend(['/s/f']);
      const seq = server.engine.log.seq;
      await until(() => stream.events.at(-1)?.id === String(seq), 'the records on the stream');
      const ids = stream.events.map((e) => Number(e.id));
      assert.deepEqual(
        ids,
        Array.from({ length: ids.length }, (_v, i) => ids[0]! + i),
        'consecutive ids',
      );
      for (const event of stream.events) assert.equal(JSON.parse(event.data!).seq, Number(event.id));
      stream.close();
      const seen = server.engine.log.seq;
      server.engine.resume(['/s/f']);
      server.engine.alter(['/s/f/t'], { op: 'change', kind: 'label', name: 'info', value: 'one' });
      const missed = server.engine.log.since(seen)!.map((r) => r.seq);
      assert.ok(missed.length >= 2);
      const resumed = openStream(url, { 'last-event-id': String(seen) });
      await until(() => resumed.events.length >= missed.length, 'the missed records');
      assert.deepEqual(
        resumed.events.map((e) => Number(e.id)),
        missed,
      );
      resumed.close();
    } finally {
      await server.stop();
    }
  });

  it('sends a resync event when the client is further behind than the ring buffer', async () => {
    const { server, url } = await startServer({ engine: { changeLogCapacity: 4 } });
    try {
      loadSuite(server);
      for (let i = 0; i < 10; i++)
        server.engine.alter(['/s/f/t'], { op: 'change', kind: 'label', name: 'info', value: `v${i}` });
      const stream = openStream(url, { 'last-event-id': '1' });
      await until(() => stream.events.length >= 1, 'the resync event');
      const [resync] = stream.events;
      assert.equal(resync!.event, 'resync');
      assert.equal(resync!.id, String(server.engine.log.seq));
      assert.equal(JSON.parse(resync!.data!).type, 'resync');
      server.engine.alter(['/s/f/t'], { op: 'change', kind: 'label', name: 'info', value: 'after' });
      await until(() => stream.events.length >= 2, 'live records after the resync');
      assert.equal(Number(stream.events[1]!.id), Number(resync!.id) + 1);
      stream.close();
    } finally {
      await server.stop();
    }
  });

  it('sends heartbeat comments and ends streams on stop()', async () => {
    const { server, url } = await startServer({ sse: { heartbeatMs: 20 } });
    const stream = openStream(url);
    await until(() => stream.comments.includes('heartbeat'), 'a heartbeat');
    await server.stop();
    await until(() => stream.ended(), 'the stream to end');
  });

  it('drops a client whose socket is full to catch-up or resync instead of buffering without bound', async () => {
    const { server, url } = await startServer({
      engine: { changeLogCapacity: 8 },
      sse: { maxBufferedBytes: 64 * 1024 },
    });
    try {
      loadSuite(server);
      const stream = openStream(url);
      await until(() => stream.status() === 200, 'the stream');
      stream.pause();
      const big = 'x'.repeat(64 * 1024);
      // Far more than the socket buffers hold: the server must stop writing to this client.
      for (let i = 0; i < 400; i++)
        server.engine.alter(['/s/f/t'], { op: 'change', kind: 'label', name: 'info', value: `${i}${big}` });
      stream.resume();
      const last = server.engine.log.seq;
      await until(() => stream.events.some((e) => e.event === 'resync'), 'the resync after draining');
      server.engine.alter(['/s/f/t'], { op: 'change', kind: 'label', name: 'info', value: 'tail' });
      await until(() => stream.events.at(-1)?.id === String(last + 1), 'live records after catching up');
      assert.ok(stream.events.length < 400, `only part of the records was buffered (${stream.events.length})`);
      stream.close();
    } finally {
      await server.stop();
    }
  });
});
