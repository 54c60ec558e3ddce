// The launcher's application log: winston, JSON lines when the target is not a terminal (machines read it),
// readable lines on a terminal (people read it). Adapted to the protocol's `Logger` for the libraries.
import type { Writable } from 'node:stream';
import winston from 'winston';
import type { LogFields, LogLevel, Logger } from '@isobar/protocol';
import { ReopenableFile } from './reopenable-file.js';

/** Options of {@link createServerLog}. */
export interface ServerLogOptions {
  /** Lowest level written. @default 'info' */
  readonly level?: LogLevel;
  /** A file to append to instead of `stream`; reopened by {@link ServerLog.reopen}. */
  readonly file?: string;
  /** Where lines go without `file`. @default process.stderr */
  readonly stream?: Writable & { isTTY?: boolean };
  /** Readable lines instead of JSON. @default whether the target is a TTY */
  readonly pretty?: boolean;
}

/** The launcher's log: the protocol `Logger` plus the process concerns. */
export interface ServerLog extends Logger {
  /** Reopens the log file, if any (SIGHUP). */
  reopen(): void;
  /** Writes what is buffered and releases the file. */
  close(): Promise<void>;
}

/** Errors in fields become `{message, code, stack}`: JSON.stringify turns an Error into `{}`. */
const serializeErrors = winston.format((info) => {
  for (const [key, value] of Object.entries(info)) {
    if (value instanceof Error) {
      const code = (value as { code?: unknown }).code;
      info[key] = { message: value.message, ...(code === undefined ? {} : { code }), stack: value.stack };
    }
  }
  return info;
});

function prettyLine(info: winston.Logform.TransformableInfo): string {
  const { level, message, timestamp, ...fields } = info;
  const extra = Object.entries(fields)
    .filter(([key]) => typeof key === 'string')
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${String(timestamp)} ${level} ${String(message)}${extra === '' ? '' : ` ${extra}`}`;
}

function adapt(logger: winston.Logger): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      logger.log(level, message, fields === undefined ? {} : { ...fields });
    };
  return {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    child: (fields) => adapt(logger.child({ ...fields })),
  };
}

/**
 * Creates the server log.
 *
 * @example
 * ```ts
 * const log = createServerLog({ level: 'debug' });
 * log.info('listening on http://127.0.0.1:3141', { url: 'http://127.0.0.1:3141' });
 * process.on('SIGHUP', () => log.reopen());
 * ```
 */
export function createServerLog(options: ServerLogOptions = {}): ServerLog {
  const file = options.file === undefined ? undefined : new ReopenableFile(options.file);
  const stream = file ?? options.stream ?? process.stderr;
  const pretty = options.pretty ?? (file === undefined && (stream as { isTTY?: boolean }).isTTY === true);
  const format = pretty
    ? winston.format.combine(serializeErrors(), winston.format.timestamp(), winston.format.printf(prettyLine))
    : winston.format.combine(serializeErrors(), winston.format.timestamp(), winston.format.json());
  const transport = new winston.transports.Stream({ stream });
  const logger = winston.createLogger({
    level: options.level ?? 'info',
    levels: winston.config.npm.levels,
    format,
    transports: [transport],
  });
  return {
    ...adapt(logger),
    reopen: () => file?.reopen(),
    close: async () => {
      // The logger pipes into its transports asynchronously: end it and wait until the transport has
      // written everything, so the last lines before exit are not lost.
      const drained = new Promise<void>((resolve) => transport.once('finish', () => resolve()));
      logger.end();
      await drained;
      if (file !== undefined) await new Promise<void>((resolve) => file.end(() => resolve()));
    },
  };
}
