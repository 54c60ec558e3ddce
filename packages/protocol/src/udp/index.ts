// The ecflow_udp datagram format and its parser.
export {
  MAX_UDP_DATAGRAM_BYTES,
  UdpDatagramSchema,
  UdpHeaderSchema,
  UdpPayloadSchema,
  type ParsedUdpDatagram,
  type UdpDatagram,
  type UdpHeader,
  type UdpPayload,
} from './udp-datagram.js';
export { parseUdpDatagram } from './parse-udp-datagram.js';
