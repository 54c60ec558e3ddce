export type { LoginResult } from './auth-state.js';
export { createRpcClient, type RpcCallOptions, type RpcClient } from './rpc-client.js';
export {
  defaultIsSafeToRetry,
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
