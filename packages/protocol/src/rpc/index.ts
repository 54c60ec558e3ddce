export type { LoginResult } from './auth-state.js';
export { createRpcClient, type RpcCallOptions, type RpcClient } from './rpc-client.js';
export { defaultIsSafeToRetry } from './safe-methods.js';
export {
  resolveRpcClientOptions,
  type BasicAuth,
  type BearerAuth,
  type LoginAuth,
  type ResolvedRpcClientOptions,
  type RpcAuth,
  type RpcClientOptions,
  type RpcEndpoint,
  type RpcRetryOptions,
  type RpcTlsOptions,
} from './rpc-client-options.js';
// The error helpers a caller of the client needs, so that `@isobar/protocol/rpc` alone is enough.
export { IsobarError, hasErrorCode, isIsobarError } from '../errors/isobar-error.js';
export type { ErrorCode } from '../errors/error-codes.js';
