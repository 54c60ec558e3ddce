import type { RpcEndpoint } from './rpc-client-options.js';

/**
 * Chooses which base URL a request goes to. It starts at the URL that last answered (so a client that failed
 * over stays on the replica that works) and skips, for `banMs`, URLs that could not be reached, unless every
 * URL is skipped: then the ban list is no help and everything is tried again (DIRAC's client selector does
 * the same).
 */
export interface EndpointSelector {
  /** The endpoint for the next try of a call; `tried` holds the URLs this call has already tried. */
  pick(tried: ReadonlySet<string>): RpcEndpoint;
  /** Records an answer from `endpoint`: later calls start there, and it is no longer banned. */
  succeeded(endpoint: RpcEndpoint): void;
  /** Records that `endpoint` could not be reached. */
  failed(endpoint: RpcEndpoint): void;
}

/** Creates an {@link EndpointSelector}; `now` is injectable so the ban expiry can be reasoned about. */
export function createEndpointSelector(
  endpoints: readonly RpcEndpoint[],
  banMs: number,
  now: () => number = Date.now,
): EndpointSelector {
  const bannedUntil = new Map<string, number>();
  let current = 0;

  const isBanned = (endpoint: RpcEndpoint, at: number): boolean => (bannedUntil.get(endpoint.url) ?? 0) > at;

  return {
    pick(tried) {
      // The common case (one URL, or the sticky one is fine) costs no allocation.
      const first = endpoints[current]!;
      if (bannedUntil.size === 0 && !tried.has(first.url)) return first;
      const at = now();
      const order = [...endpoints.slice(current), ...endpoints.slice(0, current)];
      return (
        order.find((e) => !tried.has(e.url) && !isBanned(e, at)) ??
        order.find((e) => !isBanned(e, at)) ??
        order.find((e) => !tried.has(e.url)) ??
        first
      );
    },
    succeeded(endpoint) {
      current = Math.max(0, endpoints.indexOf(endpoint));
      bannedUntil.delete(endpoint.url);
    },
    failed(endpoint) {
      if (banMs > 0) bannedUntil.set(endpoint.url, now() + banMs);
    },
  };
}
