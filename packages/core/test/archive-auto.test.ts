import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { flagNames } from '../src/model/index.js';
import { harness, type Harness } from './scheduler-helpers.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const START = Date.UTC(2024, 0, 1);

const homes: string[] = [];
after(() => homes.forEach((home) => rmSync(home, { recursive: true, force: true })));

/** A harness whose suite has ECF_HOME set to a new temp dir; `body` is the suite's content. */
function suite(body: string): { h: Harness; home: string } {
  const home = mkdtempSync(join(tmpdir(), 'isobar-autoarchive-'));
  homes.push(home);
  const h = harness(`suite s\n  edit ECF_HOME '${home}'\n${body}endsuite\n`, START);
  return { h, home };
}

function at(h: Harness, minutes: number): void {
  h.clock.advanceTo(START + minutes * MINUTE);
}

function isArchived(h: Harness, path: string): boolean {
  return flagNames(h.engine.node(path).flags).includes('archived');
}

function fileOf(home: string, path: string): string {
  return join(home, `${hostname()}.3141.${path.replaceAll('/', ':')}.check`);
}

const FAMILY = (attr: string) => `  family f\n    ${attr}\n    task t\n  endfamily\n  task keep\n`;

describe('autoarchive', () => {
  it('+hh:mm: archives a family that long after it completed, at the instant the timer fires', () => {
    const { h, home } = suite(FAMILY('autoarchive +01:00'));
    h.step();
    at(h, 10);
    h.finish('/s/f/t');
    assert.equal(h.clock.nextTimerAt(), START + 70 * MINUTE);
    at(h, 69);
    h.scheduler.flush();
    assert.equal(isArchived(h, '/s/f'), false);
    at(h, 70);
    const records = h.scheduler.flush();
    assert.ok(records.some((r) => r.type === 'node.deleted' && r.path === '/s/f/t'));
    assert.equal(isArchived(h, '/s/f'), true);
    assert.equal(h.engine.tree.index.has('/s/f/t'), false);
    assert.equal(h.state('/s/f'), 'complete');
    assert.deepEqual(flagNames(h.engine.node('/s/f').flags), ['archived'], 'no message flag: not a user edit');
    assert.ok(existsSync(fileOf(home, '/s/f')));
  });

  it('N days: archives N days after completion; nothing while the family is suspended', () => {
    const { h } = suite(FAMILY('autoarchive 1'));
    h.step();
    h.finish('/s/f/t');
    h.engine.suspend(['/s/f']);
    h.clock.advanceTo(START + DAY);
    h.scheduler.flush();
    assert.equal(isArchived(h, '/s/f'), false, 'suspended');
    h.engine.resume(['/s/f']);
    h.scheduler.flush();
    assert.equal(isArchived(h, '/s/f'), true);
  });

  it('a suspended ancestor holds it off too, until it is resumed', () => {
    const { h } = suite(FAMILY('autoarchive +00:10'));
    h.step();
    h.finish('/s/f/t');
    h.engine.suspend(['/s']);
    at(h, 30);
    h.scheduler.flush();
    assert.equal(isArchived(h, '/s/f'), false);
    h.engine.resume(['/s']);
    h.scheduler.flush();
    assert.equal(isArchived(h, '/s/f'), true);
  });

  it('-i: an idle (queued) family is archived too; without -i it is not', () => {
    const body =
      '  family f\n    autoarchive +00:30 -i\n    task t\n      trigger 1 == 0\n  endfamily\n' +
      '  family g\n    autoarchive +00:30\n    task t\n      trigger 1 == 0\n  endfamily\n';
    const { h } = suite(body);
    h.step();
    at(h, 30);
    h.scheduler.flush();
    assert.equal(isArchived(h, '/s/f'), true);
    assert.equal(isArchived(h, '/s/g'), false);
  });

  it('hh:mm: archives once the suite clock reaches the time; a restored family waits for requeue', () => {
    const { h } = suite(FAMILY('autoarchive 02:00'));
    h.step();
    at(h, 10);
    h.finish('/s/f/t');
    at(h, 120);
    h.scheduler.flush();
    assert.equal(isArchived(h, '/s/f'), true);
    h.engine.restore(['/s/f']);
    at(h, 200);
    h.scheduler.flush();
    assert.equal(isArchived(h, '/s/f'), false, 'restored holds autoarchive off');
    assert.equal(h.engine.tree.index.has('/s/f/t'), true);
  });
});

describe('autorestore', () => {
  it('a task that completes restores the archived families it names (relative and absolute)', () => {
    const body =
      '  family a\n    task x\n  endfamily\n  family b\n    task y\n  endfamily\n' +
      '  task r\n    trigger a == complete and b == complete\n    autorestore ./a /s/b\n';
    const { h, home } = suite(body);
    h.step();
    h.finish('/s/a/x');
    assert.deepEqual(h.finish('/s/b/y'), ['/s/r']);
    h.engine.archive(['/s/a', '/s/b']);
    assert.equal(h.engine.tree.index.has('/s/a/x'), false);
    h.finish('/s/r');
    assert.equal(h.engine.tree.index.has('/s/a/x'), true);
    assert.equal(h.engine.tree.index.has('/s/b/y'), true);
    assert.deepEqual(flagNames(h.engine.node('/s/a').flags), ['message', 'restored']);
    return Promise.resolve().then(() => {
      assert.equal(existsSync(fileOf(home, '/s/a')), false, 'files deleted after the transaction');
    });
  });

  it('a family holding autorestore restores what it names when it completes', () => {
    const body =
      '  family a\n    task x\n  endfamily\n  family h\n    autorestore ./a\n    task z\n' +
      '      trigger ../a == complete\n  endfamily\n';
    const { h } = suite(body);
    h.step();
    h.finish('/s/a/x');
    h.engine.archive(['/s/a']);
    h.finish('/s/h/z');
    assert.equal(h.state('/s/h'), 'complete');
    assert.equal(h.engine.tree.index.has('/s/a/x'), true);
  });
});
