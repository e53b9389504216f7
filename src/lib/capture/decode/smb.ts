/**
 * Just enough SMB2 (MS-SMB2 §2.1, §2.2.1) to read how a conversation ended: whether the server's
 * last answer was whole (a silence after it is an idle connection, not a stalled answer), and
 * whether it ended the session on purpose (Windows resets the connection once the server has
 * answered its LOGOFF or TREE_DISCONNECT, so a reset right after such an answer is routine).
 *
 * Over TCP 445 each SMB2 message follows a 4-byte Direct TCP transport header (a zero byte and a
 * 24-bit length). Only a segment that starts with a message is read; a message split over segments,
 * or after another in the same segment, is not looked for.
 */
import { u16le, u32be, u32le } from '../../io/bytes';

/** Direct TCP transport header, then the 64-byte SMB2 header. */
const TRANSPORT_HEADER_BYTES = 4;
const SMB2_HEADER_BYTES = 64;
const STATUS_OFFSET = 8;
const COMMAND_OFFSET = 12;
const FLAGS_OFFSET = 16;
const SMB2_COMMAND_LOGOFF = 0x0002;
const SMB2_COMMAND_TREE_DISCONNECT = 0x0004;
const SMB2_FLAGS_SERVER_TO_REDIR = 0x00000001;

/** A Direct TCP session message (a zero type byte) whose payload opens with ProtocolId 0xFE 'S' 'M' 'B'; the caller checks 8 bytes are there. */
function opensSmb2Message(data: Uint8Array, at: number): boolean {
  return data[at] === 0 && data[at + 4] === 0xfe && data[at + 5] === 0x53 && data[at + 6] === 0x4d && data[at + 7] === 0x42;
}

/**
 * True when the segment in data[start, end) is whole SMB2 messages: it starts with one, and the
 * transport length of the last ends exactly where the segment does. An answer that stopped partway
 * does not end so.
 */
export function smb2MessagesEnd(data: Uint8Array, start: number, end: number): boolean {
  let at = start;
  while (end - at >= TRANSPORT_HEADER_BYTES + 4) {
    if (!opensSmb2Message(data, at)) return false;
    // The transport header's last 3 bytes: the message length, big-endian.
    const length = u32be(data, at) & 0xffffff;
    at += TRANSPORT_HEADER_BYTES + length;
    if (at === end) return true;
  }
  return false;
}

/** True when the segment in data[start, end) begins with a successful SMB2 LOGOFF or TREE_DISCONNECT response. */
export function isSmb2SessionEnd(data: Uint8Array, start: number, end: number): boolean {
  if (end - start < TRANSPORT_HEADER_BYTES + SMB2_HEADER_BYTES || !opensSmb2Message(data, start)) return false;
  const header = start + TRANSPORT_HEADER_BYTES;
  if (u16le(data, header + 4) !== SMB2_HEADER_BYTES) return false;
  if ((u32le(data, header + FLAGS_OFFSET) & SMB2_FLAGS_SERVER_TO_REDIR) === 0 || u32le(data, header + STATUS_OFFSET) !== 0) return false;
  const command = u16le(data, header + COMMAND_OFFSET);
  return command === SMB2_COMMAND_LOGOFF || command === SMB2_COMMAND_TREE_DISCONNECT;
}
