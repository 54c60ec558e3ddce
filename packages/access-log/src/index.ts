export { createAccessLogWriter, type AccessLogWriter, type AccessLogWriterStats } from './access-log-writer.js';
export { createAccessLogFormatter, type AccessLogFormatter } from './access-log-formatter.js';
export {
  resolveAccessLogFormatOptions,
  resolveAccessLogWriterOptions,
  type AccessLogFormatOptions,
  type AccessLogJsonOptions,
  type AccessLogStream,
  type AccessLogWriterOptions,
  type ResolvedAccessLogFormatOptions,
  type ResolvedAccessLogWriterOptions,
} from './access-log-options.js';
export {
  createAccessLogMiddleware,
  type AccessLogMiddleware,
  type AccessLogMiddlewareOptions,
  type AccessLogRequestLike,
  type AccessLogResponseLike,
} from './access-log-middleware.js';
export { parseAccessLogFormat } from './parse-access-log-format.js';
export { TEXT_PRESETS, TEXT_VERBS, isTextPreset, type TextPreset } from './text-format.js';
export { DEFAULT_JSON_FIELDS, JSON_CONTENT_TYPES, type JsonField } from './json-format.js';
export { DEFAULT_SECRET_HEADERS, DEFAULT_SECRET_WORDS, REDACTED } from './redaction.js';
export { compileGoTimeLayout, type GoTimeLayout } from './go-time-layout.js';
export type { AccessLogEntry, AccessLogSink } from '@isobar/protocol';
