import { IsobarError } from '../errors/isobar-error.js';
import { findValidationIssues } from '../validation/validate.js';
import { MAX_UDP_DATAGRAM_BYTES, type ParsedUdpDatagram, type UdpDatagram } from './udp-datagram.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

function toText(input: Uint8Array | string): string {
  // A string has at least as many bytes as characters, so this length check never rejects a valid datagram.
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > MAX_UDP_DATAGRAM_BYTES) {
    throw new IsobarError('PAYLOAD_TOO_LARGE', { details: { limit: MAX_UDP_DATAGRAM_BYTES } });
  }
  if (typeof input === 'string') return input;
  try {
    return decoder.decode(input);
  } catch (cause) {
    throw new IsobarError('INVALID_JSON', { details: { reason: 'the datagram is not UTF-8' }, cause });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new IsobarError('INVALID_JSON', { details: { reason }, cause });
  }
}

/**
 * Parses one ecflow_udp datagram (a Buffer/Uint8Array as received, or its text). A trailing NUL, which
 * ecflow_udp_client sends, is ignored. `header.task_try_no` given as a string of digits is returned as a
 * number.
 *
 * @throws IsobarError `PAYLOAD_TOO_LARGE` above 65507 bytes; `INVALID_JSON` when the text is not JSON;
 *   `INVALID_ARGUMENT` naming every bad field (`datagram.payload.value: must match pattern …`), with
 *   `details.errors: [{ path, message }]`.
 * @example
 * ```ts
 * socket.on('message', (buffer) => {
 *   const datagram = parseUdpDatagram(buffer);
 * });
 * ```
 */
export function parseUdpDatagram(input: Uint8Array | string): ParsedUdpDatagram {
  const text = toText(input).replace(/\0+$/, '');
  const value = parseJson(text);
  const issues = findValidationIssues({ kind: 'udp', name: 'datagram', label: 'datagram' }, value);
  if (issues.length > 0) {
    throw new IsobarError('INVALID_ARGUMENT', {
      message: `Invalid argument: ${issues.map((issue) => issue.message).join('; ')}`,
      details: { errors: issues },
    });
  }
  return normaliseTryNo(value as UdpDatagram);
}

function normaliseTryNo(datagram: UdpDatagram): ParsedUdpDatagram {
  const header = datagram.header;
  if (header?.task_try_no === undefined || typeof header.task_try_no === 'number') {
    return datagram as ParsedUdpDatagram;
  }
  return { ...datagram, header: { ...header, task_try_no: Number(header.task_try_no) } };
}
