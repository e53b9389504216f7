/**
 * The two lines of HTTP a proxied connection shows in clear (RFC 9110 §9.3.6): the client's
 * `CONNECT host:port HTTP/1.1` asking the proxy for a tunnel, and the proxy's status line
 * answering it. After a 2xx the tunnel carries TLS, which the TLS decoder reads as usual; any
 * other status is the proxy's refusal (407: authenticate first; 403: not allowed).
 *
 * Both read only the first line of a segment, within MAX_LINE bytes; nothing else of HTTP is parsed.
 */

/** A CONNECT line is "CONNECT " + authority (at most a 253-character name and a port) + " HTTP/1.1". */
const MAX_LINE = 300;
const CONNECT = 'CONNECT ';
const HTTP_VERSION = 'HTTP/1.';

function startsWith(data: Uint8Array, start: number, end: number, text: string): boolean {
  if (end - start < text.length) return false;
  for (let index = 0; index < text.length; index++) if (data[start + index] !== text.charCodeAt(index)) return false;
  return true;
}

/** Offset of the first CR or LF at or after `start`, within the line limit; -1 when the line does not end there. */
function lineEnd(data: Uint8Array, start: number, end: number): number {
  const limit = Math.min(end, start + MAX_LINE);
  for (let at = start; at < limit; at++) if (data[at] === 0x0d || data[at] === 0x0a) return at;
  return -1;
}

/** Printable ASCII other than space, as an authority may contain (host, brackets for IPv6, colon and port). */
function isAuthorityByte(byte: number): boolean {
  return byte > 0x20 && byte < 0x7f;
}

/** "host:port" from a segment that begins with a CONNECT request line, else null. */
export function readConnectTarget(data: Uint8Array, start: number, end: number): string | null {
  if (!startsWith(data, start, end, CONNECT)) return null;
  const stop = lineEnd(data, start, end);
  if (stop < 0) return null;
  let at = start + CONNECT.length;
  const targetStart = at;
  while (at < stop && isAuthorityByte(data[at])) at++;
  if (at === targetStart || data[at] !== 0x20 || !startsWith(data, at + 1, stop, HTTP_VERSION)) return null;
  return String.fromCharCode(...data.subarray(targetStart, at));
}

/** The status code of a segment that begins with an HTTP/1.x status line, else 0. */
export function readHttpStatus(data: Uint8Array, start: number, end: number): number {
  // "HTTP/1.1 407": the version's last digit, a space, then three digits.
  const codeStart = start + HTTP_VERSION.length + 2;
  if (!startsWith(data, start, end, HTTP_VERSION) || end - codeStart < 3 || data[codeStart - 1] !== 0x20) return 0;
  let code = 0;
  for (let at = codeStart; at < codeStart + 3; at++) {
    const digit = data[at] - 0x30;
    if (digit < 0 || digit > 9) return 0;
    code = code * 10 + digit;
  }
  return code >= 100 ? code : 0;
}
