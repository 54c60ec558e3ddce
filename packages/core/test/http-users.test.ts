// users.* through the real stack: createServer + createAuthService + the user store in a temp home, called with
// the protocol's RPC client over HTTP.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { createRpcClient, hasErrorCode, type RpcClient } from '@isobar/protocol';
import { createTempHome, type TempHome } from '@isobar/test-utils';
import { createAuthService, createServer, createUserStore, type IsobarServer, type UserStore } from '../src/index.js';

describe('users.* methods backed by the user store', () => {
  let home: TempHome;
  let users: UserStore;
  let server: IsobarServer;
  let url: string;
  const clients: RpcClient[] = [];
  const client = (user: string, password: string): RpcClient => {
    const created = createRpcClient({ urls: [url], auth: { kind: 'login', user, password } });
    clients.push(created);
    return created;
  };

  before(async () => {
    home = await createTempHome('isobar-users-');
    users = await createUserStore({ home: home.path, watch: false });
    await users.add({ user: 'admin', password: 'admin-password', roles: ['admin'] });
    await users.add({ user: 'vera', password: 'viewer-password', roles: ['viewer'] });
    server = createServer({ port: 0, authenticator: createAuthService({ users }), users });
    server.start();
    await server.allowAccess();
    url = server.address()!.url;
  });

  after(async () => {
    for (const each of clients) each.close();
    await server.stop();
    users.close();
    await home.remove();
  });

  it('lets an admin add, list, verify, change and delete users, keeping users.json at 0600', async () => {
    const admin = client('admin', 'admin-password');
    const added = await admin.call('users.add', {
      user: 'ops',
      password: 'ops-password',
      roles: ['operator'],
      suites: ['s'],
    });
    assert.deepEqual(added, { user: 'ops', roles: ['operator'], suites: ['s'] });
    const listed = await admin.call<{ users: { user: string }[] }>('users.list', {});
    assert.deepEqual(listed.users.map((u) => u.user).sort(), ['admin', 'ops', 'vera']);
    assert.deepEqual(await admin.call('users.verify', { user: 'ops', password: 'ops-password' }), { valid: true });
    assert.deepEqual(await admin.call('users.verify', { user: 'ops', password: 'wrong-password' }), { valid: false });
    assert.deepEqual(await admin.call('users.passwd', { user: 'ops', password: 'new-ops-password' }), {
      changed: true,
    });
    assert.deepEqual(
      await client('ops', 'new-ops-password')
        .call<{ user: string }>('whoami', {})
        .then((w) => w.user),
      'ops',
    );
    assert.equal(statSync(home.resolve('users.json')).mode & 0o777, 0o600);
    assert.deepEqual(await admin.call('users.delete', { user: 'ops' }), { deleted: true });
    const missing = await admin.call('users.delete', { user: 'ops' }).catch((e: unknown) => e);
    assert.ok(hasErrorCode(missing, 'NOT_FOUND'), String(missing));
    const duplicate = await admin
      .call('users.add', { user: 'vera', password: 'x-password', roles: ['viewer'] })
      .catch((e: unknown) => e);
    assert.ok(hasErrorCode(duplicate, 'ALREADY_EXISTS'), String(duplicate));
  });

  it('refuses user administration to a viewer', async () => {
    const refused = await client('vera', 'viewer-password')
      .call('users.list', {})
      .catch((e: unknown) => e);
    assert.ok(hasErrorCode(refused, 'FORBIDDEN'), String(refused));
  });

  it('answers NOT_IMPLEMENTED when the server has no user store', async () => {
    const bare = createServer({ port: 0 });
    bare.start();
    await bare.allowAccess();
    const rpc = createRpcClient({ urls: [bare.address()!.url] });
    try {
      const error = await rpc.call('users.list', {}).catch((e: unknown) => e);
      assert.ok(hasErrorCode(error, 'NOT_IMPLEMENTED'), String(error));
    } finally {
      rpc.close();
      await bare.stop();
    }
  });
});
