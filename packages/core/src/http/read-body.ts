import type { IncomingMessage } from 'node:http';
import { IsobarError } from '@isobar/protocol';

/** Called once with the parsed body (an empty body counts as `{}`) or the error that stopped reading it. */
export type BodyCallback = (error: IsobarError | undefined, body: unknown) => void;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function checkHeaders(req: IncomingMessage, limit: number): IsobarError | undefined {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    return new IsobarError('PAYLOAD_TOO_LARGE', { details: { limit } });
  }
  const type = req.headers['content-type'];
  const hasBody = (declared !== undefined && declared !== '0') || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && (type === undefined || !JSON_TYPE.test(type))) {
    return new IsobarError('UNSUPPORTED_MEDIA_TYPE', { details: { contentType: type ?? '(none)' } });
  }
  return undefined;
}

function parse(text: string): { error?: IsobarError; body?: unknown } {
  if (text.length === 0) return { body: {} };
  try {
    return { body: JSON.parse(text) };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : 'unparsable';
    return { error: new IsobarError('INVALID_JSON', { details: { reason }, cause }) };
  }
}

/**
 * Reads a JSON request body of at most `limit` bytes. Checks the declared length and the content type first
 * (413 and 415 without reading anything); stops reading as soon as a body without a declared length goes over
 * the limit. Callback style, because this is on the RPC hot path.
 */
export function readJsonBody(req: IncomingMessage, limit: number, done: BodyCallback): void {
  const early = checkHeaders(req, limit);
  if (early !== undefined) {
    done(early, undefined);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (error: IsobarError | undefined, body: unknown): void => {
    if (finished) return;
    finished = true;
    done(error, body);
  };
  req.on('data', (chunk: Buffer) => {
    if (finished) return;
    size += chunk.length;
    if (size > limit) {
      req.pause();
      finish(new IsobarError('PAYLOAD_TOO_LARGE', { details: { limit } }), undefined);
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (finished) return;
    const text = chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
    const { error, body } = parse(text);
    finish(error, body);
  });
  req.on('error', (cause) =>
    finish(new IsobarError('INVALID_ARGUMENT', { details: { reason: 'request aborted' }, cause }), undefined),
  );
}
