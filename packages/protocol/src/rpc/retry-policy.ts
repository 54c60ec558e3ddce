import type { ErrorCode } from '../errors/error-codes.js';
import type { RpcRetryOptions } from './rpc-client-options.js';

/**
 * Server answers that mean "not now" rather than "no": the request was refused before it ran, so a method
 * that is safe to retry may be sent again after a pause. Other retryable codes (THROTTLED, ZOMBIE,
 * STORAGE_FAILED) need a decision by the caller and are not retried here.
 */
export const RETRYABLE_ANSWERS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'SERVER_HALTED',
  'SERVER_SUSPENDED',
  'SERVER_STOPPING',
  'TOO_BUSY',
]);

/** The pause before the `n`-th delayed retry (0-based): `delayMs * 2^n`, at most `maxDelayMs`. */
export function backoffDelay(retry: Required<RpcRetryOptions>, n: number): number {
  return Math.min(retry.maxDelayMs, retry.delayMs * 2 ** Math.min(n, 30));
}

/** Waits `ms`; rejects with the signal's reason if it is aborted first. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
