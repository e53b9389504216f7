/**
 * Just enough TDS, SQL Server's protocol on TCP 1433 ([MS-TDS] 2.2.3.1), to tell whether the
 * server's last segment finished its answer: every TDS packet starts with an 8-byte header whose
 * Status bit 0x01 (EOM) marks the last packet of a message and whose Length (big-endian) covers the
 * header. A client reset after a silence that followed a finished answer dropped an idle connection;
 * after an unfinished one, it gave up on a stalled query.
 */
import { u16be } from '../../io/bytes';

const HEADER_BYTES = 8;
const STATUS_END_OF_MESSAGE = 0x01;
/** Packet types a server sends: tabular result. */
const TYPE_TABULAR_RESULT = 0x04;

/** True when data[start, end) is whole TDS packets from the server, the last of them ending its message. */
export function tdsAnswerEnds(data: Uint8Array, start: number, end: number): boolean {
  let at = start;
  while (end - at >= HEADER_BYTES) {
    if (data[at] !== TYPE_TABULAR_RESULT) return false;
    const length = u16be(data, at + 2);
    if (length < HEADER_BYTES) return false;
    if (at + length === end) return (data[at + 1] & STATUS_END_OF_MESSAGE) !== 0;
    at += length;
  }
  return false;
}
