import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from '../src/main.js';

describe('example: embed-server', () => {
  it('serves the catalogue and the custom procedure, and the scheduler submits the free task', async () => {
    const summary = await runExample();
    assert.match(summary.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(summary.states, {
      '/demo/prepare/fetch': 'submitted',
      '/demo/prepare/clean': 'queued',
      '/demo/report': 'queued',
    });
    assert.equal(summary.taskCount, 3);
  });
});
