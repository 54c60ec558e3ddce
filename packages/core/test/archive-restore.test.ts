import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasErrorCode } from '@isobar/protocol';
import { parseDefs, writeNode } from '@isobar/protocol/defs';
import { createEngine, type ChangeRecord, type Engine } from '../src/engine/index.js';
import { flagNames, toDefsNode, type SubmittableNode } from '../src/model/index.js';
import { engineWith, snapshot } from './engine-helpers.js';
import { harness, type Harness } from './scheduler-helpers.js';

const homes: string[] = [];
after(() => homes.forEach((home) => rmSync(home, { recursive: true, force: true })));

function newHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'isobar-archive-'));
  homes.push(home);
  return home;
}

function def(home: string): string {
  return `suite s
  edit ECF_HOME '${home}'
  family f
    task t1
      meter m 0 10
    family ff
      task t2
        label l ""
    endfamily
  endfamily
  family g
    task t3
  endfamily
endsuite
`;
}

/** ecFlow's archive file name: `<host>.<port>.<path with / → :>.check` under ECF_HOME. */
function archiveFile(home: string, path: string, port = '3141'): string {
  return join(home, `${hostname()}.${port}.${path.replaceAll('/', ':')}.check`);
}

function flagsOf(h: Harness | Engine, path: string): string[] {
  const engine = 'engine' in h ? h.engine : h;
  return flagNames(engine.node(path).flags);
}

/** /s/f complete (t1 with meter 7, t2 with a label), /s/g still running. */
function finished(home: string): Harness {
  const h = harness(def(home));
  h.step();
  const who = (path: string) => ({ path, password: (h.engine.node(path) as SubmittableNode).password });
  h.engine.childInit(who('/s/f/t1'), '1');
  h.engine.childMeter(who('/s/f/t1'), 'm', 7);
  h.finish('/s/f/t1');
  h.engine.childInit(who('/s/f/ff/t2'), '1');
  h.engine.childLabel(who('/s/f/ff/t2'), 'l', 'done');
  h.finish('/s/f/ff/t2');
  return h;
}

function subtreeText(engine: Engine, path: string): string {
  const node = toDefsNode(engine.node(path));
  node.runtime = undefined; // the holder's own flags change; its subtree must not
  return writeNode(node, { state: true });
}

describe('archive and restore', () => {
  it('archive writes ecFlow’s file, drops the children, flags the node and keeps its state', () => {
    const home = newHome();
    const h = finished(home);
    const before = subtreeText(h.engine, '/s/f');
    const records = h.engine.archive(['/s/f']);
    const file = archiveFile(home, '/s/f');
    assert.ok(existsSync(file), file);
    const saved = parseDefs(readFileSync(file, 'utf8'), { file });
    assert.deepEqual(
      saved.suites[0]?.children?.map((n) => n.name),
      ['f'],
      'the node under a bare copy of its suite',
    );
    assert.equal(h.engine.tree.index.has('/s/f/t1'), false);
    assert.equal(h.engine.tree.index.has('/s/f/ff/t2'), false);
    assert.equal(h.state('/s/f'), 'complete');
    assert.deepEqual(flagsOf(h, '/s/f'), ['message', 'archived']);
    const types = records.map((r) => `${r.type} ${'path' in r ? r.path : ''}`);
    assert.deepEqual(types, ['node.deleted /s/f/t1', 'node.deleted /s/f/ff', 'node.state /s/f']);
    // restore: the same subtree, with the states and values it had.
    h.engine.restore(['/s/f']);
    assert.equal(subtreeText(h.engine, '/s/f'), before);
    assert.equal(h.state('/s/f/ff/t2'), 'complete');
    assert.deepEqual(flagsOf(h, '/s/f'), ['message', 'restored']);
    assert.equal(existsSync(file), false, 'the archive file is deleted');
  });

  it('running tasks need force; tasks are ignored; restore needs an archived node', () => {
    const home = newHome();
    const h = finished(home);
    assert.throws(
      () => h.engine.archive(['/s/g']),
      (e) => hasErrorCode(e, 'WRONG_STATE'),
    );
    assert.equal(h.engine.tree.index.has('/s/g/t3'), true);
    assert.deepEqual(h.engine.archive(['/s/f/t1']), [], 'a task is not archived (ecFlow ignores it)');
    assert.throws(
      () => h.engine.restore(['/s/f']),
      (e) => hasErrorCode(e, 'WRONG_STATE'),
    );
    h.engine.archive(['/s/g'], { force: true });
    assert.deepEqual(flagsOf(h, '/s/g'), ['message', 'archived']);
    assert.ok(existsSync(archiveFile(home, '/s/g')));
  });

  it('a node whose ancestor is archived in the same command is not archived on its own', () => {
    const home = newHome();
    const h = finished(home);
    h.engine.archive(['/s/f/ff', '/s/f']);
    assert.ok(existsSync(archiveFile(home, '/s/f')));
    assert.equal(existsSync(archiveFile(home, '/s/f/ff')), false);
  });

  it('ECF_HOME unset is a clear error and changes nothing; ECF_PORT names the file', () => {
    const engine = engineWith('suite s\n  family f\n    task t\n  endfamily\nendsuite\n');
    assert.throws(
      () => engine.archive(['/s/f']),
      (e) => hasErrorCode(e, 'INVALID_ARGUMENT') && /ECF_HOME/.test(String((e as Error).message)),
    );
    assert.equal(engine.tree.index.has('/s/f/t'), true);
    const home = newHome();
    const other = engineWith('suite s\n  family f\n    task t\n  endfamily\nendsuite\n', {
      serverVariables: { ECF_HOME: home, ECF_PORT: '4141' },
    });
    other.archive(['/s/f']);
    assert.ok(existsSync(archiveFile(home, '/s/f', '4141')));
  });

  it('a replay of the records rebuilds the same tree after archive and after restore', () => {
    const home = newHome();
    const clock = { now: () => Date.UTC(2024, 0, 1) };
    const options = { clock, serverVariables: { ECF_HOME: home } };
    const engine = createEngine(options);
    const records: ChangeRecord[] = [];
    engine.log.subscribe((batch) => records.push(...batch));
    engine.load(parseDefs(def(home), { file: 'a.def' }));
    engine.begin('s');
    engine.force(['/s/f'], 'complete', { recursive: true });
    engine.archive(['/s/f']);
    const archived = createEngine(options);
    archived.replay(records);
    assert.equal(snapshot(archived.tree), snapshot(engine.tree));
    engine.restore(['/s/f']);
    const restored = createEngine(options);
    restored.replay(records);
    assert.equal(snapshot(restored.tree), snapshot(engine.tree));
    assert.equal(restored.tree.index.has('/s/f/ff/t2'), true);
  });

  it('begin and requeue restore an archived node whose file exists, then reset it', () => {
    const home = newHome();
    const h = finished(home);
    h.engine.archive(['/s/f']);
    h.engine.requeue(['/s/f']);
    assert.equal(h.engine.tree.index.has('/s/f/t1'), true);
    assert.equal(h.state('/s/f/t1'), 'queued');
    assert.deepEqual(flagsOf(h, '/s/f'), ['message'], 'requeue clears restored, keeps message');
    assert.equal(existsSync(archiveFile(home, '/s/f')), false);
    h.engine.archive(['/s/f']);
    rmSync(archiveFile(home, '/s/f'));
    h.engine.requeue(['/s/f']);
    assert.equal(h.engine.tree.index.has('/s/f/t1'), false, 'no file: stays archived');
    assert.deepEqual(flagsOf(h, '/s/f'), ['message', 'archived']);
  });
});
