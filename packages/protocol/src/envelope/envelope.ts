import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ALL_ERROR_CODES, isErrorCode } from '../errors/error-codes.js';
import { IsobarError, isIsobarError, type ErrorDetails } from '../errors/isobar-error.js';

/** Schema of the `error` member of a failed RPC reply. */
export const ErrorBodySchema = Type.Object(
  {
    code: Type.String({ maxLength: 64, pattern: '^[A-Z][A-Z0-9_]*$', description: 'Registry code' }),
    message: Type.String({ maxLength: 4096 }),
    details: Type.Optional(Type.Record(Type.String({ maxLength: 128 }), Type.Unknown())),
    requestId: Type.Optional(Type.String({ maxLength: 128 })),
  },
  { additionalProperties: false, $id: 'ErrorBody' },
);

/** The `error` member of a failed RPC reply. */
export type ErrorBody = Static<typeof ErrorBodySchema>;

/** A successful RPC reply: HTTP 200 with `{ ok: true, value }`. */
export interface RpcSuccess<TValue> {
  readonly ok: true;
  readonly value: TValue;
}

/** A failed RPC reply: an HTTP status that fits and `{ ok: false, error }`. */
export interface RpcFailure {
  readonly ok: false;
  readonly error: ErrorBody;
}

/** Either reply. */
export type RpcEnvelope<TValue> = RpcSuccess<TValue> | RpcFailure;

/** Schema of a successful reply carrying a value of the given schema. */
export function successEnvelopeSchema<TValue extends TSchema>(value: TValue): ReturnType<typeof successShape<TValue>> {
  return successShape(value);
}

function successShape<TValue extends TSchema>(value: TValue) {
  return Type.Object({ ok: Type.Literal(true), value }, { additionalProperties: false });
}

/** Schema of a failed reply. */
export const FailureEnvelopeSchema = Type.Object(
  { ok: Type.Literal(false), error: ErrorBodySchema },
  { additionalProperties: false },
);

/** The list of registered codes, for documentation generators (OpenAPI enum). */
export const ERROR_CODE_ENUM: readonly string[] = ALL_ERROR_CODES;

/** Wraps a value in a success envelope. */
export function encodeSuccess<TValue>(value: TValue): RpcSuccess<TValue> {
  return { ok: true, value };
}

/** Options of {@link encodeFailure}. */
export interface EncodeFailureOptions {
  /** The request id to echo in the body. */
  readonly requestId?: string;
  /** Development mode: attach the stack of the error and its causes under `details.stack`. */
  readonly dev?: boolean;
}

/**
 * Builds the failure envelope for anything thrown. Non-Isobar errors become `INTERNAL` with no message of
 * their own: what went wrong stays in the server log unless `dev` is on.
 */
export function encodeFailure(error: unknown, options: EncodeFailureOptions = {}): RpcFailure {
  const known = isIsobarError(error);
  const code = known ? error.code : 'INTERNAL';
  const message = known ? error.message : 'Internal server error';
  let details: ErrorDetails | undefined = known ? error.details : undefined;
  if (options.dev) details = { ...details, stack: stackOf(error) };
  const body: ErrorBody = { code, message };
  if (details !== undefined) body.details = { ...details };
  if (options.requestId !== undefined) body.requestId = options.requestId;
  return { ok: false, error: body };
}

function stackOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    parts.push(current instanceof Error ? (current.stack ?? current.message) : JSON.stringify(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\nCaused by: ');
}

/**
 * Reads a parsed reply body. Returns the value of a success envelope; throws the {@link IsobarError} a
 * failure envelope describes; throws `BAD_RESPONSE` for anything that is not an envelope.
 */
export function decodeEnvelope(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) throw badResponse('the body is not a JSON object');
  const envelope = body as { ok?: unknown; value?: unknown; error?: unknown };
  if (envelope.ok === true) return envelope.value;
  if (envelope.ok !== false) throw badResponse('"ok" is neither true nor false');
  throw errorFromBody(envelope.error);
}

/** Rebuilds an {@link IsobarError} from a failure body received over the wire. */
export function errorFromBody(raw: unknown): IsobarError {
  if (typeof raw !== 'object' || raw === null) return badResponse('"error" is not an object');
  const body = raw as { code?: unknown; message?: unknown; details?: unknown; requestId?: unknown };
  const message = typeof body.message === 'string' ? body.message : undefined;
  const details: Record<string, unknown> =
    typeof body.details === 'object' && body.details !== null ? { ...(body.details as Record<string, unknown>) } : {};
  if (typeof body.requestId === 'string') details['requestId'] = body.requestId;
  if (isErrorCode(body.code)) {
    return new IsobarError(body.code, { message: message ?? body.code, details });
  }
  details['remoteCode'] = body.code;
  return new IsobarError('INTERNAL', { message: message ?? 'Unknown error code from server', details });
}

function badResponse(reason: string): IsobarError {
  return new IsobarError('BAD_RESPONSE', { details: { reason } });
}
