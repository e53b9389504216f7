/**
 * A pcap built packet by packet, so what it holds is known by construction: many connections that
 * a server closes with a RST right after the client's FIN (the routine abortive close of Windows
 * services), and one connection cut by a RST whose TTL is not the server's (a device on the path).
 * Shared by the browser tests and the Markdown export's unit tests; no Playwright here.
 */
const CLIENT = 0x0a000005; // 10.0.0.5
const DIRECTORY_SERVER = 0x0a000009; // 10.0.0.9, LDAP on 389
const WEB_SERVER = 0x0a000014; // 10.0.0.20, HTTPS on 443

const SYN = 0x02;
const RST = 0x04;
const FIN = 0x01;
const ACK = 0x10;

export interface Packet {
  from: number;
  to: number;
  fromPort: number;
  toPort: number;
  ttl: number;
  flags: number;
  sequence: number;
  acknowledgement: number;
}

/** A pcap 2.4 file header: microsecond times, Ethernet. */
export const PCAP_HEADER: Buffer = (() => {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(1, 20); // Ethernet
  return header;
})();

/** One Ethernet/IPv4/TCP record without payload (16-byte pcap record header + 54-byte frame), `microseconds` after 1,700,000,000 s. */
export function tcpRecord(packet: Packet, microseconds: number): Buffer {
  const bytes = Buffer.alloc(16 + 54);
  bytes.writeUInt32LE(1_700_000_000 + Math.floor(microseconds / 1_000_000), 0);
  bytes.writeUInt32LE(microseconds % 1_000_000, 4);
  bytes.writeUInt32LE(54, 8);
  bytes.writeUInt32LE(54, 12);
  const frame = bytes.subarray(16);
  frame.writeUInt16BE(0x0800, 12);
  frame[14] = 0x45;
  frame.writeUInt16BE(40, 16);
  frame[22] = packet.ttl;
  frame[23] = 6; // TCP
  frame.writeUInt32BE(packet.from, 26);
  frame.writeUInt32BE(packet.to, 30);
  frame.writeUInt16BE(packet.fromPort, 34);
  frame.writeUInt16BE(packet.toPort, 36);
  frame.writeUInt32BE(packet.sequence, 38);
  frame.writeUInt32BE(packet.acknowledgement, 42);
  frame[46] = 0x50; // data offset 5
  frame[47] = packet.flags;
  frame.writeUInt16BE(64240, 48);
  return bytes;
}

/** Handshake from the client, then `ending`: the packets after it, in order. */
function connection(server: number, serverPort: number, clientPort: number, serverTtl: number, ending: (client: Packet, server: Packet) => Packet[]): Packet[] {
  const fromClient: Packet = { from: CLIENT, to: server, fromPort: clientPort, toPort: serverPort, ttl: 128, flags: SYN, sequence: 1000, acknowledgement: 0 };
  const fromServer: Packet = { from: server, to: CLIENT, fromPort: serverPort, toPort: clientPort, ttl: serverTtl, flags: SYN | ACK, sequence: 5000, acknowledgement: 1001 };
  return [fromClient, fromServer, { ...fromClient, flags: ACK, sequence: 1001, acknowledgement: 5001 }, ...ending(fromClient, fromServer)];
}

/** An LDAP connection that the server ends by answering the client's FIN with a RST (its own TTL). */
function routineClose(clientPort: number): Packet[] {
  return connection(DIRECTORY_SERVER, 389, clientPort, 128, (client, server) => [
    { ...client, flags: FIN | ACK, sequence: 1001, acknowledgement: 5001 },
    { ...server, flags: RST | ACK, sequence: 5001, acknowledgement: 1002 },
  ]);
}

export const ROUTINE_RESET_SERVER = '10.0.0.9:389';
export const PATH_RESET_SERVER = '10.0.0.20:443';
export const PATH_RESET_CLIENT = '10.0.0.5:40000';

/**
 * `routineCount` LDAP connections, each: handshake, the client's FIN, the server's RST (same TTL as
 * its SYN-ACK); then one HTTPS connection whose RST claims to be the server but has TTL 62 where
 * the server's SYN-ACK had 118 (left out with `pathReset: false`). Frame numbers: the nth routine RST is frame 5n; the path RST is
 * the last frame.
 */
export function routineResetsPcap(routineCount: number, { pathReset = true } = {}): Buffer {
  const packets: Packet[] = [];
  for (let index = 0; index < routineCount; index++) packets.push(...routineClose(50000 + index));
  if (pathReset) packets.push(...connection(WEB_SERVER, 443, 40000, 118, (_client, server) => [{ ...server, ttl: 62, flags: RST | ACK, sequence: 5001, acknowledgement: 1001 }]));
  return Buffer.concat([PCAP_HEADER, ...packets.map((packet, index) => tcpRecord(packet, index * 1000))]);
}

/**
 * One connection per letter of `layout`, in order, so the nth letter is conversation n-1: 'r' a
 * routine LDAP close (as above), 'o' an HTTPS connection still open when the trace ends (a
 * handshake, nothing else wrong with it).
 */
export function routineClosesAmongOpenPcap(layout: string): Buffer {
  const packets = [...layout].flatMap((letter, index) => (letter === 'r' ? routineClose(50000 + index) : connection(WEB_SERVER, 443, 50000 + index, 118, () => [])));
  return Buffer.concat([PCAP_HEADER, ...packets.map((packet, index) => tcpRecord(packet, index * 1000))]);
}

export const TWO_STACKS_HOST = '10.0.0.9';
export const TWO_DISTANCES_HOST = '10.0.0.20';

/**
 * Hosts whose TTLs differ. 10.0.0.9, on the capture's own segment, answers one connection with TTL
 * 128 and one with TTL 255 (two network stacks on one host, as a Windows domain controller shows):
 * both 0 hops away, the same distance. 10.0.0.20 answers one with TTL 118 (10 hops) and one with
 * TTL 126 (2 hops): two distances, as when something on the path answers for it.
 */
export function hostTtlsPcap(): Buffer {
  // The first connection's server also acknowledges, so TTL 128 is 10.0.0.9's most frequent reading.
  const packets = [
    ...connection(DIRECTORY_SERVER, 389, 50000, 128, (client, server) => [{ ...server, flags: ACK, sequence: 5001, acknowledgement: client.sequence + 1 }]),
    ...connection(DIRECTORY_SERVER, 53, 50001, 255, () => []),
    ...connection(WEB_SERVER, 443, 50002, 118, () => []),
    ...connection(WEB_SERVER, 443, 50003, 126, () => []),
  ];
  return Buffer.concat([PCAP_HEADER, ...packets.map((packet, index) => tcpRecord(packet, index * 1000))]);
}

/** 10.0.0.x as the number tcpRecord takes. */
function host(last: number): number {
  return 0x0a000000 + last;
}

/** A SYN from the client answered by RST,ACK from `server` (TTL 64), the refusal of a closed port. */
function refusal(server: number, serverPort: number, clientPort: number): Packet[] {
  const syn: Packet = { from: CLIENT, to: server, fromPort: clientPort, toPort: serverPort, ttl: 128, flags: SYN, sequence: 1000, acknowledgement: 0 };
  return [syn, { from: server, to: CLIENT, fromPort: serverPort, toPort: clientPort, ttl: 64, flags: RST | ACK, sequence: 0, acknowledgement: 1001 }];
}

export const LONE_REFUSER = '10.0.0.50';
export const BUSY_REFUSER = '10.0.0.65';

/**
 * As a port scan meets closed ports: 10.0.0.50 refuses one SYN, 10.0.0.65 refuses `busyCount`
 * SYNs (ports 1, 2, …), each refusal TTL 64, and neither host sends anything else; then `routine`
 * routine LDAP closes, as above. Frame numbers: 10.0.0.50's RST is frame 2, 10.0.0.65's nth is
 * frame 2 + 2n.
 */
export function refusalsPcap(busyCount: number, routine = 2): Buffer {
  const packets = [
    ...refusal(host(50), 80, 41000),
    ...Array.from({ length: busyCount }, (_, index) => refusal(host(65), index + 1, 42000 + index)).flat(),
    ...Array.from({ length: routine }, (_, index) => routineClose(50000 + index)).flat(),
  ];
  return Buffer.concat([PCAP_HEADER, ...packets.map((packet, index) => tcpRecord(packet, index * 1000))]);
}

/**
 * One client port (58602) to `servers`, each answering the handshake on 443: conversations whose
 * client and port read the same and whose server addresses differ only at their end.
 */
export function sameClientPortPcap(servers: number[]): Buffer {
  const packets = servers.flatMap((server, index) => {
    const syn: Packet = { from: CLIENT, to: server, fromPort: 58602, toPort: 443, ttl: 128, flags: SYN, sequence: 1000 + index, acknowledgement: 0 };
    return [syn, { from: server, to: CLIENT, fromPort: 443, toPort: 58602, ttl: 64, flags: SYN | ACK, sequence: 5000, acknowledgement: 1001 + index }];
  });
  return Buffer.concat([PCAP_HEADER, ...packets.map((packet, index) => tcpRecord(packet, index * 1000))]);
}

export const PACED_CLIENT = '10.0.0.5:51000';
export const PACED_SERVER = '10.0.0.20:443';

/**
 * One HTTPS connection whose nth packet is sent `microseconds[n]` after the first: a handshake
 * (SYN, SYN-ACK, ACK), then bare ACKs taking turns from the server and the client, each with its
 * own acknowledgement number, and last a RST,ACK from the server (its own TTL). Frame n+1 is
 * packet n, so the times between frames are known by construction.
 */
export function pacedConversationPcap(microseconds: number[]): Buffer {
  const client: Packet = { from: CLIENT, to: WEB_SERVER, fromPort: 51000, toPort: 443, ttl: 128, flags: SYN, sequence: 1000, acknowledgement: 0 };
  const server: Packet = { from: WEB_SERVER, to: CLIENT, fromPort: 443, toPort: 51000, ttl: 118, flags: SYN | ACK, sequence: 5000, acknowledgement: 1001 };
  const packets = microseconds.map((_, index): Packet => {
    if (index === 0) return client;
    if (index === 1) return server;
    if (index === microseconds.length - 1) return { ...server, flags: RST | ACK, sequence: 5001, acknowledgement: 1001 };
    const fromServer = index % 2 === 1;
    return fromServer ? { ...server, flags: ACK, sequence: 5001, acknowledgement: 1001 + index } : { ...client, flags: ACK, sequence: 1001, acknowledgement: 5001 + index };
  });
  return Buffer.concat([PCAP_HEADER, ...packets.map((packet, index) => tcpRecord(packet, microseconds[index]))]);
}
