// Errors and warnings of the server's components also belong in the server log, as ecFlow's ERR and WAR lines,
// where operators who read ecFlow logs look for them.
import type { LogFields, Logger } from '@isobar/protocol';
import type { ServerLogFile } from './server-log-file.js';

function withFields(message: string, fields: LogFields | undefined): string {
  if (fields === undefined) return message;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const text = value instanceof Error ? value.message : typeof value === 'string' ? value : JSON.stringify(value);
    parts.push(`${key}=${text}`);
  }
  return parts.length === 0 ? message : `${message} ${parts.join(' ')}`;
}

/**
 * A logger that passes everything to `inner` and also writes errors and warnings to the server log as `ERR:` and
 * `WAR:` lines (with their fields as `key=value`).
 *
 * @example
 * ```ts
 * const engine = createEngine({ logger: teeServerLog(serverLog, appLogger.child({ component: 'engine' })) });
 * ```
 */
export function teeServerLog(logFile: ServerLogFile, inner: Logger): Logger {
  return tee(logFile, inner, undefined);
}

function tee(logFile: ServerLogFile, inner: Logger, context: LogFields | undefined): Logger {
  return {
    error: (message, fields) => {
      logFile.err(withFields(message, { ...context, ...fields }));
      inner.error(message, fields);
    },
    warn: (message, fields) => {
      logFile.war(withFields(message, { ...context, ...fields }));
      inner.warn(message, fields);
    },
    info: (message, fields) => inner.info(message, fields),
    debug: (message, fields) => inner.debug(message, fields),
    child: (fields) => tee(logFile, inner.child(fields), { ...context, ...fields }),
  };
}
