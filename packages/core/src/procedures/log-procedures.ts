// `log` and `msg` (ecflow_client --log, --msg) over the server log file.
import type { MethodArgs, MethodResult } from '@isobar/protocol';
import { formatCommandLine, type ServerLogFile } from '../server-log/index.js';
import type { ProcedureContext, ProcedureServices } from './procedure.js';
import { notAvailable, type MethodHandlers } from './procedure-helpers.js';

/** Lines `log get` returns when the call names no count (ecFlow's default). */
const DEFAULT_LOG_LINES = 100;

async function logAction(serverLog: ServerLogFile, args: MethodArgs<'log'>): Promise<MethodResult<'log'>> {
  switch (args.action) {
    case 'get':
      return { path: serverLog.path, lines: await serverLog.tail(args.lines ?? DEFAULT_LOG_LINES) };
    case 'clear':
      await serverLog.clear();
      break;
    case 'flush':
      await serverLog.flush();
      break;
    case 'new':
      await serverLog.newPath(args.path);
      break;
    case 'path':
      break;
  }
  return { path: serverLog.path };
}

function requesterOf(context: ProcedureContext): { user?: string; host?: string } {
  return { user: context.principal?.user, host: context.remote };
}

/**
 * Handlers of `log` and `msg` over `services.serverLog`. Without a server log `log` answers 501 NOT_IMPLEMENTED
 * and `msg` goes to the application logger (as before the server log existed). `msg` writes its own MSG line
 * (`--msg=text :user@host`, ecFlow's line for it), since `msg` changes no state and is not logged as a mutation.
 */
export function logHandlers(services: ProcedureServices): MethodHandlers {
  const { serverLog } = services;
  if (serverLog === undefined) {
    return {
      log: () => {
        throw notAvailable('log', 'a server log (createServer option `serverLog`)');
      },
      msg: (args, context) => {
        context.logger.info(`MSG: ${args.text}`, { user: context.principal?.user });
        return { logged: true };
      },
    };
  }
  return {
    log: (args) => logAction(serverLog, args),
    msg: (args, context) => {
      serverLog.msg(formatCommandLine('msg', args, requesterOf(context)));
      return { logged: true };
    },
  };
}
