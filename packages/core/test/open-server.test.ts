// A server opened on a home runs real jobs (share/head.h, isobar-child, tail.h), journals every acknowledged
// change, serves kill/status/file/checkpoint, refuses files outside its roots, fails a command it cannot make
// durable with 507 and keeps serving, and comes back with its state after a stop.
import assert from 'node:assert/strict';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTempHome, type TempHome } from '@isobar/test-utils';
import { openServer, SHARE_DIR, type FaultHook, type OpenedServer, type OpenServerOptions } from '../src/index.js';
import { rawRequest, rpc } from './http-helpers.js';

const SUITE = (home: string) => `suite s
  edit ECF_HOME '${home}'
  edit ECF_INCLUDE '${SHARE_DIR}'
  edit ECF_TRIES '1'
  family f
    task a
      event go
      meter m 0 10
    task b
      trigger a == complete
  endfamily
  task long
    edit ECF_KILL_CMD 'kill -15 %ECF_RID%; pkill -15 -P %ECF_RID%'
endsuite
`;

const SCRIPTS: Record<string, string> = {
  's/f/a.ecf':
    '%include <head.h>\nisobar-child --event=go\nisobar-child --meter=m 7\necho hello from %TASK%\n%include <tail.h>\n',
  's/f/b.ecf': '%include <head.h>\necho b ran\n%include <tail.h>\n',
  's/long.ecf': '%include <head.h>\nsleep 30 &\nwait\n%include <tail.h>\n',
};

async function writeScripts(home: string): Promise<void> {
  for (const [file, text] of Object.entries(SCRIPTS)) {
    await mkdir(join(home, file, '..'), { recursive: true });
    await writeFile(join(home, file), text);
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function open(
  home: string,
  faults?: FaultHook,
  extra: Partial<OpenServerOptions> = {},
): Promise<{ server: OpenedServer; url: string }> {
  const server = await openServer({
    home,
    port: 0,
    // A job whose server is gone gives up after 15 s instead of retrying for ECF_TIMEOUT's day.
    jobs: { env: { ...process.env, ISOBAR_CHILD_TIMEOUT: '15' } },
    persistence: faults === undefined ? { checkpoint: 'never' } : { checkpoint: 'never', faults },
    ...extra,
  });
  server.start();
  await server.allowAccess();
  return { server, url: server.address()?.url ?? '' };
}

const stateOf = async (url: string, path: string): Promise<string> =>
  String((await rpc(url, 'query', { args: { kind: 'state', path } })).json?.value?.value);

describe('openServer: a server with a home', () => {
  const servers: OpenedServer[] = [];
  let temp: TempHome;
  before(async () => {
    temp = await createTempHome('isobar-open-server-');
  });
  after(async () => {
    for (const server of servers) await server.stop().catch(() => undefined);
    await temp.remove();
  });

  it('runs real jobs, kills one, shows its files, checkpoints and recovers after a stop', async () => {
    const home = temp.path;
    await writeScripts(home);
    let { server, url } = await open(home);
    servers.push(server);
    assert.equal((await rpc(url, 'load', { args: { text: SUITE(home) } })).status, 200);
    assert.equal((await rpc(url, 'begin', { args: {} })).status, 200);
    await waitFor('b complete', async () => ((await stateOf(url, '/s/f/b')) === 'complete' ? true : undefined));
    assert.equal(await stateOf(url, '/s/f/a'), 'complete');
    const out = await rpc(url, 'file', { args: { path: '/s/f/a', kind: 'jobout' } });
    assert.equal(out.status, 200, out.text);
    assert.match(out.json.value.text, /hello from a/);
    const script = await rpc(url, 'file', { args: { path: '/s/f/b', kind: 'script' } });
    assert.match(script.json.value.text, /echo b ran/);

    // Kill only once the job's traps are set (head.h installs them after --init, as ecFlow's tutorial does).
    await waitFor('long waiting', async () => {
      const reply = await rpc(url, 'file', { args: { path: '/s/long', kind: 'jobout' } });
      return reply.status === 200 && String(reply.json.value.text).includes('+ wait') ? true : undefined;
    });
    assert.equal((await rpc(url, 'kill', { args: { paths: ['/s/long'] } })).status, 200);
    await waitFor('long aborted', async () => ((await stateOf(url, '/s/long')) === 'aborted' ? true : undefined));

    const checkpoint = await rpc(url, 'checkpoint', { args: {} });
    assert.equal(checkpoint.status, 200, checkpoint.text);
    assert.equal(checkpoint.json.value.file, join(home, 'checkpoint'));
    const statsReply = await rpc(url, 'stats', { args: {} });
    assert.equal(statsReply.status, 200, statsReply.text);
    const stats = statsReply.json.value;
    assert.ok(stats.counters.jobsSubmitted >= 3, JSON.stringify(stats));
    assert.ok(stats.checkpoint.lastAt !== undefined);

    // A change after the checkpoint lives only in the journal until the next one: a copy of the home taken right
    // after the reply is what a crash would leave, and must hold it.
    const altered = await rpc(url, 'alter', {
      args: { action: 'add', paths: ['/s'], type: 'variable', name: 'AFTER', value: '1' },
    });
    assert.equal(altered.status, 200, altered.text);
    const crashImage = join(home, '..', `${basename(home)}-crash`);
    await cp(home, crashImage, { recursive: true });
    await server.stop();
    const crashed = await open(crashImage);
    servers.push(crashed.server);
    assert.ok(crashed.server.recovery.replayed > 0, 'the alter came back from the journal');
    const replayed = await rpc(crashed.url, 'query', { args: { kind: 'variable', path: '/s', name: 'AFTER' } });
    assert.equal(replayed.json?.value?.value, '1', replayed.text);
    await crashed.server.stop();
    await rm(crashImage, { recursive: true, force: true });

    ({ server, url } = await open(home));
    servers.push(server);
    assert.equal(server.recovery.checkpoint, join(home, 'checkpoint'));
    assert.equal(await stateOf(url, '/s/f/b'), 'complete');
    assert.equal(await stateOf(url, '/s/long'), 'aborted');
    const variable = await rpc(url, 'query', { args: { kind: 'variable', path: '/s', name: 'AFTER' } });
    assert.equal(variable.json?.value?.value, '1', variable.text);
    await server.stop();
  });

  it('refuses a file outside the home and the configured roots', async () => {
    const home = join(temp.path, 'confined');
    await mkdir(home, { recursive: true });
    const { server, url } = await open(home);
    servers.push(server);
    const defs = `suite c\n  edit ECF_HOME '${home}'\n  edit ECF_OUT '/etc'\n  task t\n    defstatus complete\nendsuite\n`;
    assert.equal((await rpc(url, 'load', { args: { text: defs } })).status, 200);
    const reply = await rpc(url, 'file', { args: { path: '/c/t', kind: 'jobout' } });
    assert.equal(reply.status, 403, reply.text);
    assert.equal(reply.json.error.code, 'FORBIDDEN');
    await server.stop();
  });

  it('answers 507 when a change cannot be made durable, keeps serving reads and recovers', async () => {
    const home = join(temp.path, 'full');
    await mkdir(home, { recursive: true });
    let diskFull = false;
    const faults: FaultHook = (point) => {
      if (diskFull && point === 'journal.beforeWrite')
        throw Object.assign(new Error('no space left'), { code: 'ENOSPC' });
    };
    const { server, url } = await open(home, faults);
    servers.push(server);
    const defs = `suite d\n  task t\n    defstatus complete\nendsuite\n`;
    assert.equal((await rpc(url, 'load', { args: { text: defs } })).status, 200);
    diskFull = true;
    const refused = await rpc(url, 'suspend', { args: { paths: ['/d'] } });
    assert.equal(refused.status, 507, refused.text);
    assert.equal(refused.json.error.code, 'STORAGE_FAILED');
    assert.equal((await rpc(url, 'ping', { args: {} })).status, 200);
    assert.equal((await rpc(url, 'get', { args: { path: '/d' } })).status, 200);
    diskFull = false;
    assert.equal((await rpc(url, 'resume', { args: { paths: ['/d'] } })).status, 200);
    await server.stop();
    const reopened = await open(home);
    servers.push(reopened.server);
    // Both changes reached the journal once the disk had room: the suspend, then the resume.
    assert.ok(reopened.server.recovery.seq >= server.engine.log.seq);
    await reopened.server.stop();
  });

  it('gives jobs the job listener, which serves child commands only', async () => {
    const home = join(temp.path, 'job-listener');
    await writeScripts(home);
    const { server, url } = await open(home, undefined, { jobListener: { port: 0 } });
    servers.push(server);
    const jobUrl = server.jobAddress()?.url ?? '';
    assert.notEqual(jobUrl, url);
    const only = `suite s\n  edit ECF_HOME '${home}'\n  edit ECF_INCLUDE '${SHARE_DIR}'\n  family f\n    task a\n      event go\n      meter m 0 10\n  endfamily\nendsuite\n`;
    assert.equal((await rpc(url, 'load', { args: { text: only } })).status, 200);
    assert.equal((await rpc(jobUrl, 'load', { args: { text: only } })).json.error.code, 'UNKNOWN_METHOD');
    assert.equal((await rpc(jobUrl, 'ping', { args: {} })).status, 200);
    const events = await rawRequest(jobUrl, { method: 'GET', path: '/v1/events' });
    assert.equal(events.status, 404);
    const port = await rpc(url, 'query', { args: { kind: 'variable', path: '/s/f/a', name: 'ECF_PORT' } });
    assert.equal(String(port.json.value.value), String(server.jobAddress()?.port));
    assert.equal((await rpc(url, 'begin', { args: {} })).status, 200);
    await waitFor('a complete', async () => ((await stateOf(url, '/s/f/a')) === 'complete' ? true : undefined));
    await server.stop();
  });

  it('restores the last checkpoint into a HALTED server without suites, states included', async () => {
    const home = join(temp.path, 'restore');
    await mkdir(home, { recursive: true });
    const { server, url } = await open(home);
    servers.push(server);
    const defs = `suite r\n  task t\n  task u\nendsuite\n`;
    assert.equal((await rpc(url, 'load', { args: { text: defs } })).status, 200);
    assert.equal((await rpc(url, 'force', { args: { paths: ['/r/t'], to: 'complete' } })).status, 200);
    assert.equal((await rpc(url, 'checkpoint', { args: {} })).status, 200);
    const running = await rpc(url, 'restoreFromCheckpoint', { args: {} });
    assert.equal(running.json.error.code, 'WRONG_STATE', running.text);
    assert.equal((await rpc(url, 'halt', { args: {} })).status, 200);
    const holding = await rpc(url, 'restoreFromCheckpoint', { args: {} });
    assert.equal(holding.json.error.code, 'WRONG_STATE', holding.text);
    assert.equal((await rpc(url, 'delete', { args: { paths: ['/r'], force: true } })).status, 200);
    const restored = await rpc(url, 'restoreFromCheckpoint', { args: {} });
    assert.equal(restored.status, 200, restored.text);
    assert.equal(await stateOf(url, '/r/t'), 'complete');
    await server.stop();
  });

  it('schedules a recovered suite: a family trigger that becomes true after a restart starts its tasks', async () => {
    const home = join(temp.path, 'recovered-trigger');
    await mkdir(home, { recursive: true });
    const defs = `suite w\n  event go\n  family f\n    trigger /w:go\n    task t\n  endfamily\nendsuite\n`;
    const first = await open(home, undefined, { jobs: false });
    servers.push(first.server);
    assert.equal((await rpc(first.url, 'load', { args: { text: defs } })).status, 200);
    assert.equal((await rpc(first.url, 'begin', { args: {} })).status, 200);
    await first.server.stop();
    const second = await open(home, undefined, { jobs: false });
    servers.push(second.server);
    assert.equal((await rpc(second.url, 'force', { args: { paths: ['/w:go'], to: 'set' } })).status, 200);
    await waitFor('t submitted', async () =>
      (await stateOf(second.url, '/w/f/t')) === 'submitted' ? true : undefined,
    );
    await second.server.stop();
  });

  it('submits again, under a new try number, a job a crash left submitted before it started', async () => {
    const home = join(temp.path, 'lost-job');
    await writeScripts(home);
    const defs = `suite s\n  edit ECF_HOME '${home}'\n  edit ECF_INCLUDE '${SHARE_DIR}'\n  family f\n    task b\n  endfamily\nendsuite\n`;
    // Without a job runner the task is journaled as submitted and no job starts: what a crash right after the
    // journal write leaves behind.
    const first = await open(home, undefined, { jobs: false });
    servers.push(first.server);
    assert.equal((await rpc(first.url, 'load', { args: { text: defs } })).status, 200);
    assert.equal((await rpc(first.url, 'begin', { args: {} })).status, 200);
    assert.equal(await stateOf(first.url, '/s/f/b'), 'submitted');
    await first.server.stop();
    const second = await open(home);
    servers.push(second.server);
    await waitFor('b complete', async () => ((await stateOf(second.url, '/s/f/b')) === 'complete' ? true : undefined));
    const tree = await rpc(second.url, 'tree', { args: { path: '/s/f/b' } });
    assert.equal(tree.json.value.nodes[0].tryNo, 2, tree.text);
    await second.server.stop();
  });
});
