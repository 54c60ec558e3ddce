// The full `isobar` program (yargs), loaded by bin.ts for every command but the fast ones.
import yargs, { type Argv, type CommandModule } from 'yargs';
import { ISOBAR_VERSION } from '@isobar/protocol';
import { ALL_COMMANDS } from './commands/index.js';
import { createContext, type CommandContext } from './context.js';
import type { CommandArgs, CommandSpec } from './define-command.js';
import { CliUsageError, EXIT } from './errors.js';
import type { CliIo } from './io.js';
import { reportError } from './report-error.js';
import type { GlobalFlags } from './settings.js';

/** Wraps what a handler threw, so that anything else thrown by yargs is known to be a usage error. */
class HandlerFailure extends Error {
  constructor(readonly failure: unknown) {
    super('command failed');
    this.name = 'HandlerFailure';
  }
}

function checkNumbers(args: CommandArgs): void {
  const port = args['port'];
  if (port !== undefined && !(typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new CliUsageError(
      `--port must be a TCP port (1-65535), got ${typeof port === 'number' ? port : JSON.stringify(port)}`,
    );
  }
  const timeout = args['timeout'];
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0)) {
    throw new CliUsageError(
      `--timeout must be a positive number of seconds, got ${typeof timeout === 'number' ? timeout : JSON.stringify(timeout)}`,
    );
  }
}

function globalFlags(args: CommandArgs): GlobalFlags {
  checkNumbers(args);
  // A flag given twice arrives as an array: the last one wins, as with every other CLI.
  const text = (name: string): string | undefined => {
    const value = Array.isArray(args[name]) ? (args[name] as unknown[]).at(-1) : args[name];
    return typeof value === 'string' ? value : undefined;
  };
  const port = args['port'];
  return {
    url: text('url'),
    host: text('host'),
    port: typeof port === 'number' || typeof port === 'string' ? port : undefined,
    user: text('user'),
    password: text('password'),
    token: text('token'),
    ca: text('ca'),
    insecure: args['insecure'] === true,
    json: args['json'] === true,
    timeout: typeof args['timeout'] === 'number' ? args['timeout'] : undefined,
    debug: args['debug'] === true,
    yes: args['yes'] === true,
  };
}

function toModule(spec: CommandSpec, io: CliIo): CommandModule {
  return {
    command: spec.command,
    describe: spec.describe,
    builder: (y: Argv) => {
      let built = spec.builder ? spec.builder(y) : y;
      if (spec.destructive === true) {
        built = built.option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask for confirmation' });
      }
      for (const [line, what] of spec.examples ?? []) built = built.example(line, what);
      if (spec.subcommands !== undefined) {
        for (const sub of spec.subcommands) built = built.command(toModule(sub, io));
        if (spec.run === undefined)
          built = built.demandCommand(1, `name a subcommand of ${spec.command.split(' ')[0] ?? ''}`);
      }
      return built;
    },
    handler: async (argv) => {
      if (spec.run === undefined) return;
      const args = argv as CommandArgs;
      let context: CommandContext | undefined;
      try {
        context = createContext(globalFlags(args), io);
        await spec.run(args, context);
      } catch (error) {
        throw new HandlerFailure(error);
      } finally {
        context?.close();
      }
    },
  };
}

function buildProgram(args: readonly string[], io: CliIo): Argv {
  let program = yargs([...args])
    .scriptName('isobar')
    .usage("$0 <command> [options]\n\nTalk to an Isobar server (ecflow_client's commands over HTTP/JSON).")
    .option('url', { type: 'string', describe: 'Server URL (env ISOBAR_URL, else ECF_HOST/ECF_PORT)', global: true })
    .option('host', { type: 'string', describe: 'Server host (with --port)', global: true })
    .option('port', { type: 'number', describe: 'Server port', global: true })
    .option('user', { type: 'string', describe: 'User name (env ISOBAR_USER)', global: true })
    .option('password', { type: 'string', describe: 'Password (env ISOBAR_PASSWORD)', global: true })
    .option('token', { type: 'string', describe: 'Bearer token (env ISOBAR_TOKEN)', global: true })
    .option('ca', { type: 'string', describe: 'CA bundle to trust for https (env ISOBAR_CA)', global: true })
    .option('insecure', { type: 'boolean', describe: 'Accept any server certificate', global: true })
    .option('json', { type: 'boolean', describe: 'Print exactly one JSON document', global: true })
    .option('timeout', { type: 'number', describe: 'Seconds allowed per request (default 60)', global: true })
    .option('debug', { type: 'boolean', describe: 'Show stack traces of errors', global: true })
    .group(
      ['url', 'host', 'port', 'user', 'password', 'token', 'ca', 'insecure', 'json', 'timeout', 'debug'],
      'Global options:',
    )
    .epilogue('Exit codes: 0 success, 1 the server said no or could not be reached, 2 usage error.\nDocs: docs/cli.md')
    .version(ISOBAR_VERSION)
    .help()
    .alias('help', 'h')
    .completion('completion', 'Print a bash/zsh completion script (isobar completion >> ~/.bashrc)')
    .demandCommand(1, 'name a command (isobar --help lists them)')
    .recommendCommands()
    .strict()
    .exitProcess(false)
    .fail(false)
    .wrap(Math.min(110, process.stdout.columns ?? 100));
  for (const spec of ALL_COMMANDS) program = program.command(toModule(spec, io));
  return program;
}

/** yargs messages span lines ("Invalid values:\n  Argument: …"); the CLI reports one. */
function oneLine(message: string): string {
  return message.replace(/:?\s*\n\s*/g, ': ').trim();
}

/**
 * Runs the CLI with `args` (argv without node and the script) and returns the exit code. Errors are printed as
 * one line (or one JSON document with --json); only --debug shows a stack.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const json = args.includes('--json');
  const debug = args.includes('--debug');
  try {
    await buildProgram(args, io).parseAsync();
    return EXIT.ok;
  } catch (error) {
    // yargs reports bad arguments by throwing plain errors (fail(false)); handler errors come wrapped.
    const reported =
      error instanceof HandlerFailure
        ? error.failure
        : new CliUsageError(`${oneLine((error as Error).message)} (see isobar --help)`);
    return reportError(reported, io, { json, debug });
  }
}
