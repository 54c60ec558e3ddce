import assert from 'node:assert/strict';
import { appendFile, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hasErrorCode, type Logger } from '@isobar/protocol';
import { createPersistence, recoverEngine, type FaultHook } from '../src/persist/index.js';
import { loadSuite, mutate, seededRandom, stateText, tempHome } from './persist-helpers.js';

async function segmentFiles(home: string): Promise<string[]> {
  const names = (await readdir(join(home, 'journal'))).sort();
  return names.map((name) => join(home, 'journal', name));
}

/** A session: recover, load a suite, apply `count` random mutations committing each, close. */
async function session(home: string, count: number, seed = 1): Promise<{ text: string; seq: number }> {
  const { engine } = await recoverEngine(home);
  const persistence = createPersistence(engine, home, { checkpoint: 'never' });
  if (engine.tree.root.children.length === 0) loadSuite(engine, 's', { families: 3, tasks: 4 });
  const random = seededRandom(seed);
  for (let i = 0; i < count; i++) {
    mutate(engine, 's', random);
    await persistence.commit();
  }
  await persistence.close();
  return { text: stateText(engine.tree), seq: engine.log.seq };
}

describe('journal', () => {
  it('recovers the engine from the journal alone, across sessions, resuming the sequence', async () => {
    const { home, cleanup } = await tempHome();
    try {
      const first = await session(home, 40, 1);
      const second = await session(home, 40, 2);
      assert.ok(second.seq > first.seq);
      const recovered = await recoverEngine(home);
      assert.equal(recovered.seq, second.seq);
      assert.equal(recovered.engine.log.seq, second.seq);
      assert.equal(stateText(recovered.engine.tree), second.text);
      assert.equal((await segmentFiles(home)).length, 2, 'each session starts its own segment');
    } finally {
      await cleanup();
    }
  });

  it('covers all records of one event-loop turn with one fsync (group commit)', async () => {
    const { home, cleanup } = await tempHome();
    let fsyncs = 0;
    const faults: FaultHook = (point) => {
      if (point === 'journal.beforeFsync') fsyncs++;
    };
    try {
      const { engine } = await recoverEngine(home);
      const persistence = createPersistence(engine, home, { checkpoint: 'never', faults });
      loadSuite(engine, 's', { families: 2, tasks: 3 });
      const random = seededRandom(7);
      const commits: Promise<void>[] = [];
      for (let i = 0; i < 50; i++) {
        mutate(engine, 's', random);
        commits.push(persistence.commit());
      }
      await Promise.all(commits);
      assert.equal(fsyncs, 1);
      await persistence.commit();
      assert.equal(fsyncs, 1, 'nothing new: no fsync');
      await persistence.close();
      assert.equal(stateText((await recoverEngine(home)).engine.tree), stateText(engine.tree));
    } finally {
      await cleanup();
    }
  });

  it('skips ephemeral records', async () => {
    const { home, cleanup } = await tempHome();
    try {
      const { engine } = await recoverEngine(home);
      const persistence = createPersistence(engine, home, { checkpoint: 'never' });
      loadSuite(engine, 's', { families: 1, tasks: 1 });
      engine.log.append([{ type: 'telemetry.requests', ephemeral: true, samples: [] } as never], Date.now());
      await persistence.close();
      const [segment] = await segmentFiles(home);
      assert.ok(segment !== undefined);
      assert.doesNotMatch(await readFile(segment, 'utf8'), /telemetry/);
    } finally {
      await cleanup();
    }
  });

  it('cuts off a torn tail with a warning and keeps every complete record', async () => {
    const { home, cleanup } = await tempHome();
    try {
      const { text, seq } = await session(home, 20);
      const [segment] = await segmentFiles(home);
      assert.ok(segment !== undefined);
      const size = (await readFile(segment)).length;
      await appendFile(segment, '1234abcd {"seq":999,"type":"node.st');
      const warnings: string[] = [];
      const logger = { ...silentLogger(), warn: (message: string) => warnings.push(message) };
      const recovered = await recoverEngine(home, { logger });
      assert.equal(stateText(recovered.engine.tree), text);
      assert.equal(recovered.seq, seq);
      assert.deepEqual(recovered.truncated, { file: segment, offset: size });
      assert.equal((await readFile(segment)).length, size);
      assert.equal(warnings.length, 1);
    } finally {
      await cleanup();
    }
  });

  it('refuses damage in the middle with CORRUPT_FILE naming the file and offset', async () => {
    const { home, cleanup } = await tempHome();
    try {
      await session(home, 20);
      const [segment] = await segmentFiles(home);
      assert.ok(segment !== undefined);
      const data = await readFile(segment);
      const third = nthLineStart(data, 3);
      data[third + 12] = data[third + 12] === 0x41 ? 0x42 : 0x41;
      await writeFile(segment, data);
      await assert.rejects(recoverEngine(home), (error: unknown) => {
        assert.ok(hasErrorCode(error, 'CORRUPT_FILE'));
        assert.equal(error.details?.['file'], segment);
        assert.equal(error.details?.['offset'], third);
        assert.match(error.message, new RegExp(`${segment}.*at byte ${third}`));
        return true;
      });
    } finally {
      await cleanup();
    }
  });

  it('refuses a journal of another format version with FORMAT_VERSION', async () => {
    const { home, cleanup } = await tempHome();
    try {
      await session(home, 3);
      const [segment] = await segmentFiles(home);
      assert.ok(segment !== undefined);
      const text = await readFile(segment, 'utf8');
      await writeFile(segment, text.replace('#isobar-journal 1', '#isobar-journal 7'));
      await assert.rejects(recoverEngine(home), (error: unknown) => {
        assert.ok(hasErrorCode(error, 'FORMAT_VERSION'));
        assert.match(error.message, /format version 7; this release reads 1/);
        return true;
      });
    } finally {
      await cleanup();
    }
  });

  it('fails commits with STORAGE_FAILED while the disk is full, keeps serving reads, then catches up', async () => {
    const { home, cleanup } = await tempHome();
    let full = false;
    const faults: FaultHook = (point) => {
      if (full && point === 'journal.beforeWrite') throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
    };
    try {
      const { engine } = await recoverEngine(home);
      const persistence = createPersistence(engine, home, { checkpoint: 'never', faults });
      loadSuite(engine, 's', { families: 2, tasks: 2 });
      await persistence.commit();
      full = true;
      engine.force(['/s/f0/t0'], 'complete');
      await assert.rejects(persistence.commit(), (error: unknown) => {
        assert.ok(hasErrorCode(error, 'STORAGE_FAILED'));
        assert.equal(error.details?.['code'], 'ENOSPC');
        return true;
      });
      assert.equal(engine.node('/s/f0/t0').path, '/s/f0/t0', 'reads keep working');
      full = false;
      engine.force(['/s/f1/t1'], 'aborted');
      await persistence.commit();
      await persistence.close();
      const recovered = await recoverEngine(home);
      assert.equal(stateText(recovered.engine.tree), stateText(engine.tree));
      assert.equal(recovered.seq, engine.log.seq);
    } finally {
      await cleanup();
    }
  });

  it('fails with STORAGE_FAILED when the journal directory cannot be created, and catches up once it can', async () => {
    const { home, cleanup } = await tempHome();
    try {
      const { engine } = await recoverEngine(home);
      const persistence = createPersistence(engine, home, { checkpoint: 'never' });
      // A file where the journal directory should be: a real error from the file system (tests run as root, so
      // permissions would not stop the writes).
      await writeFile(join(home, 'journal'), 'in the way');
      loadSuite(engine, 's', { families: 1, tasks: 2 });
      await assert.rejects(persistence.commit(), (error: unknown) => {
        assert.ok(hasErrorCode(error, 'STORAGE_FAILED'));
        assert.match(String(error.details?.['code']), /^(EEXIST|ENOTDIR)$/);
        return true;
      });
      await rm(join(home, 'journal'));
      engine.force(['/s/f0/t1'], 'complete');
      await persistence.commit();
      await persistence.close();
      assert.equal(stateText((await recoverEngine(home)).engine.tree), stateText(engine.tree));
    } finally {
      await cleanup();
    }
  });
});

function nthLineStart(data: Buffer, n: number): number {
  let pos = 0;
  for (let i = 0; i < n; i++) pos = data.indexOf(10, pos) + 1;
  return pos;
}

function silentLogger(): Logger {
  const logger = {
    error: () => undefined,
    warn: () => undefined,
    info: () => undefined,
    debug: () => undefined,
    child: () => logger,
  };
  return logger;
}
