// The HTTP facility: RPC hot path, error bodies, lifecycle, load limit, request ids, TLS, change feed, metrics.
export type { AdministeredUser, Authenticator, LoginReply, UserAdministration } from './authenticator.js';
export type { LifecycleState } from './facility-context.js';
export { HttpFacility, type ServerAddress } from './http-facility.js';
export type { Instrumentation, RequestEndInfo, RequestStartInfo } from './instrumentation.js';
export { createServerMetrics, type ServerMetrics } from './metrics.js';
export { ProcedureRegistry, type EmbedderProcedure } from './procedure-registry.js';
export { REQUEST_ID_FORMATS, createRequestIdGenerator, encodeBase32, type RequestIdFormat } from './request-id.js';
export {
  resolveServerOptions,
  type ResolvedServerOptions,
  type ServerOptions,
  type ServerTlsOptions,
  type SseOptions,
} from './server-options.js';
