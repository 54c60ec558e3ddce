// @isobar/client: the typed client library (IsobarClient); the `isobar` CLI is bundled separately (bin).
export * from './client/index.js';
// Re-exported so that callers need no second import; only the light `rpc` entry of the protocol is loaded.
export {
  IsobarError,
  hasErrorCode,
  isIsobarError,
  type ErrorCode,
  type LoginResult,
  type RpcCallOptions,
  type RpcRetryOptions,
  type RpcTlsOptions,
} from '@isobar/protocol/rpc';
export type { ChangeRecord, ChangeRecordType, MethodArgs, MethodName, MethodResult } from '@isobar/protocol';
