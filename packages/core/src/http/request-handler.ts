import type { IncomingMessage, ServerResponse } from 'node:http';
import { ISOBAR_VERSION } from '@isobar/protocol';
import { beginExchange } from './complete-exchange.js';
import type { Exchange } from './exchange.js';
import type { FacilityContext } from './facility-context.js';
import { methodNotAllowed, sendJson } from './reply.js';
import { fail, handleRpc } from './rpc-dispatch.js';

const RPC_PREFIX = '/v1/rpc/';

function health(context: FacilityContext, exchange: Exchange): void {
  exchange.label = 'health';
  const method = exchange.req.method;
  if (method !== 'GET' && method !== 'HEAD') return fail(context, exchange, methodNotAllowed(exchange, 'GET, HEAD'));
  // Never gated by the lifecycle or the load limit: monitors must see a suspended or busy server as alive.
  sendJson(exchange, 200, JSON.stringify({ status: context.engine.serverState, version: ISOBAR_VERSION }));
}

/**
 * The server's one request listener. The RPC hot path (`POST /v1/rpc/*`, `/v1/auth/*`) and `/v1/health` are
 * served here with plain node:http; everything else goes to the express app, whose routing would cost the
 * hot path more than the rest of the request together.
 */
export function createRequestHandler(
  context: FacilityContext,
  fallback: (req: IncomingMessage, res: ServerResponse, exchange: Exchange) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const exchange = beginExchange(context, req, res);
    const path = exchange.path;
    if (path.startsWith(RPC_PREFIX)) return handleRpc(context, exchange, decodeName(path.slice(RPC_PREFIX.length)));
    if (path === '/v1/health') return health(context, exchange);
    if (req.method === 'POST' && path === '/v1/auth/login') return handleRpc(context, exchange, 'login');
    if (req.method === 'POST' && path === '/v1/auth/logout') return handleRpc(context, exchange, 'logout');
    exchange.setCommonHeaders();
    fallback(req, res, exchange);
  };
}

function decodeName(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
