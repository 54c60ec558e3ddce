import type { IncomingMessage, ServerResponse } from 'node:http';
import { Exchange } from './exchange.js';
import type { FacilityContext } from './facility-context.js';
import { isAcceptableRequestId } from './request-id.js';
import { normalizeAddress } from './server-options.js';

function requestIdOf(context: FacilityContext, req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  const { trustedProxies } = context.options;
  if (incoming !== undefined && trustedProxies.size > 0 && isAcceptableRequestId(incoming)) {
    if (trustedProxies.has(normalizeAddress(req.socket.remoteAddress))) return incoming;
  }
  return context.nextRequestId();
}

function safely(context: FacilityContext, what: string, work: () => void): void {
  try {
    work();
  } catch (error) {
    context.options.logger.warn(`${what} failed`, { error: error instanceof Error ? error.message : String(error) });
  }
}

/** Records a finished request once: slot released, metrics, access log, instrumentation. */
export function completeExchange(context: FacilityContext, exchange: Exchange): void {
  if (exchange.done) return;
  exchange.done = true;
  if (exchange.holdsSlot) {
    exchange.holdsSlot = false;
    context.active--;
  }
  const durationMs = performance.now() - exchange.startedAt;
  const status = exchange.res.headersSent ? exchange.res.statusCode : 0;
  context.counters.requests++;
  if (status >= 400) context.counters.errors++;
  context.metrics.observeRequest(exchange.label ?? 'other', status, durationMs / 1000);
  const { accessLog, instrumentation } = context.options;
  if (accessLog !== undefined)
    safely(context, 'access log', () => accessLog.write(exchange.accessLogEntry(durationMs)));
  const onResponse = instrumentation.onResponse;
  if (onResponse !== undefined) {
    const info = { ...exchange.startInfo(), status, durationMs, bytesOut: exchange.bytesOut };
    safely(context, 'instrumentation', () =>
      onResponse({ ...info, rpcMethod: exchange.label, user: exchange.principal?.user }),
    );
  }
}

/**
 * Starts an exchange: picks the request id (sent as `X-Request-Id` by every writer), arranges completion.
 * Headers are not set here: the JSON writers pass them to `writeHead`, other routes call `setCommonHeaders`.
 */
export function beginExchange(context: FacilityContext, req: IncomingMessage, res: ServerResponse): Exchange {
  const exchange = new Exchange(req, res, requestIdOf(context, req));
  if (context.state === 'stopping') exchange.closeConnection = true;
  // The JSON writers complete the exchange as they end it; streams and express routes complete on 'close'
  // (see fallback-app.ts), which also covers clients that go away.
  exchange.complete = () => completeExchange(context, exchange);
  const onRequest = context.options.instrumentation.onRequest;
  if (onRequest !== undefined) safely(context, 'instrumentation', () => onRequest(exchange.startInfo()));
  return exchange;
}
