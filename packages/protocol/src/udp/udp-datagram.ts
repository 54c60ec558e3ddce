// The ecflow_udp datagram (reference §3): {"method":"put","version":"1","header":{…},"payload":{…}}.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { boundedString, closedObject, stringEnum, taggedUnion } from '../validation/schema-kit.js';
import { AttributeNameSchema, NodePathSchema } from '../tree/node-path.js';

/** Largest UDP payload over IPv4; ecflow_udp's receive buffer has the same size. */
export const MAX_UDP_DATAGRAM_BYTES = 65_507;

/**
 * Identity fields of a datagram, all optional: a user (for `alter_*`) or a task (for child commands).
 * `task_try_no` is accepted as a number or a string of digits (ecFlow's docs show a string, its code reads
 * a number).
 */
export const UdpHeaderSchema = closedObject({
  user_name: Type.Optional(boundedString(128)),
  user_password: Type.Optional(boundedString(1024)),
  task_rid: Type.Optional(boundedString(4096)),
  task_password: Type.Optional(boundedString(256)),
  task_try_no: Type.Optional(
    Type.Union([Type.Integer({ minimum: 0 }), boundedString(9, { pattern: '^[0-9]+$', minLength: 1 })]),
  ),
});

/** The header of a datagram. */
export type UdpHeader = Static<typeof UdpHeaderSchema>;

const MeterValueSchema = boundedString(24, { pattern: '^-?[0-9]+$', description: 'Integer as a string' });
const LabelValueSchema = boundedString(MAX_UDP_DATAGRAM_BYTES);

function payload<C extends string, V extends TSchema>(command: C, value: V) {
  return closedObject({ command: Type.Literal(command), path: NodePathSchema, name: AttributeNameSchema, value });
}

/**
 * The command of a datagram. Child commands (`meter`, `label`, `event`) act as the task at `path` with the
 * header's task credentials; `alter_*` commands are user commands (header `user_*`). Every value is a string.
 */
export const UdpPayloadSchema = taggedUnion('command', [
  payload('meter', MeterValueSchema),
  payload('label', LabelValueSchema),
  payload('event', stringEnum(['1', 'true', 'set', '0', 'false', 'clear'])),
  payload('alter_meter', MeterValueSchema),
  payload('alter_label', LabelValueSchema),
  payload('alter_event', stringEnum(['1', '0'])),
]);

/** The payload of a datagram. */
export type UdpPayload = Static<typeof UdpPayloadSchema>;

/** The schema of a whole datagram. Only `put` is a method ecflow_udp handles; `version` is not checked. */
export const UdpDatagramSchema = closedObject(
  {
    method: Type.Literal('put'),
    version: Type.Optional(boundedString(16)),
    header: Type.Optional(UdpHeaderSchema),
    payload: UdpPayloadSchema,
  },
  { description: 'An ecflow_udp datagram' },
);

/** A datagram as received (task_try_no as number or string). */
export type UdpDatagram = Static<typeof UdpDatagramSchema>;

/** A parsed datagram: `header.task_try_no`, when present, is a number. */
export type ParsedUdpDatagram = Omit<UdpDatagram, 'header'> & {
  header?: Omit<UdpHeader, 'task_try_no'> & { task_try_no?: number };
};
