// The typed client library: IsobarClient and the pieces it is made of that callers may need.
export { IsobarClient, type HealthStatus } from './isobar-client.js';
export {
  DEFAULT_SERVER_URL,
  resolveIsobarClientOptions,
  type ClientCredentials,
  type IsobarClientOptions,
  type ResolvedIsobarClientOptions,
} from './client-options.js';
export { clientOptionsFromEnv, serverUrlsFromEnv, type ClientEnvironment } from './client-env.js';
export type { EventStream, EventsOptions } from './event-stream.js';
export { createSseParser, type SseMessage, type SseParser } from './sse-parser.js';
export { METHOD_TABLE, isSafeToRetry, isSessionless, type MethodTableEntry } from './method-table.js';
export type { CallOptions, IsobarMethods, MethodFunction } from './method-types.js';
