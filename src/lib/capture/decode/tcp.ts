/**
 * TCP header (RFC 9293) with the options the analyzer reads: MSS, window scale (RFC 7323),
 * SACK permitted (RFC 2018), timestamps (RFC 7323). The payload goes to the port table.
 */
import { IpProtocol, type DecodedPacket, type DispatchTable, type Dissector } from './packet';

const OPTION_END = 0;
const OPTION_NOP = 1;
const OPTION_MSS = 2;
const OPTION_WINDOW_SCALE = 3;
const OPTION_SACK_PERMITTED = 4;
const OPTION_TIMESTAMP = 8;

/** An ICMP error must quote at least the first 8 bytes of the transport header (RFC 792): ports and sequence. */
const QUOTED_MINIMUM = 8;

function readOptions(data: Uint8Array, offset: number, end: number, packet: DecodedPacket): void {
  let cursor = offset;
  while (cursor < end) {
    const kind = data[cursor];
    if (kind === OPTION_END) return;
    if (kind === OPTION_NOP) {
      cursor++;
      continue;
    }
    if (cursor + 2 > end) return packet.problem('transport', cursor, `TCP option ${kind} has no length byte`, false);
    const length = data[cursor + 1];
    if (length < 2 || cursor + length > end) return packet.problem('transport', cursor, `TCP option ${kind} length ${length} does not fit the header`, false);
    if (kind === OPTION_MSS && length === 4) packet.maximumSegmentSize = (data[cursor + 2] << 8) | data[cursor + 3];
    else if (kind === OPTION_WINDOW_SCALE && length === 3) packet.windowScale = data[cursor + 2];
    else if (kind === OPTION_SACK_PERMITTED) packet.sackPermitted = true;
    else if (kind === OPTION_TIMESTAMP) packet.timestampPresent = true;
    cursor += length;
  }
}

export function tcpDissector(ports: DispatchTable): Dissector {
  return (data, offset, end, packet) => {
    const available = end - offset;
    if (available < (packet.insideError ? QUOTED_MINIMUM : 20)) {
      if (!packet.insideError) packet.problem('transport', offset, `TCP header needs 20 bytes, ${available} captured`, true);
      return;
    }
    packet.transport = IpProtocol.TCP;
    packet.sourcePort = (data[offset] << 8) | data[offset + 1];
    packet.destinationPort = (data[offset + 2] << 8) | data[offset + 3];
    packet.sequence = ((data[offset + 4] << 24) | (data[offset + 5] << 16) | (data[offset + 6] << 8) | data[offset + 7]) >>> 0;
    // A quoted header may stop after the sequence number; flags -1 tells the reader they were not seen.
    if (available < 14) {
      packet.tcpFlags = -1;
      return;
    }
    packet.acknowledgment = ((data[offset + 8] << 24) | (data[offset + 9] << 16) | (data[offset + 10] << 8) | data[offset + 11]) >>> 0;
    const headerLength = (data[offset + 12] >> 4) * 4;
    packet.tcpFlags = data[offset + 13];
    if (available < 16) return;
    packet.window = (data[offset + 14] << 8) | data[offset + 15];
    if (available >= 18) packet.tcpChecksum = (data[offset + 16] << 8) | data[offset + 17];
    if (headerLength < 20) {
      packet.problem('transport', offset + 12, `TCP header length ${headerLength} < 20`, false);
      return;
    }
    if (packet.insideError) return;
    if (headerLength > available) {
      // Wireshark drops such a segment from its conversation table too (its tap runs after the
      // options), so it is not counted as TCP: only the problem is kept.
      packet.transport = 0;
      packet.problem('transport', offset, `TCP header length ${headerLength} runs past the ${available} captured bytes`, true);
      return;
    }
    if (headerLength > 20) readOptions(data, offset + 20, offset + headerLength, packet);
    packet.payloadOffset = offset + headerLength;
    packet.payloadLength = available - headerLength;
    packet.payloadWireLength = Math.max(packet.payloadLength, packet.ipPayloadLength - headerLength);
    if (packet.payloadLength === 0) return;
    const next = ports.get(packet.sourcePort) ?? ports.get(packet.destinationPort);
    if (next !== undefined) next(data, packet.payloadOffset, end, packet);
  };
}
