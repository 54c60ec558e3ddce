// The server log fed by a real engine (LOG lines for state changes), request lines, and the log/msg procedures.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasErrorCode, noopLogger } from '@isobar/protocol';
import { parseDefs } from '@isobar/protocol/defs';
import { createEngine, type Engine } from '../src/engine/index.js';
import { createCatalogueProcedures, type ProcedureContext, type ProcedureServices } from '../src/procedures/index.js';
import {
  attachServerLog,
  createServerLogFile,
  formatCommandLine,
  parseLogLine,
  teeServerLog,
  type ServerLogFile,
} from '../src/server-log/index.js';
import { createServer } from '../src/index.js';
import { rpc } from './http-helpers.js';

const DEF = `suite s
  family f
    task t
      event e
    task t2
  endfamily
endsuite
`;

async function withEngineLog(work: (engine: Engine, log: ServerLogFile) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'isobar-server-log-'));
  const log = createServerLogFile({ file: join(dir, 'log', 'server.log') });
  const engine = createEngine({});
  engine.load(parseDefs(DEF, { file: 's.def' }));
  const detach = attachServerLog(engine, log);
  try {
    await work(engine, log);
  } finally {
    detach();
    await log.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function texts(log: ServerLogFile, type = 'LOG'): Promise<string[]> {
  await log.flush();
  const lines = (await readFile(log.path, 'utf8')).split('\n').filter((line) => line !== '');
  return lines.map((line) => parseLogLine(line)).flatMap((p) => (p !== undefined && p.type === type ? [p.text] : []));
}

describe('server log of engine state changes', () => {
  it('writes begin, force complete and force aborted as ecFlow LOG lines', async () => {
    await withEngineLog(async (engine, log) => {
      engine.begin('s');
      assert.deepEqual(await texts(log), [' queued: /s', ' queued: /s/f', ' queued: /s/f/t', ' queued: /s/f/t2']);
      engine.force(['/s/f/t'], 'complete');
      engine.force(['/s/f/t2'], 'aborted');
      const after = (await texts(log)).slice(4);
      assert.ok(after.includes(' complete: /s/f/t'), after.join('|'));
      assert.ok(after.includes(' aborted: /s/f/t2 try-no: 0 reason: '), after.join('|'));
      assert.ok(after.includes(' aborted: /s/f'), after.join('|'));
    });
  });

  it('writes nothing for a record that changes other fields but not the state', async () => {
    await withEngineLog(async (engine, log) => {
      engine.begin('s');
      const before = (await texts(log)).length;
      engine.suspend(['/s/f/t']);
      engine.resume(['/s/f/t']);
      engine.force(['/s/f/t:e'], 'set');
      assert.equal((await texts(log)).length, before);
    });
  });

  it('logs a node replaced under the same path as a new node', async () => {
    await withEngineLog(async (engine, log) => {
      engine.begin('s');
      engine.force(['/s/f/t'], 'complete');
      engine.load(parseDefs(DEF, { file: 's.def' }), { force: true });
      engine.begin('s');
      const lines = await texts(log);
      assert.equal(lines.filter((line) => line === ' queued: /s/f/t').length, 2, lines.join('|'));
    });
  });

  it('teeServerLog writes warnings and errors as WAR and ERR lines', async () => {
    await withEngineLog(async (_engine, log) => {
      const logger = teeServerLog(log, noopLogger).child({ component: 'jobs' });
      logger.warn('late', { path: '/s/t' });
      logger.error('submission failed', { error: new Error('exit 127') });
      logger.info('not in the server log');
      assert.deepEqual(await texts(log, 'WAR'), ['late component=jobs path=/s/t']);
      assert.deepEqual(await texts(log, 'ERR'), ['submission failed component=jobs error=exit 127']);
    });
  });
});

describe('request lines', () => {
  it('spells user and child commands as ecFlow logs them and never logs secrets or definitions', () => {
    const ada = { user: 'ada', host: '10.0.0.7' };
    assert.equal(
      formatCommandLine('force', { to: 'complete', paths: ['/s/t'] }, { user: 'ada' }),
      '--force=complete /s/t :ada',
    );
    assert.equal(formatCommandLine('begin', { suite: 's' }, ada), '--begin=s :ada@10.0.0.7');
    assert.equal(
      formatCommandLine('load', { text: 'suite s\nendsuite\n', file: 's.def', force: true }, ada),
      '--load=s.def force :ada@10.0.0.7',
    );
    assert.equal(
      formatCommandLine('requeue', { paths: ['/s/a', '/s/b'], mode: 'abort' }, ada),
      '--requeue abort /s/a /s/b :ada@10.0.0.7',
    );
    assert.equal(
      formatCommandLine(
        'alter',
        { action: 'change', type: 'meter', name: 'm', value: '42', paths: ['/s/t'] },
        { user: 'ada' },
      ),
      '--alter change meter m 42 /s/t :ada',
    );
    assert.equal(formatCommandLine('halt', {}, { user: 'ada' }), '--halt=yes :ada');
    const credentials = { path: '/s/f/t', password: 'secret', rid: '42', tryNo: 1 };
    assert.equal(formatCommandLine('child.init', credentials), 'chd:init /s/f/t');
    assert.equal(formatCommandLine('child.complete', credentials), 'chd:complete /s/f/t');
    assert.equal(formatCommandLine('child.abort', { ...credentials, reason: 'trap' }), 'chd:abort /s/f/t  trap');
    assert.equal(formatCommandLine('child.event', { ...credentials, name: 'e' }), 'chd:event e 1 /s/f/t');
    assert.equal(formatCommandLine('child.meter', { ...credentials, name: 'm', value: 7 }), 'chd:meter m 7 /s/f/t');
    assert.equal(
      formatCommandLine('child.label', { ...credentials, name: 'l', value: 'step 2' }),
      "chd:label l 'step 2' /s/f/t",
    );
    const added = formatCommandLine('users.add', { user: 'ops', password: 'hunter2', roles: ['operator'] }, ada);
    assert.equal(added, '--users.add user=ops roles=["operator"] :ada@10.0.0.7');
    assert.ok(!added.includes('hunter2'));
  });

  it('command writes the MSG line', async () => {
    await withEngineLog(async (_engine, log) => {
      log.command('suspend', { paths: ['/s/f'] }, { user: 'otto' });
      assert.deepEqual(await texts(log, 'MSG'), ['--suspend /s/f :otto']);
    });
  });
});

function contextFor(engine: Engine): ProcedureContext {
  return {
    engine,
    principal: { user: 'otto', roles: ['viewer', 'operator'] },
    token: undefined,
    requestId: 'r1',
    remote: '127.0.0.1',
    logger: noopLogger,
    afterReply: () => undefined,
    authorize: () => undefined,
  };
}

function servicesWith(serverLog: ServerLogFile | undefined): ProcedureServices {
  return {
    authenticator: undefined,
    users: undefined,
    terminate: () => undefined,
    counters: () => ({ requests: 0, errors: 0, childCommands: 0 }),
    startedAt: new Date().toISOString(),
    serverLog,
  };
}

describe('log and msg procedures', () => {
  it('msg writes its MSG line; log get, path, clear and new work on the file', async () => {
    await withEngineLog(async (engine, log) => {
      const procedures = createCatalogueProcedures(engine, servicesWith(log));
      const call = async (name: string, args: unknown): Promise<unknown> => {
        const procedure = procedures.find((p) => p.name === name);
        assert.ok(procedure !== undefined);
        const value: unknown = await procedure.handler(procedure.validateArgs(args), contextFor(engine));
        procedure.validateResult(value);
        return value;
      };
      assert.deepEqual(await call('msg', { text: 'maintenance at noon' }), { logged: true });
      const got = (await call('log', { action: 'get', lines: 1 })) as { path: string; lines: string[] };
      assert.equal(got.path, log.path);
      assert.equal(got.lines.length, 1);
      assert.equal(parseLogLine(got.lines[0] ?? '')?.text, '--msg=maintenance at noon :otto@127.0.0.1');
      assert.deepEqual(await call('log', { action: 'path' }), { path: log.path });
      await call('log', { action: 'clear' });
      assert.deepEqual(await call('log', { action: 'get' }), { path: log.path, lines: [] });
      const other = join(log.path, '..', 'other.log');
      assert.deepEqual(await call('log', { action: 'new', path: other }), { path: other });
      await call('log', { action: 'new' });
    });
  });

  it('without a server log, log answers 501 NOT_IMPLEMENTED through a real server', async () => {
    const server = createServer({ port: 0 });
    server.start();
    await server.allowAccess();
    try {
      const url = server.address()?.url ?? '';
      const reply = await rpc(url, 'log', { args: { action: 'get' } });
      assert.equal(reply.status, 501);
      assert.equal(reply.json.error.code, 'NOT_IMPLEMENTED');
      const msg = await rpc(url, 'msg', { args: { text: 'hello' } });
      assert.equal(msg.status, 200);
      const procedures = createCatalogueProcedures(createEngine({}), servicesWith(undefined));
      const log = procedures.find((p) => p.name === 'log');
      assert.throws(
        () => log?.handler({ action: 'path' }, contextFor(createEngine({}))),
        (e) => hasErrorCode(e, 'NOT_IMPLEMENTED'),
      );
    } finally {
      await server.stop();
    }
  });
});
