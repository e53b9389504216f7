import { describe, expect, it } from 'vitest';
import { isSmb2SessionEnd, smb2MessagesEnd } from '../../../../src/lib/capture/decode/smb';

/**
 * An SMB2 message over Direct TCP (MS-SMB2 2.1, 2.2.1): the 4-byte transport header, then the
 * 64-byte header with Status at 8, Command at 12 and Flags at 16 (all little-endian).
 */
function smb2Message(command: number, { status = 0, response = true, bodyBytes = 4 } = {}): Uint8Array {
  const message = new Uint8Array(4 + 64 + bodyBytes);
  const view = new DataView(message.buffer);
  view.setUint32(0, 64 + bodyBytes);
  message.set([0xfe, 0x53, 0x4d, 0x42], 4);
  view.setUint16(4 + 4, 64, true);
  view.setUint32(4 + 8, status, true);
  view.setUint16(4 + 12, command, true);
  view.setUint32(4 + 16, response ? 1 : 0, true);
  return message;
}

const LOGOFF = 2;
const TREE_DISCONNECT = 4;
const CLOSE = 6;
const STATUS_ACCESS_DENIED = 0xc0000022;

describe('SMB2 end of session', () => {
  it('recognises a successful LOGOFF or TREE_DISCONNECT response', () => {
    for (const command of [LOGOFF, TREE_DISCONNECT]) {
      const message = smb2Message(command);
      expect(isSmb2SessionEnd(message, 0, message.length)).toBe(true);
    }
  });

  it('reads the message where the segment starts within a larger buffer', () => {
    const message = smb2Message(LOGOFF);
    const buffer = new Uint8Array(20 + message.length);
    buffer.set(message, 20);
    expect(isSmb2SessionEnd(buffer, 20, buffer.length)).toBe(true);
  });

  it('leaves out requests, failures, other commands and what is not SMB2', () => {
    const cases = [
      smb2Message(LOGOFF, { response: false }),
      smb2Message(LOGOFF, { status: STATUS_ACCESS_DENIED }),
      smb2Message(CLOSE),
      // SMB1's 0xFF 'SMB' marker.
      Uint8Array.from(smb2Message(LOGOFF), (byte, index) => (index === 4 ? 0xff : byte)),
      // A NetBIOS keep-alive, not a session message.
      Uint8Array.from(smb2Message(LOGOFF), (byte, index) => (index === 0 ? 0x85 : byte)),
    ];
    for (const message of cases) expect(isSmb2SessionEnd(message, 0, message.length)).toBe(false);
  });

  it('does not read past a segment cut short inside the header', () => {
    const message = smb2Message(LOGOFF);
    for (const length of [0, 3, 4, 40, 67]) expect(isSmb2SessionEnd(message, 0, length)).toBe(false);
  });
});

describe('SMB2 whole messages', () => {
  it('says a segment of whole messages ends where its last one does', () => {
    const two = new Uint8Array([...smb2Message(CLOSE, { bodyBytes: 60 }), ...smb2Message(LOGOFF)]);
    expect(smb2MessagesEnd(two, 0, two.length)).toBe(true);
  });

  it('says no for a segment that stops inside a message or does not start with one', () => {
    const message = smb2Message(CLOSE, { bodyBytes: 60 });
    expect(smb2MessagesEnd(message, 0, message.length - 1)).toBe(false);
    expect(smb2MessagesEnd(message, 4, message.length)).toBe(false);
  });
});
