export type { AccessLogEntry, AccessLogHeaders, AccessLogSink } from './access-log-entry.js';
