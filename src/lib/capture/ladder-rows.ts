/**
 * A conversation's ladder as the report carries it: packed Int32 rows, LADDER_COLUMNS per packet.
 *
 * A trace with thousands of conversations carries a couple of hundred thousand ladder rows. As
 * objects they were most of the report's build time and garbage-collection work, and the bulk of
 * what the worker had to clone to the page; as rows they are a few MB in one buffer that every
 * conversation's `ladder` views, cloned in one piece. Views read the few rows they draw with
 * ladderPackets(); JSON output goes through ladderJsonReplacer so it keeps the LadderPacket shape.
 */
import type { LadderPacket } from './report';
import { initialTtlOf } from './analyze/ttl';

export const LadderColumn = {
  FRAME: 0,
  /** flags (bits 0-7) | ttl << 8 | LadderMeta bits. */
  META: 1,
  SEQUENCE: 2,
  ACKNOWLEDGMENT: 3,
  WINDOW: 4,
  PAYLOAD: 5,
  /** Time since the conversation's first packet, split so any duration fits two Int32 columns. */
  OFFSET_SECONDS: 6,
  OFFSET_MICROSECONDS: 7,
} as const;
export const LADDER_COLUMNS = 8;

export const LadderMeta = {
  /** Sent by the client (in the analyzer's store, before the report: sent by side A). */
  FROM_CLIENT: 1 << 16,
  SYN_RETRANSMIT: 1 << 17,
  /** Judged to come from a device on the path, not the endpoint it claims (an injected RST). */
  FROM_PATH: 1 << 18,
  /** The capture's own copy of the packet before it (see analyze/capture-copies.ts). */
  CAPTURE_COPY: 1 << 19,
} as const;

export function ladderLength(rows: Int32Array): number {
  return rows.length / LADDER_COLUMNS;
}

export function ladderPacket(rows: Int32Array, index: number): LadderPacket {
  const base = index * LADDER_COLUMNS;
  const meta = rows[base + LadderColumn.META];
  const fromClient = (meta & LadderMeta.FROM_CLIENT) !== 0;
  const ttl = (meta >> 8) & 0xff;
  const initialTtl = initialTtlOf(ttl);
  const packet: LadderPacket = {
    frame: rows[base + LadderColumn.FRAME],
    offsetUs: rows[base + LadderColumn.OFFSET_SECONDS] * 1e6 + rows[base + LadderColumn.OFFSET_MICROSECONDS],
    fromClient,
    flags: meta & 0xff,
    seq: rows[base + LadderColumn.SEQUENCE] >>> 0,
    ack: rows[base + LadderColumn.ACKNOWLEDGMENT] >>> 0,
    window: rows[base + LadderColumn.WINDOW],
    payloadLength: rows[base + LadderColumn.PAYLOAD],
    ttl,
    initialTtl,
    hops: initialTtl - ttl,
    origin: (meta & LadderMeta.FROM_PATH) !== 0 ? 'path' : fromClient ? 'client' : 'server',
  };
  if ((meta & LadderMeta.SYN_RETRANSMIT) !== 0) packet.synRetransmit = true;
  if ((meta & LadderMeta.CAPTURE_COPY) !== 0) packet.captureCopy = true;
  return packet;
}

/** Of a ladder cut to `rows` rows, how many are the conversation's first packets; the rest are its last. */
export function ladderHeadRows(rows: number): number {
  return Math.ceil(rows / 2);
}

/**
 * Where a cut ladder's left-out packets were: its first ladderHeadRows rows are the conversation's
 * first packets, the rest its last, so the gap lies just before this row. Null when nothing was
 * left out, or nothing was kept.
 */
export function ladderOmissionRow(rowCount: number, omitted: number): number | null {
  return omitted > 0 && rowCount > 0 ? ladderHeadRows(rowCount) : null;
}

export function ladderPackets(rows: Int32Array): LadderPacket[] {
  return Array.from({ length: ladderLength(rows) }, (_, index) => ladderPacket(rows, index));
}

/** For JSON.stringify(report, ladderJsonReplacer): ladders come out as LadderPacket arrays, not as {"0": ...} index maps. */
export function ladderJsonReplacer(key: string, value: unknown): unknown {
  return key === 'ladder' && value instanceof Int32Array ? ladderPackets(value) : value;
}
