// ping, version, login, logout, whoami: the connection and the session.
import { ISOBAR_VERSION } from '@isobar/protocol';
import { credentialsFilePath, updateStoredCredentials } from '../credentials.js';
import { defineCommand } from '../define-command.js';
import { CliError } from '../errors.js';
import { formatPing, pingServer } from '../ping.js';
import { readSecret } from '../prompt.js';

const ping = defineCommand({
  command: 'ping',
  describe: 'Check that the server answers (state, version, round trip)',
  examples: [['isobar ping --url http://host:3141', 'ping another server']],
  async run(_args, context) {
    const result = await pingServer(context.settings());
    context.out.result(result, () => formatPing(result));
  },
});

const version = defineCommand({
  command: 'version',
  describe: 'Versions of this client and of the server',
  examples: [['isobar version --json', '{"client":"0.1.0","server":{…}}']],
  async run(_args, context) {
    const server = await context.client().call<{ version: string; protocolVersion: number; node: string }>('version');
    const value = { client: ISOBAR_VERSION, server };
    context.out.result(value, () =>
      [
        `client  ${ISOBAR_VERSION}`,
        `server  ${server.version} (protocol ${server.protocolVersion}, node ${server.node})`,
      ].join('\n'),
    );
  },
});

const login = defineCommand({
  command: 'login',
  describe: 'Log in and store the token in ~/.config/isobar/credentials.json (0600)',
  examples: [
    ['isobar login --user ops', 'asks for the password on the terminal'],
    ['echo "$PW" | isobar login --user ops', 'password from stdin'],
  ],
  async run(_args, context) {
    const { flags, io } = context;
    const user = flags.user ?? io.env['ISOBAR_USER'];
    if (user === undefined || user === '')
      throw new CliError('login needs a user: pass --user NAME (or set ISOBAR_USER)');
    const password = flags.password ?? io.env['ISOBAR_PASSWORD'] ?? (await readSecret(io, `password for ${user}`));
    const settings = context.settings();
    const result = await context.client().login(user, password);
    const file = updateStoredCredentials(io.env, settings.url, {
      user,
      token: result.token,
      expiresAt: result.expiresAt,
    });
    const value = { url: settings.url, user, roles: result.roles, expiresAt: result.expiresAt, credentialsFile: file };
    context.out.result(
      value,
      () => `logged in to ${settings.url} as ${user} (${result.roles.join(', ')}); token stored in ${file}`,
    );
  },
});

const logout = defineCommand({
  command: 'logout',
  describe: 'End the session and remove the stored token',
  examples: [['isobar logout', 'forget the token of the current server']],
  async run(_args, context) {
    const settings = context.settings();
    let ended = false;
    if (settings.auth.kind === 'bearer') {
      // A session the server already forgot still counts as logged out here.
      ended = await context
        .client()
        .logout()
        .then(() => true)
        .catch(() => false);
    }
    const file = credentialsFilePath(context.io.env);
    if (settings.authSource === 'credentials file' || settings.authSource === 'none') {
      updateStoredCredentials(context.io.env, settings.url, { token: undefined, expiresAt: undefined });
    }
    context.out.result(
      { url: settings.url, loggedOut: true, sessionEnded: ended },
      () => `logged out of ${settings.url} (${file})`,
    );
  },
});

const whoami = defineCommand({
  command: 'whoami',
  describe: 'The user, roles and session expiry the server sees',
  examples: [['isobar whoami', 'e.g. "ops (operator), session until 2026-01-02T11:04:05Z"']],
  async run(_args, context) {
    const value = await context
      .client()
      .call<{ user: string; roles: string[]; suites?: string[]; expiresAt?: string }>('whoami');
    context.out.result(value, () => {
      const suites = value.suites === undefined ? '' : `, suites ${value.suites.join(' ')}`;
      const until = value.expiresAt === undefined ? '' : `, session until ${value.expiresAt}`;
      return `${value.user} (${value.roles.join(', ')})${suites}${until} at ${context.settings().url}`;
    });
  },
});

/** The session commands. */
export const SESSION_COMMANDS = [ping, version, login, logout, whoami];
