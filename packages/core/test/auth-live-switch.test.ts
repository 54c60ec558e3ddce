// A server started before users.json exists (the launcher's set-up: an auth service with openWithoutUsersFile)
// serves direct loopback requests as the anonymous admin, and requires credentials as soon as the file appears,
// whether another process writes it (isobar-server users add) or an admin adds the first user over RPC.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTempHome, type TempHome } from '@isobar/test-utils';
import { createAuthService, createServer, createUserStore, type IsobarServer, type UserStore } from '../src/index.js';
import { rpc } from './http-helpers.js';

describe('auth: switching to authenticated mode when the users file appears', () => {
  let home: TempHome;
  let users: UserStore;
  let server: IsobarServer;
  let url: string;

  beforeEach(async () => {
    home = await createTempHome('isobar-live-auth-');
    users = await createUserStore({ home: home.path, debounceMs: 10, pollIntervalMs: 100 });
    const authenticator = createAuthService({ users, openWithoutUsersFile: true });
    server = createServer({ port: 0, authenticator, users });
    server.start();
    await server.allowAccess();
    url = server.address()!.url;
  });

  afterEach(async () => {
    await server.stop();
    users.close();
    await home.remove();
  });

  it('serves loopback as the anonymous admin until then, but not a request that came through a proxy', async () => {
    const direct = await rpc(url, 'whoami');
    assert.equal(direct.status, 200);
    assert.equal(direct.json.value.user, 'anonymous');
    const proxied = await rpc(url, 'whoami', { headers: { 'x-forwarded-for': '203.0.113.7' } });
    assert.equal(proxied.status, 401);
    assert.equal(proxied.json.error.code, 'AUTH_REQUIRED');
  });

  it('requires credentials once another process writes the users file, without a restart', async () => {
    assert.equal((await rpc(url, 'whoami')).status, 200);
    // A second store on the same home plays `isobar-server users add` run offline.
    const offline = await createUserStore({ home: home.path, watch: false });
    const reloaded = users.nextReload();
    await offline.add({ user: 'ada', password: 'ada-password-1', roles: ['admin'] });
    offline.close();
    assert.equal((await reloaded).ok, true);
    const anonymous = await rpc(url, 'whoami');
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.json.error.code, 'AUTH_REQUIRED');
    const login = await rpc(url, 'login', { args: { user: 'ada', password: 'ada-password-1' } });
    assert.equal(login.status, 200);
    const who = await rpc(url, 'whoami', { headers: { authorization: `Bearer ${login.json.value.token}` } });
    assert.equal(who.json.value.user, 'ada');
  });

  it('requires credentials once the anonymous admin adds the first user over RPC', async () => {
    const added = await rpc(url, 'users.add', { args: { user: 'bo', password: 'bo-password-12', roles: ['viewer'] } });
    assert.equal(added.status, 200);
    const after = await rpc(url, 'users.list');
    assert.equal(after.status, 401);
    assert.equal(after.json.error.code, 'AUTH_REQUIRED');
  });
});
