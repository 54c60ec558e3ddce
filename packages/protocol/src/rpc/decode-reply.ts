import { formatErrorMessage, isErrorCode } from '../errors/error-codes.js';
import { IsobarError, isIsobarError } from '../errors/isobar-error.js';
import type { HttpReply } from './http-exchange.js';

const EXCERPT_LENGTH = 200;

/**
 * Reads an HTTP answer as an RPC envelope: returns the value of a success envelope, throws the server's
 * {@link IsobarError} (with `details.requestId`, from the body or the `X-Request-Id` header) for a failure
 * envelope, and throws `BAD_RESPONSE` (with the HTTP status) for anything else.
 *
 * With `allowPlain`, a 2xx answer whose JSON is not envelope-shaped is returned as it is (`GET /v1/health`).
 */
export function decodeReply(reply: HttpReply, url: string, allowPlain = false): unknown {
  const requestId = headerValue(reply.headers['x-request-id']);
  let body: unknown;
  try {
    body = JSON.parse(reply.body);
  } catch (cause) {
    throw badResponse('the body is not JSON', { reply, url, requestId, cause });
  }
  const success = reply.status >= 200 && reply.status < 300;
  if (allowPlain && success && !isEnvelopeShaped(body)) return body;
  let value: unknown;
  try {
    value = decodeEnvelope(body);
  } catch (error) {
    throw withContext(error, { reply, url, requestId });
  }
  if (!success)
    throw badResponse(`a success envelope came with HTTP status ${reply.status}`, { reply, url, requestId });
  return value;
}

interface ReplyContext {
  readonly reply: HttpReply;
  readonly url: string;
  readonly requestId: string | undefined;
  readonly cause?: unknown;
}

/**
 * The envelope reading of `decodeEnvelope` (src/envelope), repeated here because that module builds TypeBox
 * schemas at load time and the `@isobar/protocol/rpc` entry must load fast (the CLI's `ping`).
 */
function decodeEnvelope(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) throw plainBadResponse('the body is not a JSON object');
  const envelope = body as { ok?: unknown; value?: unknown; error?: unknown };
  if (envelope.ok === true) return envelope.value;
  if (envelope.ok !== false) throw plainBadResponse('"ok" is neither true nor false');
  throw errorFromBody(envelope.error);
}

function errorFromBody(raw: unknown): IsobarError {
  if (typeof raw !== 'object' || raw === null) return plainBadResponse('"error" is not an object');
  const body = raw as { code?: unknown; message?: unknown; details?: unknown; requestId?: unknown };
  const message = typeof body.message === 'string' ? body.message : undefined;
  const details: Record<string, unknown> =
    typeof body.details === 'object' && body.details !== null ? { ...(body.details as Record<string, unknown>) } : {};
  if (typeof body.requestId === 'string') details['requestId'] = body.requestId;
  if (isErrorCode(body.code)) return new IsobarError(body.code, { message: message ?? body.code, details });
  details['remoteCode'] = body.code;
  return new IsobarError('INTERNAL', { message: message ?? 'Unknown error code from server', details });
}

function plainBadResponse(reason: string): IsobarError {
  return new IsobarError('BAD_RESPONSE', { details: { reason } });
}

function isEnvelopeShaped(body: unknown): boolean {
  return typeof body === 'object' && body !== null && typeof (body as { ok?: unknown }).ok === 'boolean';
}

function withContext(error: unknown, context: ReplyContext): unknown {
  if (!isIsobarError(error)) return error;
  if (error.code === 'BAD_RESPONSE') {
    const reason = typeof error.details?.['reason'] === 'string' ? error.details['reason'] : error.message;
    return badResponse(reason, { ...context, cause: error });
  }
  if (context.requestId === undefined || error.details?.['requestId'] !== undefined) return error;
  return new IsobarError(error.code, {
    message: error.message,
    details: { ...error.details, requestId: context.requestId },
  });
}

function badResponse(reason: string, context: ReplyContext): IsobarError {
  const { reply, url, requestId, cause } = context;
  const details: Record<string, unknown> = { reason, status: reply.status, url };
  const contentType = headerValue(reply.headers['content-type']);
  if (contentType !== undefined) details['contentType'] = contentType;
  details['excerpt'] = reply.body.slice(0, EXCERPT_LENGTH);
  if (requestId !== undefined) details['requestId'] = requestId;
  const message = `${formatErrorMessage('BAD_RESPONSE', { reason })} (HTTP ${reply.status} from ${url})`;
  return new IsobarError('BAD_RESPONSE', { message, details, cause });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
