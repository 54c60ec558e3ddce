import http, { type OutgoingHttpHeaders } from 'node:http';
import type https from 'node:https';
import { exchangeHttp, type HttpOutcome } from './http-exchange.js';
import { loadHttps } from './lazy-https.js';
import { createPlainHttpTransport, isSafeHeaderValue } from './plain-http-transport.js';
import type { ResolvedRpcClientOptions, RpcEndpoint } from './rpc-client-options.js';

/** One try of one request, as the retry loop hands it over. */
export interface SendRequest {
  readonly method: 'GET' | 'POST';
  /** Path below the endpoint's base path, starting with `/`. */
  readonly path: string;
  readonly body: string | undefined;
  /** The `Authorization` header value, if any. */
  readonly authorization: string | undefined;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
}

/** Sends requests over the right transport and owns the connections. */
export interface RequestSender {
  /** Sends one try; never rejects (see {@link HttpOutcome}). Needs no `this`. */
  readonly send: (endpoint: RpcEndpoint, request: SendRequest) => Promise<HttpOutcome>;
  /** Closes every connection of every transport. */
  close(): void;
}

/**
 * Creates the {@link RequestSender} of a client. Plain `http://` requests go to the client's own socket
 * transport with a header block serialized once per client (only `Authorization` and `Content-Length` vary);
 * TLS, and header values the raw writer does not take, go to node:http(s) with keep-alive agents.
 */
export function createRequestSender(resolved: ResolvedRpcClientOptions): RequestSender {
  const staticHeaders: Readonly<Record<string, string>> = { ...resolved.headers, accept: 'application/json' };
  const values = Object.values(staticHeaders);
  // Printable-ASCII headers (the usual case) are written by the socket transport; others need node:http.
  const rawHead = values.every(isSafeHeaderValue)
    ? Object.entries(staticHeaders)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('')
    : undefined;
  const plain = createPlainHttpTransport();
  const agents = createAgents(resolved);
  let lastAuthorization: string | undefined;
  let lastAuthorizationSafe = true;

  const headBlock = (request: SendRequest): string | undefined => {
    if (rawHead === undefined) return undefined;
    let head = rawHead;
    const { authorization, body } = request;
    if (authorization !== undefined) {
      // The header changes only at login: check it once per value, not once per call.
      if (authorization !== lastAuthorization) {
        lastAuthorization = authorization;
        lastAuthorizationSafe = isSafeHeaderValue(authorization);
      }
      if (!lastAuthorizationSafe) return undefined;
      head += `authorization: ${authorization}\r\n`;
    }
    if (body !== undefined) {
      head += `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`;
    }
    return head;
  };

  return {
    send: (endpoint, request) => {
      const head = endpoint.secure ? undefined : headBlock(request);
      const outcome = head === undefined ? undefined : plain.exchange({ ...request, endpoint, head });
      if (outcome !== undefined) return outcome;
      const headers: OutgoingHttpHeaders = { ...staticHeaders };
      if (request.authorization !== undefined) headers['authorization'] = request.authorization;
      if (request.body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(request.body);
      }
      const agent = endpoint.secure ? agents.https() : agents.http;
      return exchangeHttp({ ...request, endpoint, headers, agent, servername: resolved.tls.servername });
    },
    close() {
      plain.close();
      agents.destroy();
    },
  };
}

/** The keep-alive agents of the node:http(s) path; the https one (and node:https) only once needed. */
interface Agents {
  readonly http: http.Agent;
  https(): https.Agent;
  destroy(): void;
}

/** Keep-alive agents: sequential calls reuse one connection instead of a TCP (and TLS) handshake each. */
function createAgents({ tls }: ResolvedRpcClientOptions): Agents {
  const httpAgent = new http.Agent({ keepAlive: true });
  let httpsAgent: https.Agent | undefined;
  return {
    http: httpAgent,
    https: () =>
      (httpsAgent ??= new (loadHttps().Agent)({
        keepAlive: true,
        ...(tls.ca === undefined ? {} : { ca: tls.ca }),
        ...(tls.cert === undefined ? {} : { cert: tls.cert, key: tls.key }),
        rejectUnauthorized: tls.insecure !== true,
      })),
    destroy() {
      httpAgent.destroy();
      httpsAgent?.destroy();
    },
  };
}
