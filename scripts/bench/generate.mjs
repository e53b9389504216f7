// Synthetic benchmark traces: a pcap of many interleaved TCP conversations carrying text.
//
// The payloads are HTTP-like text on purpose: random binary TCP payloads wake a Wireshark heuristic
// dissector that makes tshark quadratic, which would flatter our ratio unfairly (see DESIGN.md).
// Each conversation is a handshake, request/response rounds, and a FIN close; every 97th is
// refused and every 89th reset after its data, so the analysis has findings to build.
import { closeSync, openSync, writeSync } from 'node:fs';

const ETHERNET_IPV4_TCP = 14 + 20 + 20;
const FLAGS = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 };
const WORDS = ('integration runtime gateway datafactory copy activity pipeline node dispatch heartbeat ' +
  'credential linked service dataset sink source parquet blob storage queue token refresh proxy ' +
  'connection established request response status succeeded failed retry timeout').split(' ');

/** Small deterministic PRNG (mulberry32): the same trace every run, so figures are comparable. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

function textBlock(next, length) {
  const parts = [];
  let size = 0;
  while (size < length) {
    const line = `${WORDS[Math.floor(next() * WORDS.length)]}=${Math.floor(next() * 1e6)} ${WORDS[Math.floor(next() * WORDS.length)]}\r\n`;
    parts.push(line);
    size += line.length;
  }
  return Buffer.from(parts.join('').slice(0, length), 'latin1');
}

class PcapWriter {
  constructor(path) {
    this.fd = openSync(path, 'w');
    this.buffer = Buffer.alloc(8 << 20);
    this.used = 0;
    this.bytes = 0;
    this.packets = 0;
    const header = Buffer.alloc(24);
    header.writeUInt32LE(0xa1b2c3d4, 0);
    header.writeUInt16LE(2, 4);
    header.writeUInt16LE(4, 6);
    header.writeUInt32LE(262144, 16);
    header.writeUInt32LE(1, 20);
    this.append(header);
  }

  append(bytes) {
    if (this.used + bytes.length > this.buffer.length) this.flush();
    bytes.copy(this.buffer, this.used);
    this.used += bytes.length;
    this.bytes += bytes.length;
  }

  flush() {
    writeSync(this.fd, this.buffer, 0, this.used);
    this.used = 0;
  }

  close() {
    this.flush();
    closeSync(this.fd);
  }

  /** One Ethernet/IPv4/TCP frame with a valid IPv4 header checksum. */
  packet(timeUs, from, to, flags, seq, ack, payload, ttl) {
    const frameLength = ETHERNET_IPV4_TCP + payload.length;
    const frame = Buffer.alloc(16 + frameLength);
    frame.writeUInt32LE(Math.floor(timeUs / 1e6), 0);
    frame.writeUInt32LE(timeUs % 1e6, 4);
    frame.writeUInt32LE(frameLength, 8);
    frame.writeUInt32LE(frameLength, 12);
    const ethernet = 16;
    frame.writeUInt32BE(0x02000000 | (to.address & 0xffff), ethernet);
    frame.writeUInt32BE(0x02000000 | (from.address & 0xffff), ethernet + 6);
    frame.writeUInt16BE(0x0800, ethernet + 12);
    const ip = ethernet + 14;
    frame.writeUInt16BE(0x4500, ip);
    frame.writeUInt16BE(20 + 20 + payload.length, ip + 2);
    frame.writeUInt16BE(this.packets & 0xffff, ip + 4);
    frame.writeUInt16BE(0x4000, ip + 6);
    frame[ip + 8] = ttl;
    frame[ip + 9] = 6;
    frame.writeUInt32BE(from.address >>> 0, ip + 12);
    frame.writeUInt32BE(to.address >>> 0, ip + 16);
    let sum = 0;
    for (let index = 0; index < 20; index += 2) sum += frame.readUInt16BE(ip + index);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    frame.writeUInt16BE(~sum & 0xffff, ip + 10);
    const tcp = ip + 20;
    frame.writeUInt16BE(from.port, tcp);
    frame.writeUInt16BE(to.port, tcp + 2);
    frame.writeUInt32BE(seq >>> 0, tcp + 4);
    frame.writeUInt32BE(ack >>> 0, tcp + 8);
    frame[tcp + 12] = 5 << 4;
    frame[tcp + 13] = flags;
    frame.writeUInt16BE(65535, tcp + 14);
    payload.copy(frame, tcp + 20);
    this.append(frame);
    this.packets += 1;
  }
}

/** Writes a pcap of at least `targetBytes`; returns { packets, conversations, bytes }. */
export function generateTcpTrace(path, targetBytes, seed = 20260) {
  const next = random(seed);
  const writer = new PcapWriter(path);
  const texts = Array.from({ length: 64 }, (_, index) => textBlock(next, 200 + ((index * 97) % 1200)));
  const empty = Buffer.alloc(0);
  const active = [];
  let timeUs = 1_780_000_000 * 1e6;
  let conversations = 0;

  const open = () => {
    conversations += 1;
    const client = { address: (10 << 24) | (1 << 16) | (conversations % 60000), port: 1024 + (conversations % 60000) };
    const server = { address: (10 << 24) | (200 << 16) | (conversations % 40), port: [443, 1433, 8060, 80][conversations % 4] };
    const kind = conversations % 97 === 0 ? 'refused' : conversations % 89 === 0 ? 'reset' : 'normal';
    active.push({ client, server, kind, step: 0, rounds: 5 + Math.floor(next() * 40), clientSeq: 1000, serverSeq: 5000 });
  };

  while (writer.bytes < targetBytes) {
    while (active.length < 300) open();
    const index = Math.floor(next() * active.length);
    const c = active[index];
    timeUs += 1 + Math.floor(next() * 40);
    const { client, server } = c;
    if (c.step === 0) {
      writer.packet(timeUs, client, server, FLAGS.SYN, c.clientSeq++, 0, empty, 128);
    } else if (c.step === 1) {
      if (c.kind === 'refused') {
        writer.packet(timeUs, server, client, FLAGS.RST | FLAGS.ACK, 0, c.clientSeq, empty, 123);
        active.splice(index, 1);
        continue;
      }
      writer.packet(timeUs, server, client, FLAGS.SYN | FLAGS.ACK, c.serverSeq++, c.clientSeq, empty, 123);
    } else if (c.step === 2) {
      writer.packet(timeUs, client, server, FLAGS.ACK, c.clientSeq, c.serverSeq, empty, 128);
    } else if (c.step < 3 + 2 * c.rounds) {
      const fromClient = c.step % 2 === 1;
      const payload = texts[Math.floor(next() * texts.length)];
      if (fromClient) {
        writer.packet(timeUs, client, server, FLAGS.PSH | FLAGS.ACK, c.clientSeq, c.serverSeq, payload, 128);
        c.clientSeq += payload.length;
      } else {
        writer.packet(timeUs, server, client, FLAGS.PSH | FLAGS.ACK, c.serverSeq, c.clientSeq, payload, 123);
        c.serverSeq += payload.length;
      }
    } else if (c.kind === 'reset') {
      writer.packet(timeUs, server, client, FLAGS.RST, c.serverSeq, 0, empty, 62);
      active.splice(index, 1);
      continue;
    } else {
      const closing = c.step - (3 + 2 * c.rounds);
      if (closing === 0) writer.packet(timeUs, client, server, FLAGS.FIN | FLAGS.ACK, c.clientSeq++, c.serverSeq, empty, 128);
      else if (closing === 1) writer.packet(timeUs, server, client, FLAGS.FIN | FLAGS.ACK, c.serverSeq++, c.clientSeq, empty, 123);
      else {
        writer.packet(timeUs, client, server, FLAGS.ACK, c.clientSeq, c.serverSeq, empty, 128);
        active.splice(index, 1);
        continue;
      }
    }
    c.step += 1;
  }
  writer.close();
  return { packets: writer.packets, conversations, bytes: writer.bytes };
}

/** A SHIR-like text log of about `targetBytes`, with the error lines the log analyzer looks for. */
export function generateLog(targetBytes, seed = 7) {
  const next = random(seed);
  const errors = [
    'System.Net.Sockets.SocketException (10061): No connection could be made because the target machine actively refused it. 10.0.0.5:1433',
    'System.Net.Http.HttpRequestException: The remote name could not be resolved: \'contoso.servicebus.windows.net\'',
    'System.IO.IOException: Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host.',
    'The SSL connection could not be established, see inner exception. The remote certificate is invalid according to the validation procedure.',
    'Failed to connect to the remote node on port 8060. The node is marked Inactive.',
  ];
  const lines = [];
  let size = 0;
  let second = 0;
  while (size < targetBytes) {
    second += 1;
    const stamp = new Date(Date.UTC(2026, 10, 1) + second * 250).toISOString();
    const line = next() < 0.03
      ? `${stamp} [Error] ${errors[Math.floor(next() * errors.length)]}`
      : `${stamp} [Information] ${WORDS[Math.floor(next() * WORDS.length)]} ${WORDS[Math.floor(next() * WORDS.length)]} took ${Math.floor(next() * 5000)} ms activityId=${Math.floor(next() * 1e9).toString(16)}`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}
