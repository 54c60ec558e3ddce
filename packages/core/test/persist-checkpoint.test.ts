import assert from 'node:assert/strict';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hasErrorCode } from '@isobar/protocol';
import { parseDefs } from '@isobar/protocol/defs';
import {
  createPersistence,
  parseCheckpointMode,
  recoverEngine,
  writeCheckpoint,
  type FaultHook,
} from '../src/persist/index.js';
import { loadSuite, mutate, seededRandom, stateText, suiteText, tempHome } from './persist-helpers.js';

async function withHome(work: (home: string) => Promise<void>): Promise<void> {
  const { home, cleanup } = await tempHome();
  try {
    await work(home);
  } finally {
    await cleanup();
  }
}

function body(text: string): string {
  return text.slice(text.indexOf('\n') + 1);
}

describe('checkpoint', () => {
  it('writes the state dialect text of the tree after a versioned header', () =>
    withHome(async (home) => {
      const { engine } = await recoverEngine(home);
      loadSuite(engine, 's', { families: 4, tasks: 20 });
      loadSuite(engine, 'u', { families: 1, tasks: 2 });
      engine.force(['/s/f1/t2'], 'aborted');
      const result = await writeCheckpoint(engine, home, { sliceMs: 0 });
      const text = await readFile(join(home, 'checkpoint'), 'utf8');
      assert.match(text, new RegExp(`^#isobar-checkpoint version:1 valid_from:${engine.log.seq} `));
      assert.equal(body(text), stateText(engine.tree));
      assert.ok(result.slices > 1, 'sliced');
    }));

  it('recovers the live state when mutations, loads and deletes happen between the slices', () =>
    withHome(async (home) => {
      const { engine } = await recoverEngine(home);
      const random = seededRandom(3);
      const faults: FaultHook = (point) => {
        if (point !== 'checkpoint.midSlice') return;
        for (let i = 0; i < 5; i++) mutate(engine, 's', random);
        if (random() < 0.1 && engine.tree.index.has('/gone')) engine.delete(['/gone']);
        if (random() < 0.1 && !engine.tree.index.has('/late')) loadSuite(engine, 'late', { families: 1, tasks: 2 });
      };
      const persistence = createPersistence(engine, home, { checkpoint: 'never', faults, sliceMs: 0.2 });
      loadSuite(engine, 's', { families: 10, tasks: 40 });
      loadSuite(engine, 'gone', { families: 5, tasks: 5 });
      const result = await persistence.checkpoint();
      assert.ok(result.slices > 5);
      await persistence.commit();
      const live = stateText(engine.tree);
      await persistence.close();
      assert.notEqual(body(await readFile(join(home, 'checkpoint'), 'utf8')), live, 'the tree changed meanwhile');
      const recovered = await recoverEngine(home);
      assert.equal(stateText(recovered.engine.tree), live);
      assert.equal(recovered.seq, engine.log.seq);
    }));

  it('falls back to checkpoint.bak when the current checkpoint is damaged', () =>
    withHome(async (home) => {
      const { engine } = await recoverEngine(home);
      const persistence = createPersistence(engine, home, { checkpoint: 'never' });
      loadSuite(engine, 's', { families: 2, tasks: 3 });
      await persistence.checkpoint();
      const random = seededRandom(5);
      for (let i = 0; i < 20; i++) mutate(engine, 's', random);
      await persistence.checkpoint();
      for (let i = 0; i < 20; i++) mutate(engine, 's', random);
      await persistence.close();
      const current = join(home, 'checkpoint');
      const text = await readFile(current, 'utf8');
      await writeFile(current, text.slice(0, text.length / 2));
      const recovered = await recoverEngine(home);
      assert.equal(recovered.usedBackup, true);
      assert.equal(stateText(recovered.engine.tree), stateText(engine.tree));
    }));

  it('fails with STORAGE_FAILED when the disk is full, keeping the previous checkpoint and no temp file', () =>
    withHome(async (home) => {
      let full = false;
      const faults: FaultHook = (point) => {
        if (full && point === 'checkpoint.beforeFsync') throw Object.assign(new Error('full'), { code: 'ENOSPC' });
      };
      const { engine } = await recoverEngine(home);
      const persistence = createPersistence(engine, home, { checkpoint: 'never', faults });
      loadSuite(engine, 's', { families: 2, tasks: 3 });
      await persistence.checkpoint();
      const before = await readFile(join(home, 'checkpoint'), 'utf8');
      engine.force(['/s/f0/t0'], 'aborted');
      full = true;
      await assert.rejects(persistence.checkpoint(), (error: unknown) => {
        assert.ok(hasErrorCode(error, 'STORAGE_FAILED'));
        assert.equal(error.details?.['code'], 'ENOSPC');
        return true;
      });
      assert.equal(await readFile(join(home, 'checkpoint'), 'utf8'), before);
      assert.deepEqual((await readdir(home)).sort(), ['checkpoint', 'journal']);
      full = false;
      await persistence.checkpoint();
      await persistence.close();
      assert.equal(body(await readFile(join(home, 'checkpoint'), 'utf8')), stateText(engine.tree));
      assert.equal(stateText((await recoverEngine(home)).engine.tree), stateText(engine.tree));
    }));

  it('refuses to start from a damaged checkpoint without a valid backup, naming the path', () =>
    withHome(async (home) => {
      const { engine } = await recoverEngine(home);
      loadSuite(engine, 's', { families: 1, tasks: 2 });
      await writeCheckpoint(engine, home);
      const current = join(home, 'checkpoint');
      const text = await readFile(current, 'utf8');
      await writeFile(current, text.replace('task t1', 'tusk t1'));
      await assert.rejects(recoverEngine(home), (error: unknown) => {
        assert.ok(hasErrorCode(error, 'CORRUPT_FILE'));
        assert.equal(error.details?.['file'], current);
        assert.match(error.message, new RegExp(`^${current} is corrupt: does not parse`));
        return true;
      });
      await writeFile(current, text.slice(0, 100));
      await assert.rejects(recoverEngine(home), /cut short/);
    }));

  it('refuses a checkpoint of another format version with FORMAT_VERSION', () =>
    withHome(async (home) => {
      const { engine } = await recoverEngine(home);
      loadSuite(engine, 's', { families: 1, tasks: 1 });
      await writeCheckpoint(engine, home);
      await writeCheckpoint(engine, home);
      const current = join(home, 'checkpoint');
      await writeFile(current, (await readFile(current, 'utf8')).replace('version:1', 'version:2'));
      await assert.rejects(recoverEngine(home), (error: unknown) => {
        assert.ok(hasErrorCode(error, 'FORMAT_VERSION'));
        assert.match(error.message, /checkpoint has format version 2; this release reads 1/);
        return true;
      });
    }));

  it('deletes journal segments the backup checkpoint no longer needs', () =>
    withHome(async (home) => {
      const { engine } = await recoverEngine(home);
      const persistence = createPersistence(engine, home, { checkpoint: 'never' });
      const random = seededRandom(9);
      loadSuite(engine, 's', { families: 2, tasks: 2 });
      const segments = async (): Promise<string[]> => (await readdir(join(home, 'journal'))).sort();
      const rounds: string[][] = [];
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 10; i++) mutate(engine, 's', random);
        await persistence.commit();
        const before = await segments();
        const { validFrom } = await persistence.checkpoint();
        for (let i = 0; i < 10; i++) mutate(engine, 's', random);
        await persistence.commit();
        rounds.push(await segments());
        assert.ok(before.every((name) => Number(name.slice(0, 16)) <= validFrom));
      }
      // After checkpoints 2 and 3, only the segments from the backup's "valid from" on are left.
      assert.equal(rounds[0]?.length, 2);
      assert.equal(rounds[1]?.length, 2);
      assert.equal(rounds[2]?.length, 2);
      assert.notDeepEqual(rounds[2], rounds[1]);
      await persistence.close();
      await rm(join(home, 'checkpoint'));
      const recovered = await recoverEngine(home);
      assert.equal(recovered.usedBackup, true, 'the backup plus the kept journal still give the live state');
      assert.equal(stateText(recovered.engine.tree), stateText(engine.tree));
    }));

  it('writes a checkpoint after each change in mode always', () =>
    withHome(async (home) => {
      const { engine } = await recoverEngine(home);
      const persistence = createPersistence(engine, home, { checkpoint: 'always' });
      engine.load(parseDefs(suiteText('s', 1, 2), { file: 's.def' }));
      await persistence.commit();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await persistence.close();
      const text = await readFile(join(home, 'checkpoint'), 'utf8');
      assert.equal(body(text), stateText(engine.tree));
      assert.deepEqual(parseCheckpointMode('on_time:30'), { kind: 'on_time', seconds: 30 });
      assert.deepEqual(parseCheckpointMode('never'), { kind: 'never' });
      assert.throws(() => parseCheckpointMode('sometimes'), /not always, never, on_time/);
    }));

  it('writes checkpoints periodically in mode on_time:N', { timeout: 20_000 }, () =>
    withHome(async (home) => {
      const { engine } = await recoverEngine(home);
      const persistence = createPersistence(engine, home, { checkpoint: 'on_time:1' });
      engine.load(parseDefs(suiteText('s', 1, 2), { file: 's.def' }));
      await persistence.commit();
      const file = join(home, 'checkpoint');
      while (!(await readFile(file, 'utf8').catch(() => '')).endsWith('# enddef\n')) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await persistence.close();
      assert.equal(body(await readFile(file, 'utf8')), stateText(engine.tree));
    }),
  );

  it('writes no checkpoint by itself in mode never', () =>
    withHome(async (home) => {
      const { engine } = await recoverEngine(home);
      const persistence = createPersistence(engine, home, { checkpoint: 'never' });
      engine.load(parseDefs(suiteText('s', 1, 2), { file: 's.def' }));
      await persistence.commit();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await persistence.close();
      assert.deepEqual((await readdir(home)).sort(), ['journal']);
    }));
});
