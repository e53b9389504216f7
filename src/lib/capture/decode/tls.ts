/**
 * TLS records (RFC 8446 §5.1, RFC 5246 §6.2): the ClientHello's server_name extension
 * (RFC 6066 §3), plaintext alerts (RFC 8446 §6) and, up to TLS 1.2, the names on the first
 * certificate of a Certificate message (RFC 5246 §7.4.2; TLS 1.3 encrypts it). Everything after
 * the handshake is encrypted, so these are what a trace can tell about TLS without keys.
 *
 * Works on any byte range: the analyzer passes a TCP payload, or a payload joined with the
 * previous segment's tail when a ClientHello did not fit in one segment.
 */

import { certificateNames, type CertificateNames } from './x509';

const CONTENT_ALERT = 21;
const CONTENT_HANDSHAKE = 22;
const HANDSHAKE_CLIENT_HELLO = 1;
const HANDSHAKE_CERTIFICATE = 11;
const EXTENSION_SERVER_NAME = 0;
const SERVER_NAME_HOST = 0;
export const TLS_RECORD_HEADER_LENGTH = 5;
/** 2^14 plaintext plus the expansion RFC 5246 §6.2.3 allows; anything longer is not TLS. */
export const TLS_MAX_RECORD_LENGTH = 16384 + 2048;

export const TLS_ALERT_DESCRIPTIONS: Record<number, string> = {
  0: 'close notify',
  10: 'unexpected message',
  20: 'bad record MAC',
  21: 'decryption failed',
  22: 'record overflow',
  40: 'handshake failure',
  42: 'bad certificate',
  43: 'unsupported certificate',
  44: 'certificate revoked',
  45: 'certificate expired',
  46: 'certificate unknown',
  47: 'illegal parameter',
  48: 'unknown CA',
  49: 'access denied',
  50: 'decode error',
  51: 'decrypt error',
  70: 'protocol version',
  71: 'insufficient security',
  80: 'internal error',
  86: 'inappropriate fallback',
  90: 'user canceled',
  100: 'no renegotiation',
  109: 'missing extension',
  110: 'unsupported extension',
  112: 'unrecognized name',
  113: 'bad certificate status response',
  115: 'unknown PSK identity',
  116: 'certificate required',
  120: 'no application protocol',
};

/** What one scan found; a reusable target. */
export class TlsScan {
  serverName: string | null = null;
  /** Names on the first certificate of a plaintext Certificate message (the sender's own). */
  certificate: CertificateNames | null = null;
  /** 1 warning, 2 fatal; 0 when no plaintext alert was seen. */
  alertLevel = 0;
  alertDescription = -1;
  /** > 0 when the range ends inside a record that looked like a handshake: its full length, so the
   *  caller can keep the bytes from `incompleteOffset` and try again with the next segment. */
  incompleteLength = 0;
  incompleteOffset = 0;
  /** True when at least the first record header looked like TLS. */
  recognised = false;

  reset(): void {
    this.serverName = null;
    this.certificate = null;
    this.alertLevel = 0;
    this.alertDescription = -1;
    this.incompleteLength = 0;
    this.incompleteOffset = 0;
    this.recognised = false;
  }
}

function read16(data: Uint8Array, offset: number): number {
  return (data[offset] << 8) | data[offset + 1];
}

/** Length of the record body if a plausible TLS record header starts at `offset`, else -1. */
export function tlsRecordLength(data: Uint8Array, offset: number, end: number): number {
  if (offset + TLS_RECORD_HEADER_LENGTH > end) return -1;
  const contentType = data[offset];
  if (contentType < 20 || contentType > 24 || data[offset + 1] !== 3 || data[offset + 2] > 4) return -1;
  const length = read16(data, offset + 3);
  return length === 0 || length > TLS_MAX_RECORD_LENGTH ? -1 : length;
}

/** Reads server_name from a ClientHello body [start, end); null when absent or malformed. */
function clientHelloServerName(data: Uint8Array, start: number, end: number): string | null {
  let cursor = start + 2 + 32; // client_version, random
  if (cursor + 1 > end) return null;
  cursor += 1 + data[cursor]; // session id
  if (cursor + 2 > end) return null;
  cursor += 2 + read16(data, cursor); // cipher suites
  if (cursor + 1 > end) return null;
  cursor += 1 + data[cursor]; // compression methods
  if (cursor + 2 > end) return null;
  const extensionsEnd = Math.min(end, cursor + 2 + read16(data, cursor));
  cursor += 2;
  while (cursor + 4 <= extensionsEnd) {
    const type = read16(data, cursor);
    const length = read16(data, cursor + 2);
    const body = cursor + 4;
    if (body + length > extensionsEnd) return null;
    if (type === EXTENSION_SERVER_NAME && length >= 5) {
      const listEnd = Math.min(body + length, body + 2 + read16(data, body));
      let entry = body + 2;
      while (entry + 3 <= listEnd) {
        const nameLength = read16(data, entry + 1);
        if (entry + 3 + nameLength > listEnd) return null;
        if (data[entry] === SERVER_NAME_HOST) return String.fromCharCode(...data.subarray(entry + 3, entry + 3 + nameLength));
        entry += 3 + nameLength;
      }
      return null;
    }
    cursor = body + length;
  }
  return null;
}

/**
 * Names on the first certificate of a Certificate message among the handshake messages in
 * [start, end), which may stop inside it. The list's and the certificate's lengths must agree, so
 * an encrypted Finished (also a handshake record) is not read as one.
 */
function firstCertificateNames(data: Uint8Array, start: number, end: number): CertificateNames | null {
  let cursor = start;
  // A message header (type, 3-byte length), the list's 3-byte length, the first certificate's 3-byte length.
  while (cursor + 10 <= end) {
    const length = (data[cursor + 1] << 16) | read16(data, cursor + 2);
    if (data[cursor] === HANDSHAKE_CERTIFICATE) {
      const listLength = (data[cursor + 4] << 16) | read16(data, cursor + 5);
      const certificateLength = (data[cursor + 7] << 16) | read16(data, cursor + 8);
      if (listLength + 3 !== length || certificateLength + 3 > listLength) return null;
      const first = cursor + 10;
      return certificateNames(data, first, Math.min(end, first + certificateLength));
    }
    cursor += 4 + length;
  }
  return null;
}

/** Scans consecutive TLS records in [offset, end) into `out` (which the caller resets). */
export function scanTlsRecords(data: Uint8Array, offset: number, end: number, out: TlsScan): void {
  let cursor = offset;
  while (cursor < end) {
    const length = tlsRecordLength(data, cursor, end);
    if (length < 0) return;
    out.recognised = true;
    const body = cursor + TLS_RECORD_HEADER_LENGTH;
    const contentType = data[cursor];
    // A certificate's names come early in it, so a record cut short by the segment still shows them.
    if (contentType === CONTENT_HANDSHAKE && out.certificate === null && data[body] !== HANDSHAKE_CLIENT_HELLO) {
      out.certificate = firstCertificateNames(data, body, Math.min(end, body + length));
    }
    if (body + length > end) {
      if (contentType === CONTENT_HANDSHAKE) {
        out.incompleteOffset = cursor;
        out.incompleteLength = TLS_RECORD_HEADER_LENGTH + length;
      }
      return;
    }
    if (contentType === CONTENT_HANDSHAKE && length >= 4 && data[body] === HANDSHAKE_CLIENT_HELLO && out.serverName === null) {
      const messageEnd = Math.min(body + length, body + 4 + ((data[body + 1] << 16) | read16(data, body + 2)));
      out.serverName = clientHelloServerName(data, body + 4, messageEnd);
    } else if (contentType === CONTENT_ALERT && length === 2 && (data[body] === 1 || data[body] === 2)) {
      out.alertLevel = data[body];
      out.alertDescription = data[body + 1];
    }
    cursor = body + length;
  }
}

export function tlsAlertText(level: number, description: number): { level: string; description: string } {
  return {
    level: level === 2 ? 'fatal' : 'warning',
    description: TLS_ALERT_DESCRIPTIONS[description] ?? `alert ${description}`,
  };
}
