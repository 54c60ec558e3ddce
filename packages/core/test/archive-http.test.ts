/* eslint-disable @typescript-eslint/no-explicit-any -- parsed JSON of test replies */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRpcClient, hasErrorCode, type RpcClient } from '@isobar/protocol';
import { flagNames, type IsobarServer } from '../src/index.js';
import { createTokenAuthenticator, startServer } from './http-helpers.js';

const DEF = 'suite s\n  family f\n    task t\n      defstatus complete\n  endfamily\nendsuite\n';

describe('http facility: archive and restore', () => {
  let server: IsobarServer;
  let operator: RpcClient;
  let home: string;

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'isobar-archive-http-'));
    let url: string;
    ({ server, url } = await startServer({
      authenticator: createTokenAuthenticator(),
      engine: { serverVariables: { ECF_HOME: home } },
    }));
    operator = createRpcClient({
      urls: [url],
      retry: { attempts: 1 },
      auth: { kind: 'bearer', token: 'operator-token' },
    });
    await operator.call('load', { text: DEF });
    await operator.call('begin', { suite: 's' });
  });
  after(async () => {
    operator.close();
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('archive answers a sequence number, writes the file and drops the children; restore brings them back', async () => {
    const archived = await operator.call<any>('archive', { paths: ['/s/f'] });
    assert.equal(typeof archived.seq, 'number');
    // The server may set ECF_PORT to its real port (as ecFlow does); ecFlow's default otherwise.
    const port = server.engine.variable('/s/f', 'ECF_PORT')?.value ?? '3141';
    const file = join(home, `${hostname()}.${port}.:s:f.check`);
    assert.ok(existsSync(file), file);
    assert.equal(server.engine.tree.index.has('/s/f/t'), false);
    assert.ok(flagNames(server.engine.node('/s/f').flags).includes('archived'));
    const restored = await operator.call<any>('restore', { paths: ['/s/f'] });
    assert.ok(restored.seq > archived.seq);
    assert.equal(server.engine.tree.index.has('/s/f/t'), true);
    assert.equal(existsSync(file), false);
  });

  it('restoring a node that is not archived is a 409 WRONG_STATE', async () => {
    const error = await operator.call('restore', { paths: ['/s/f'] }).catch((e: unknown) => e);
    assert.ok(hasErrorCode(error, 'WRONG_STATE'), String(error));
  });
});
