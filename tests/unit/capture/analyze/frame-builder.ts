/**
 * Builds packets byte by byte for decoder and analyzer tests, so each test states the exact
 * header values it expects back. Checksums are left zero: nothing here verifies them (nor does
 * Wireshark by default). Also writes a classic pcap file around frames for the CLI tests.
 */
import { LinkType, type FrameRecord } from '../../../../src/lib/capture/records';

export const FIN = 1;
export const SYN = 2;
export const RST = 4;
export const PSH = 8;
export const ACK = 16;

function bytes(...parts: Array<Uint8Array | number[]>): Uint8Array {
  return concatenate(parts);
}

function concatenate(parts: Array<Uint8Array | number[]>): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const be16 = (value: number) => [(value >>> 8) & 0xff, value & 0xff];
const be32 = (value: number) => [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];

export function ipv4Address(text: string): number[] {
  return text.split('.').map(Number);
}

export function ipv6Address(text: string): number[] {
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return groups.flatMap((group) => be16(parseInt(group, 16)));
}

export function ipv4(source: string, destination: string, protocol: number, payload: Uint8Array, ttl = 64, options: { fragmentOffset?: number; moreFragments?: boolean; totalLength?: number } = {}): Uint8Array {
  const flags = (options.moreFragments ? 0x2000 : 0) | ((options.fragmentOffset ?? 0) / 8);
  return bytes([0x45, 0, ...be16(options.totalLength ?? 20 + payload.length), 0x12, 0x34, ...be16(flags), ttl, protocol, 0, 0, ...ipv4Address(source), ...ipv4Address(destination)], payload);
}

/** `extensions`: [nextHeader-of-this-extension, body-bytes] pairs are chained in order before `protocol`. */
export function ipv6(source: string, destination: string, protocol: number, payload: Uint8Array, hopLimit = 64, extensions: Array<{ type: number; body: number[] }> = []): Uint8Array {
  const chain: number[] = [];
  extensions.forEach((extension, index) => {
    const next = index + 1 < extensions.length ? extensions[index + 1].type : protocol;
    chain.push(next, ...extension.body);
  });
  const first = extensions.length > 0 ? extensions[0].type : protocol;
  const length = chain.length + payload.length;
  return bytes([0x60, 0, 0, 0, ...be16(length), first, hopLimit, ...ipv6Address(source), ...ipv6Address(destination)], chain, payload);
}

export interface TcpSpec {
  sourcePort: number;
  destinationPort: number;
  flags: number;
  seq?: number;
  ack?: number;
  window?: number;
  options?: number[];
  payload?: Uint8Array;
}

export function tcp(spec: TcpSpec): Uint8Array {
  const options = spec.options ?? [];
  const padded = [...options, ...Array((4 - (options.length % 4)) % 4).fill(0)];
  const headerLength = 20 + padded.length;
  return bytes(
    [...be16(spec.sourcePort), ...be16(spec.destinationPort), ...be32(spec.seq ?? 0), ...be32(spec.ack ?? 0), (headerLength / 4) << 4, spec.flags, ...be16(spec.window ?? 64240), 0, 0, 0, 0],
    padded,
    spec.payload ?? new Uint8Array(0),
  );
}

export function udp(sourcePort: number, destinationPort: number, payload: Uint8Array): Uint8Array {
  return bytes([...be16(sourcePort), ...be16(destinationPort), ...be16(8 + payload.length), 0, 0], payload);
}

export function ethernet(payload: Uint8Array, etherType = 0x0800, vlanTags: Array<{ tpid: number; id: number }> = []): Uint8Array {
  const tags = vlanTags.flatMap((tag) => [...be16(tag.tpid), ...be16(tag.id)]);
  return bytes([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], tags, be16(etherType), payload);
}

function dnsName(name: string): number[] {
  return [...name.split('.').flatMap((label) => [label.length, ...[...label].map((character) => character.charCodeAt(0))]), 0];
}

/** `type`: the question's type, 1 (A) unless given (6 SOA, 12 PTR, 28 AAAA). */
export function dnsQuery(id: number, name: string, type = 1): Uint8Array {
  return bytes([...be16(id), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0], dnsName(name), [...be16(type), 0, 1]);
}

/** The server's answer to a dynamic update (opcode 5) of `zone`: the zone section only, as RFC 2136 §3.8 allows. */
export function dnsUpdateResponse(id: number, zone: string, rcode: number): Uint8Array {
  return bytes([...be16(id), 0x80 | (5 << 3), rcode, 0, 1, 0, 0, 0, 0, 0, 0], dnsName(zone), [0, 6, 0, 1]);
}

/** A response echoing the question; with rcode 0 it carries one A record using a compression pointer. */
export function dnsResponse(id: number, name: string, rcode: number, type = 1): Uint8Array {
  const answer = rcode === 0 ? [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 1] : [];
  return bytes([...be16(id), 0x81, 0x80 | rcode, 0, 1, 0, rcode === 0 ? 1 : 0, 0, 0, 0, 0], dnsName(name), [...be16(type), 0, 1], answer);
}

/** A TLS 1.2-framed ClientHello record carrying only a server_name extension. */
export function clientHello(serverName: string): Uint8Array {
  const name = [...serverName].map((character) => character.charCodeAt(0));
  const serverNameList = [0, ...be16(name.length), ...name];
  const extension = [0, 0, ...be16(serverNameList.length + 2), ...be16(serverNameList.length), ...serverNameList];
  const body = [3, 3, ...Array(32).fill(7), 0, ...be16(2), 0x13, 0x01, 1, 0, ...be16(extension.length), ...extension];
  const handshake = [1, 0, ...be16(body.length), ...body];
  return bytes([22, 3, 1, ...be16(handshake.length)], handshake);
}

export function tlsAlert(level: number, description: number): Uint8Array {
  return bytes([21, 3, 3, 0, 2, level, description]);
}

/** A certificate openssl made (version 1; `openssl x509 -noout -text`: Issuer: C = US, O = Contoso Ltd,
 *  CN = Contoso Inspection CA; Subject: CN = *.frontend.clouddatahub.net), as DER. */
export const OPENSSL_CERTIFICATE = Uint8Array.from(
  atob('MIIBZDCCAQoCFH0pGrV6oZeSUetpSIYF53ibQOeuMAoGCCqGSM49BAMCMEMxCzAJBgNVBAYTAlVTMRQwEgYDVQQKDAtDb250b3NvIEx0ZDEeMBwGA1UEAwwVQ29udG9zbyBJbnNwZWN0aW9uIENBMB4XDTI2MTEyNjA2MzM0M1oXDTI2MTEyNzA2MzM0M1owJjEkMCIGA1UEAwwbKi5mcm9udGVuZC5jbG91ZGRhdGFodWIubmV0MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAERagrSfAlq5Wli5zrpHGdRnUlujdMDMgHaVYyakRQXQwMtdMaHJ5qIweBqsF48agE/IhggvlgOYELtmam4BG5YjAKBggqhkjOPQQDAgNIADBFAiEA+InXY4VEj60vtyQTD6q22aywtiifwneFX90O9V3PRWoCIDjuIjNiIivdQ6d9e3kO1QlG7mi3XotYk8FDW9owN8RC'),
  (character) => character.charCodeAt(0),
);

const be24 = (value: number) => [(value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];

/** A TLS 1.2 server's first handshake record: a (bare) ServerHello, then a Certificate message holding `certificate` (RFC 5246 §7.4.2). */
export function serverCertificateFlight(certificate: Uint8Array): Uint8Array {
  const serverHello = [2, ...be24(4), 3, 3, 0, 0];
  const certificateMessage = [11, ...be24(certificate.length + 6), ...be24(certificate.length + 3), ...be24(certificate.length), ...certificate];
  return bytes([22, 3, 3, ...be16(serverHello.length + certificateMessage.length)], serverHello, certificateMessage);
}

export interface TimedFrame {
  bytes: Uint8Array;
  /** Seconds since the epoch, fractional part as microseconds. */
  time: number;
  linkType?: number;
}

export function frameRecord(frame: TimedFrame, frameNumber: number): FrameRecord {
  const tsSec = Math.floor(frame.time);
  return {
    fileIndex: 0,
    frameNumber,
    offset: 0,
    linkType: frame.linkType ?? LinkType.ETHERNET,
    tsSec,
    tsNsec: Math.round((frame.time - tsSec) * 1e6) * 1000,
    capturedLength: frame.bytes.length,
    originalLength: frame.bytes.length,
    data: frame.bytes,
    dataOffset: 0,
    interfaceId: 0,
  };
}

/** A little-endian microsecond pcap (draft-ietf-opsawg-pcap) holding `frames`. */
export function pcapFile(frames: TimedFrame[], linkType: number = LinkType.ETHERNET): Uint8Array {
  const le32 = (value: number) => [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
  const header = [...le32(0xa1b2c3d4), 2, 0, 4, 0, ...le32(0), ...le32(0), ...le32(262144), ...le32(linkType)];
  const records = frames.map((frame) => {
    const seconds = Math.floor(frame.time);
    const micros = Math.round((frame.time - seconds) * 1e6);
    return bytes([...le32(seconds), ...le32(micros), ...le32(frame.bytes.length), ...le32(frame.bytes.length)], frame.bytes);
  });
  return concatenate([header, ...records]);
}

/** Endpoint pair shorthand for conversation scenarios. */
export interface Path {
  client: string;
  server: string;
  clientPort: number;
  serverPort: number;
  /** TTL of the client's packets and of the server's as seen at the capture point. */
  clientTtl: number;
  serverTtl: number;
}

export function fromClient(path: Path, spec: Omit<TcpSpec, 'sourcePort' | 'destinationPort'>, ttl = path.clientTtl): Uint8Array {
  return ethernet(ipv4(path.client, path.server, 6, tcp({ ...spec, sourcePort: path.clientPort, destinationPort: path.serverPort }), ttl));
}

export function fromServer(path: Path, spec: Omit<TcpSpec, 'sourcePort' | 'destinationPort'>, ttl = path.serverTtl): Uint8Array {
  return ethernet(ipv4(path.server, path.client, 6, tcp({ ...spec, sourcePort: path.serverPort, destinationPort: path.clientPort }), ttl));
}
