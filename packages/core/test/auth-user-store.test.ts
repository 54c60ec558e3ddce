import { chmod, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasErrorCode } from '@isobar/protocol';
import { createTempHome } from '@isobar/test-utils';
import { createUserStore, parsePasswordHash, USERS_FILE_VERSION } from '../src/auth/index.js';
import { codeOf, keepAliveUntil, openStore } from './auth-test-helpers.js';

const PASSWORD = 'correct horse battery';

async function modeOf(file: string): Promise<number> {
  return (await stat(file)).mode & 0o777;
}

async function readJson(file: string): Promise<{ version: number; users: Array<Record<string, unknown>> }> {
  return JSON.parse(await readFile(file, 'utf8')) as { version: number; users: Array<Record<string, unknown>> };
}

/** Replaces the file the way an editor or the offline CLI would: a new file renamed over the old one. */
async function replaceFile(file: string, text: string): Promise<void> {
  await writeFile(`${file}.edit`, text);
  await rename(`${file}.edit`, file);
}

describe('user store: file handling', () => {
  it('has no file and no users in a new home, and creates the file 0600 on the first change', async () => {
    await using fixture = await openStore();
    const { store } = fixture;
    assert.equal(store.exists, false);
    assert.equal(store.size, 0);
    await store.add({ user: 'ops', password: PASSWORD, roles: ['operator'] });
    assert.equal(store.exists, true);
    assert.equal(store.file, fixture.home.resolve('users.json'));
    assert.equal(await modeOf(store.file), 0o600);
  });

  it('keeps the file at mode 0600 after every kind of write and leaves no temp files', async () => {
    await using fixture = await openStore();
    const { store } = fixture;
    const writes: Array<() => Promise<unknown>> = [
      () => store.add({ user: 'a', password: PASSWORD, roles: ['viewer'] }),
      () => store.add({ user: 'b', password: PASSWORD, roles: ['admin'] }),
      () => store.passwd('a', 'another password'),
      () => store.update('a', { roles: ['operator'], suites: ['s'] }),
      () => store.delete('b'),
    ];
    for (const write of writes) {
      await write();
      assert.equal(await modeOf(store.file), 0o600);
      assert.deepEqual(await readdir(fixture.home.path), ['users.json']);
    }
  });

  it('tightens a file that was loosened to 0644 when it next writes it', async () => {
    await using fixture = await openStore();
    await fixture.store.add({ user: 'a', password: PASSWORD, roles: ['viewer'] });
    await chmod(fixture.store.file, 0o644);
    await fixture.store.add({ user: 'b', password: PASSWORD, roles: ['viewer'] });
    assert.equal(await modeOf(fixture.store.file), 0o600);
  });

  it('writes a versioned file with scrypt$N$r$p$salt$hash hashes and no plain passwords', async () => {
    await using fixture = await openStore();
    await fixture.store.add({ user: 'ops', password: PASSWORD, roles: ['operator'], suites: ['/s2', 's1'] });
    const text = await readFile(fixture.store.file, 'utf8');
    assert.ok(!text.includes(PASSWORD));
    const document = await readJson(fixture.store.file);
    assert.equal(document.version, USERS_FILE_VERSION);
    const [entry] = document.users;
    assert.equal(entry?.['user'], 'ops');
    assert.deepEqual(entry?.['suites'], ['s1', 's2']);
    const hash = String(entry?.['hash']);
    assert.match(hash, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    const parsed = parsePasswordHash(hash);
    assert.ok(typeof parsed !== 'string');
    assert.equal(parsed.salt.length, 16);
    assert.equal(parsed.hash.length, 64);
  });

  it('refuses a corrupt file with CORRUPT_FILE naming the file', async () => {
    await using home = await createTempHome('isobar-auth-');
    const file = home.resolve('users.json');
    for (const text of [
      '{"version":1,"users":[',
      '[]',
      '{"version":1,"users":[{"user":"a b","roles":["viewer"],"hash":"x"}]}',
    ]) {
      await writeFile(file, text);
      const error = await createUserStore({ home: home.path, watch: false }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      assert.ok(hasErrorCode(error, 'CORRUPT_FILE'), `expected CORRUPT_FILE for ${text}`);
      assert.equal(error.details?.['file'], file);
      assert.ok(error.message.includes(file));
    }
  });

  it('refuses a duplicate user and a bad hash in the file as corrupt', async () => {
    await using fixture = await openStore();
    await fixture.store.add({ user: 'a', password: PASSWORD, roles: ['viewer'] });
    const document = await readJson(fixture.store.file);
    const twice = { ...document, users: [document.users[0], document.users[0]] };
    await writeFile(fixture.store.file, JSON.stringify(twice));
    const duplicate = await createUserStore({ home: fixture.home.path, watch: false }).catch((e: unknown) => e);
    assert.ok(hasErrorCode(duplicate, 'CORRUPT_FILE'));
    assert.match(duplicate.message, /appears twice/);
    const weak = {
      ...document,
      users: [{ ...document.users[0], hash: 'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA' }],
    };
    await writeFile(fixture.store.file, JSON.stringify(weak));
    const bad = await createUserStore({ home: fixture.home.path, watch: false }).catch((e: unknown) => e);
    assert.ok(hasErrorCode(bad, 'CORRUPT_FILE'));
    assert.match(bad.message, /users\[0\]\.hash/);
  });

  it('refuses an unknown format version with FORMAT_VERSION', async () => {
    await using home = await createTempHome('isobar-auth-');
    await writeFile(home.resolve('users.json'), JSON.stringify({ version: 2, users: [] }));
    const error = await createUserStore({ home: home.path, watch: false }).catch((e: unknown) => e);
    assert.ok(hasErrorCode(error, 'FORMAT_VERSION'));
    assert.deepEqual(error.details, { file: home.resolve('users.json'), found: 2, expected: 1 });
  });

  it('reads a file written by another store (the offline CLI) and picks up its edits before changing it', async () => {
    await using fixture = await openStore();
    await fixture.store.add({ user: 'a', password: PASSWORD, roles: ['viewer'] });
    const offline = await createUserStore({ home: fixture.home.path, watch: false });
    await offline.add({ user: 'b', password: PASSWORD, roles: ['viewer'] });
    offline.close();
    // The first store did not watch; its next change must not drop b.
    await fixture.store.add({ user: 'c', password: PASSWORD, roles: ['viewer'] });
    assert.deepEqual(
      fixture.store.list().map((u) => u.user),
      ['a', 'b', 'c'],
    );
  });
});

describe('user store: operations', () => {
  it('adds, lists (never hashes), gets, verifies, changes passwords and deletes', async () => {
    await using fixture = await openStore();
    const { store } = fixture;
    const added = await store.add({ user: 'ops', password: PASSWORD, roles: ['operator', 'viewer'], suites: ['s'] });
    assert.deepEqual(added, { user: 'ops', roles: ['viewer', 'operator'], suites: ['s'] });
    await store.add({ user: 'admin', password: PASSWORD, roles: ['admin'] });
    assert.deepEqual(store.list(), [
      { user: 'admin', roles: ['admin'] },
      { user: 'ops', roles: ['viewer', 'operator'], suites: ['s'] },
    ]);
    assert.ok(!JSON.stringify(store.list()).includes('scrypt'));
    assert.deepEqual(store.get('ops'), added);
    assert.equal(store.get('nobody'), undefined);
    assert.deepEqual(await store.verify('ops', PASSWORD), added);
    assert.equal(await store.verify('ops', 'wrong password'), undefined);
    assert.equal(await store.verify('nobody', PASSWORD), undefined);
    await store.passwd('ops', 'a new password');
    assert.equal(await store.verify('ops', PASSWORD), undefined);
    assert.ok(await store.verify('ops', 'a new password'));
    await store.delete('ops');
    assert.equal(store.get('ops'), undefined);
    assert.equal(await store.verify('ops', 'a new password'), undefined);
  });

  it('refuses a duplicate name with ALREADY_EXISTS and unknown users with NOT_FOUND', async () => {
    await using fixture = await openStore();
    const { store } = fixture;
    await store.add({ user: 'ops', password: PASSWORD, roles: ['operator'] });
    assert.equal(
      await codeOf(() => store.add({ user: 'ops', password: PASSWORD, roles: ['viewer'] })),
      'ALREADY_EXISTS',
    );
    assert.equal(await codeOf(() => store.delete('nobody')), 'NOT_FOUND');
    assert.equal(await codeOf(() => store.passwd('nobody', PASSWORD)), 'NOT_FOUND');
    assert.equal(await codeOf(() => store.update('nobody', { roles: ['admin'] })), 'NOT_FOUND');
  });

  it('updates roles and removes a suite restriction with suites: null', async () => {
    await using fixture = await openStore();
    const { store } = fixture;
    await store.add({ user: 'ops', password: PASSWORD, roles: ['operator'], suites: ['s'] });
    assert.deepEqual(await store.update('ops', { roles: ['admin'] }), { user: 'ops', roles: ['admin'], suites: ['s'] });
    assert.deepEqual(await store.update('ops', { suites: null }), { user: 'ops', roles: ['admin'] });
  });

  it('validates names, passwords, roles and suites with INVALID_ARGUMENT naming the field', async () => {
    await using fixture = await openStore({ minPasswordLength: 10 });
    const { store } = fixture;
    const cases: Array<[Parameters<typeof store.add>[0], string, RegExp]> = [
      [{ user: '', password: PASSWORD, roles: ['viewer'] }, 'user', /user: must be a non-empty string/],
      [{ user: 'a b', password: PASSWORD, roles: ['viewer'] }, 'user', /user: may contain only letters/],
      [{ user: 'x'.repeat(129), password: PASSWORD, roles: ['viewer'] }, 'user', /at most 128/],
      [{ user: 'ok', password: 'short', roles: ['viewer'] }, 'password', /password: must be at least 10 characters/],
      [{ user: 'ok', password: PASSWORD, roles: [] }, 'roles', /roles: must be a non-empty list/],
      [{ user: 'ok', password: PASSWORD, roles: ['root' as 'admin'] }, 'roles', /unknown role "root"/],
      [
        { user: 'ok', password: PASSWORD, roles: ['viewer'], suites: ['/s/f'] },
        'suites',
        /suites: "\/s\/f" is not a suite/,
      ],
    ];
    for (const [input, field, message] of cases) {
      const error = await store.add(input).catch((e: unknown) => e);
      assert.ok(hasErrorCode(error, 'INVALID_ARGUMENT'), `expected INVALID_ARGUMENT for ${field}`);
      assert.equal(error.details?.['field'], field);
      assert.match(error.message, message);
    }
    const error = await store.passwd('ok', 'tiny').catch((e: unknown) => e);
    assert.ok(hasErrorCode(error, 'INVALID_ARGUMENT'));
    assert.equal(error.details?.['field'], 'password');
    assert.equal(store.exists, false);
  });

  it('reports every bad option at once with CONFIG_ERROR', async () => {
    const error = await createUserStore({
      home: '',
      debounceMs: -1,
      minPasswordLength: 0,
      scrypt: { N: 1024, r: 8, p: 1 },
    }).catch((e: unknown) => e);
    assert.ok(hasErrorCode(error, 'CONFIG_ERROR'));
    const problems = error.details?.['problems'] as string[];
    assert.equal(problems.length, 4);
    assert.match(problems.join('\n'), /home.*\n.*debounceMs.*\n.*minPasswordLength.*\n.*scrypt: N/);
  });
});

describe('user store: reload on change', () => {
  it('reloads when another process replaces the file, and keeps the old users when the new file is corrupt', async () => {
    await using fixture = await openStore({ watch: true, debounceMs: 20 });
    const { store } = fixture;
    await store.add({ user: 'a', password: PASSWORD, roles: ['viewer'] });
    const offline = await createUserStore({ home: fixture.home.path, watch: false });
    const added = store.nextReload();
    await offline.add({ user: 'b', password: PASSWORD, roles: ['operator'] });
    assert.deepEqual(await keepAliveUntil(added), { ok: true, users: 2, file: store.file });
    assert.deepEqual(store.get('b'), { user: 'b', roles: ['operator'] });

    const failed = store.nextReload();
    await replaceFile(store.file, '{"version":1,"users":[{]}');
    const event = await keepAliveUntil(failed);
    assert.equal(event.ok, false);
    assert.ok(!event.ok && hasErrorCode(event.error, 'CORRUPT_FILE'));
    assert.equal(store.size, 2);
    assert.ok(await store.verify('b', PASSWORD));
    // A corrupt file is never overwritten by a change made through the store.
    assert.equal(await codeOf(() => store.add({ user: 'c', password: PASSWORD, roles: ['viewer'] })), 'CORRUPT_FILE');

    const repaired = store.nextReload();
    offline.close();
    await replaceFile(store.file, JSON.stringify({ version: 1, users: [] }));
    assert.deepEqual(await keepAliveUntil(repaired), { ok: true, users: 0, file: store.file });
    assert.equal(store.get('a'), undefined);
  });

  it('keeps its users when the file is removed, and writes them all back on the next change', async () => {
    await using fixture = await openStore({ watch: true, debounceMs: 20 });
    const { store } = fixture;
    await store.add({ user: 'a', password: PASSWORD, roles: ['viewer'] });
    const removed = store.nextReload();
    await rm(store.file);
    const event = await keepAliveUntil(removed);
    assert.ok(!event.ok && hasErrorCode(event.error, 'CORRUPT_FILE'));
    assert.match(event.error.message, /removed/);
    assert.deepEqual(store.get('a'), { user: 'a', roles: ['viewer'] });
    await store.add({ user: 'b', password: PASSWORD, roles: ['viewer'] });
    assert.deepEqual(
      (await readJson(store.file)).users.map((user) => user['user']),
      ['a', 'b'],
    );
    assert.equal(await modeOf(store.file), 0o600);
  });
});
