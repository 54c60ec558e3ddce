// The event-stream parser behind IsobarClient.events(): the WHATWG rules the server's feed relies on.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSseParser } from '../src/index.js';

describe('createSseParser', () => {
  it('parses the feed as the server writes it: comment, retry, records and a resync event', () => {
    const parser = createSseParser();
    const text =
      ': isobar change feed\nretry: 2000\n\n' +
      'id: 7\ndata: {"seq":7}\n\n' +
      ': heartbeat\n\n' +
      'id: 9\nevent: resync\ndata: {"type":"resync","seq":9}\n\n';
    assert.deepEqual(parser.push(text), [
      { event: 'message', data: '{"seq":7}', id: '7' },
      { event: 'resync', data: '{"type":"resync","seq":9}', id: '9' },
    ]);
    assert.equal(parser.retryMs(), 2000);
  });

  it('reassembles messages cut anywhere, including between the CR and LF of a CRLF', () => {
    const text = 'id: 1\r\ndata: a\r\ndata: b\r\n\r\nid: 2\rdata:c\r\r\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const parser = createSseParser();
      const messages = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
      assert.deepEqual(
        messages,
        [
          { event: 'message', data: 'a\nb', id: '1' },
          { event: 'message', data: 'c', id: '2' },
        ],
        `cut at ${cut}`,
      );
    }
  });

  it('keeps the last id for later messages and ignores blocks without data', () => {
    const parser = createSseParser();
    assert.deepEqual(parser.push('id: 5\n\nevent: x\n\ndata\n\nretry: soon\n\n'), [
      { event: 'message', data: '', id: '5' },
    ]);
    assert.equal(parser.retryMs(), undefined);
    assert.equal(parser.lastEventId(), '5', 'an id-only block sets the id without a message');
  });
});
