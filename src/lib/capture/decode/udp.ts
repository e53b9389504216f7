/** UDP (RFC 768): ports and length, then the payload to the port table. */
import { IpProtocol, type DispatchTable, type Dissector } from './packet';

export function udpDissector(ports: DispatchTable): Dissector {
  return (data, offset, end, packet) => {
    // An ICMP error quotes at least these 8 bytes, so the quoted copy needs no separate rule.
    if (offset + 8 > end) {
      if (!packet.insideError) packet.problem('transport', offset, `UDP header needs 8 bytes, ${end - offset} captured`, true);
      return;
    }
    packet.transport = IpProtocol.UDP;
    packet.sourcePort = (data[offset] << 8) | data[offset + 1];
    packet.destinationPort = (data[offset + 2] << 8) | data[offset + 3];
    const length = (data[offset + 4] << 8) | data[offset + 5];
    // Length 0 is legal for jumbograms (RFC 2675); otherwise it bounds the payload.
    if (length !== 0 && length < 8) {
      packet.problem('transport', offset + 4, `UDP length ${length} < 8`, false);
      return;
    }
    const datagramEnd = length === 0 ? end : Math.min(end, offset + length);
    packet.payloadOffset = offset + 8;
    packet.payloadLength = datagramEnd - packet.payloadOffset;
    packet.payloadWireLength = length === 0 ? packet.payloadLength : length - 8;
    if (packet.payloadLength === 0) return;
    const next = ports.get(packet.sourcePort) ?? ports.get(packet.destinationPort);
    if (next !== undefined) next(data, packet.payloadOffset, datagramEnd, packet);
  };
}
