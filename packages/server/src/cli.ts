// The command line of `isobar-server` (yargs): the server command (default), `init`, `users` and
// `import-ecflow`. Handlers only translate arguments; the work is in serve.ts, init-home.ts, users-command.ts and
// import-ecflow.ts.
import yargs, { type Argv, type Options } from 'yargs';
import { ISOBAR_VERSION, type UserRole } from '@isobar/protocol';
import { ADD_OPTIONS, HOME_OPTION, INIT_OPTIONS, PASSWORD_OPTIONS, SERVER_OPTIONS } from './cli-options.js';
import { EXIT, describeError, exitCodeOf, usageError } from './launcher-errors.js';
import { parsePort, resolveHome, resolveLauncherOptions, type LauncherFlags } from './launcher-options.js';
import { runServer, type ServeProcess } from './serve.js';
import { createServerLog } from './server-log.js';
import { runUsersCommand, type UsersCommand } from './users-command.js';

/** Flags of `import-ecflow`. */
const IMPORT_OPTIONS: Readonly<Record<string, Options>> = {
  ...HOME_OPTION,
  force: { type: 'boolean', describe: 'Replace the state the home holds (moved to pre-import-<time>/)' },
};

/** The process around the CLI: environment, output, signals. `bin.ts` passes the real ones. */
export interface CliProcess extends ServeProcess {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: ServeProcess['stdout'] & { write(text: string): boolean };
  readonly stderr: { write(text: string): boolean };
}

type Args = Record<string, unknown>;

const NOT_YET: Readonly<Record<string, string>> = {
  rest: 'REST bridge',
  udp: 'UDP bridge',
};

/** Kebab-case flags → {@link LauncherFlags} (camel-case expansion is off, so unknown flags are named once). */
function toLauncherFlags(argv: Args): LauncherFlags {
  const text = (name: string): string | undefined => (typeof argv[name] === 'string' ? argv[name] : undefined);
  const flag = (name: string): boolean | undefined => (typeof argv[name] === 'boolean' ? argv[name] : undefined);
  return {
    home: text('home'),
    port: text('port'),
    bind: text('bind'),
    config: text('config'),
    tlsCert: text('tls-cert'),
    tlsKey: text('tls-key'),
    tlsCa: text('tls-ca'),
    requireClientCert: flag('require-client-cert'),
    accessLog: text('access-log'),
    accessLogFormat: text('access-log-format'),
    logLevel: text('log-level'),
    logFile: text('log-file'),
    halted: flag('halted'),
    checkpoint: text('checkpoint'),
    jobPort: text('job-port'),
    jobBind: text('job-bind'),
    dev: flag('dev'),
  };
}

async function serveCommand(argv: Args, proc: CliProcess): Promise<number> {
  for (const [flag, what] of Object.entries(NOT_YET)) {
    if (argv[flag] !== undefined) {
      throw usageError(`--${flag}: not available yet (the in-process ${what} is not part of this release)`);
    }
  }
  const options = await resolveLauncherOptions(toLauncherFlags(argv), proc.env);
  const log = createServerLog({
    level: options.logLevel,
    ...(options.logFile === undefined ? {} : { file: options.logFile }),
  });
  try {
    return await runServer(options, log, proc);
  } catch (error) {
    log.error(`cannot start: ${describeError(error)}`, { error });
    throw error;
  } finally {
    await log.close();
  }
}

async function importEcflowCommand(argv: Args, proc: CliProcess): Promise<number> {
  const file = typeof argv['file'] === 'string' ? argv['file'] : '';
  if (file === '') throw usageError('import-ecflow: name the ecFlow checkpoint file (FILE.check)');
  const home = resolveHome(argv, proc.env);
  const { importEcflowCheckpoint, formatImportSummary } = await import('./import-ecflow.js');
  const result = await importEcflowCheckpoint({ home, file, force: argv['force'] === true });
  proc.stdout.write(formatImportSummary(result, home));
  return EXIT.ok;
}

async function initCommand(argv: Args, proc: CliProcess): Promise<number> {
  const port = typeof argv['port'] === 'string' ? parsePort(argv['port'], '--port') : undefined;
  // Loaded here: the X.509 code is only needed by init, not at every server start.
  const { initHome } = await import('./init-home.js');
  const result = await initHome({
    home: resolveHome(argv, proc.env),
    force: argv['force'] === true,
    tls: argv['tls'] === true,
    env: proc.env,
    ...(port === undefined ? {} : { port }),
  });
  const { layout } = result;
  const lines = [
    `Created server home ${layout.home}`,
    `  config       ${layout.config}`,
    `  users        ${layout.users} (user admin, role admin)`,
    `  local CA     ${layout.caCert}`,
    `  certificate  ${layout.serverCert} (${result.altNames.join(', ')})`,
    `  credentials  ${result.credentialsFile} (for ${result.url})`,
    '',
    `Password of admin (shown only this once): ${result.adminPassword}`,
  ];
  proc.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

function usersCommandOf(action: UsersCommand['action'], argv: Args): UsersCommand {
  const user = String(argv['user']);
  const password = {
    ...(typeof argv['password'] === 'string' ? { password: argv['password'] } : {}),
    passwordStdin: argv['password-stdin'] === true,
  };
  switch (action) {
    case 'list':
      return { action, json: argv['json'] === true };
    case 'delete':
      return { action, user };
    case 'add': {
      const roles = (argv['role'] as UserRole[] | undefined) ?? ['viewer'];
      const suites = argv['suite'] as string[] | undefined;
      return { action, user, roles, ...(suites === undefined ? {} : { suites }), ...password };
    }
    case 'passwd':
    case 'verify':
      return { action, user, ...password };
  }
}

/** Each users command: action, yargs command, description, example. */
const USERS_ACTIONS: readonly (readonly [UsersCommand['action'], string, string, string])[] = [
  [
    'add',
    'add <user>',
    'Add a user (password from --password, --password-stdin or a prompt)',
    '$0 users add ops --role operator --suite s1 --password-stdin --home /srv/isobar < pw.txt',
  ],
  ['list', 'list', 'List the users, their roles and suites', '$0 users list --json --home /srv/isobar'],
  ['delete', 'delete <user>', 'Delete a user (their sessions end)', '$0 users delete ops --home /srv/isobar'],
  ['passwd', 'passwd <user>', "Set a user's password (their sessions end)", '$0 users passwd ops --home /srv/isobar'],
  [
    'verify',
    'verify <user>',
    'Check a password; exits 1 when it is wrong',
    '$0 users verify ops --password-stdin --home /srv/isobar < pw.txt',
  ],
];

function usersSubcommand(sub: Argv, action: UsersCommand['action'], example: string): Argv {
  const withUser = action === 'list' ? sub : sub.positional('user', { type: 'string', describe: 'User name' });
  const withExample = withUser.example(example, '');
  if (action === 'list') return withExample.option('json', { type: 'boolean', describe: 'Print one JSON array' });
  if (action === 'delete') return withExample;
  const withPassword = withExample.options(PASSWORD_OPTIONS);
  return action === 'add' ? withPassword.options(ADD_OPTIONS) : withPassword;
}

function usersBuilder(y: Argv, run: (job: Promise<number>) => void, proc: CliProcess): Argv {
  let out = y.options(HOME_OPTION);
  const output = { out: (line: string) => void proc.stdout.write(`${line}\n`) };
  for (const [action, command, describe, example] of USERS_ACTIONS) {
    out = out.command(
      command,
      describe,
      (sub) => usersSubcommand(sub, action, example),
      (argv) =>
        run(runUsersCommand(resolveHome(argv as { home?: string }, proc.env), usersCommandOf(action, argv), output)),
    );
  }
  return out
    .demandCommand(1, 'name a users command: add, list, delete, passwd or verify')
    .example('$0 users add ops --role operator --home /srv/isobar', 'add an operator (asks for the password)')
    .example('$0 users list --home /srv/isobar', 'list the users');
}

function buildParser(argv: readonly string[], proc: CliProcess, run: (job: Promise<number>) => void): Argv {
  return yargs([...argv])
    .scriptName('isobar-server')
    .version(ISOBAR_VERSION)
    .parserConfiguration({ 'camel-case-expansion': false })
    .strict()
    .exitProcess(false)
    .wrap(Math.min(120, process.stdout.columns ?? 100))
    .fail((message, error) => {
      throw error ?? usageError(message);
    })
    .command(
      '$0',
      'Run the Isobar server',
      (y) =>
        y
          .options(SERVER_OPTIONS)
          .example(
            '$0 --home /srv/isobar --port 3141 --access-log /srv/isobar/log/access.log',
            'run with an access log',
          )
          .example('$0 --port 0 --home ./isobar-home', 'run on a free port (see run/server.json)'),
      (args) => run(serveCommand(args, proc)),
    )
    .command(
      'init',
      'Create a server home: config, users file with an admin, local CA and server certificate',
      (y) =>
        y.options(INIT_OPTIONS).example('$0 init --home /srv/isobar', 'create a home; prints the admin password once'),
      (args) => run(initCommand(args, proc)),
    )
    .command(
      'import-ecflow <file>',
      "Take over an ecFlow server's suites from its checkpoint file, with their states and values",
      (y) =>
        y
          .positional('file', { type: 'string', describe: 'The ecFlow checkpoint (<host>.<port>.ecf.check)' })
          .options(IMPORT_OPTIONS)
          .example(
            '$0 import-ecflow --home /srv/isobar /srv/ecflow/vm.3141.ecf.check',
            'import, then start the server',
          ),
      (args) => run(importEcflowCommand(args, proc)),
    )
    .command('users', 'Manage the users file offline (a running server reloads it)', (y) => usersBuilder(y, run, proc));
}

/**
 * Runs `isobar-server` with `argv` (without the node and script names) and resolves with the exit code:
 * 0 ok, 1 run-time failure, 2 usage error. Errors are printed as one line on stderr.
 *
 * @example
 * ```ts
 * process.exit(await main(process.argv.slice(2), { env: process.env, stdout: process.stdout, … }));
 * ```
 */
export async function main(argv: readonly string[], proc: CliProcess): Promise<number> {
  let job: Promise<number> | undefined;
  try {
    const run = (started: Promise<number>): void => {
      job = started;
      // Marked handled now; the rejection is still seen by the await below.
      started.catch(() => undefined);
    };
    await buildParser(argv, proc, run).parseAsync();
    return job === undefined ? EXIT.ok : await job;
  } catch (error) {
    proc.stderr.write(`isobar-server: ${describeError(error)}\n`);
    return exitCodeOf(error);
  }
}
