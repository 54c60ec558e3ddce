import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { IsobarError } from '@isobar/protocol';
import type { EventFeed } from './event-feed.js';
import { countBodyBytes, type Exchange } from './exchange.js';
import type { FacilityContext } from './facility-context.js';
import { methodNotAllowed, sendFailure } from './reply.js';

const exchanges = new WeakMap<IncomingMessage, Exchange>();

function exchangeOf(req: Request): Exchange {
  const exchange = exchanges.get(req);
  if (exchange === undefined) throw new Error('request reached the express app without an exchange');
  return exchange;
}

function allow(methods: string): (req: Request) => void {
  return (req) => {
    throw methodNotAllowed(exchangeOf(req), methods);
  };
}

/** The event stream and metrics: not on the job listener. */
function addUserRoutes(app: express.Express, context: FacilityContext, feed: EventFeed): void {
  app.get('/v1/events', (req) => feed.open(exchangeOf(req)));
  app.all('/v1/events', allow('GET'));
  app.get('/v1/metrics', async (req, res) => {
    const exchange = exchangeOf(req);
    exchange.label = 'metrics';
    countBodyBytes(exchange);
    const registry = context.metrics.registry;
    const text = await registry.metrics();
    res.status(200).type(registry.contentType).send(text);
  });
  app.all('/v1/metrics', allow('GET'));
  app.all(['/v1/auth/login', '/v1/auth/logout'], allow('POST'));
}

/**
 * The express app for everything the RPC hot path does not serve: the event stream, metrics, and the JSON
 * answers for unknown routes (404 ROUTE_NOT_FOUND) and wrong HTTP methods (405 with `Allow`).
 */
export function createFallbackApp(
  context: FacilityContext,
  feed: EventFeed,
): (req: IncomingMessage, res: ServerResponse, exchange: Exchange) => void {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  if (context.jobsOnly !== true) addUserRoutes(app, context, feed);
  app.use((req) => {
    const exchange = exchangeOf(req);
    throw new IsobarError('ROUTE_NOT_FOUND', { details: { method: req.method, path: exchange.path.slice(0, 256) } });
  });
  // express recognises an error handler by its four parameters.
  // eslint-disable-next-line max-params
  app.use((error: unknown, req: Request, _res: Response, _next: NextFunction) => {
    const exchange = exchangeOf(req);
    exchange.label ??= 'route';
    sendFailure(exchange, error, context.reply);
  });
  return (req, res, exchange) => {
    exchanges.set(req, exchange);
    exchange.label = undefined;
    res.once('close', exchange.complete);
    app(req, res);
  };
}
