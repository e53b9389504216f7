import { describe, expect, it } from 'vitest';
import { readConnectTarget, readHttpStatus } from '../../../../src/lib/capture/decode/http';

const bytes = (text: string) => new TextEncoder().encode(text);

/** The text placed mid-buffer, as a payload sits inside a frame. */
function inFrame(text: string): { data: Uint8Array; start: number; end: number } {
  const payload = bytes(text);
  const data = new Uint8Array(payload.length + 20).fill(0x41);
  data.set(payload, 10);
  return { data, start: 10, end: 10 + payload.length };
}

describe('readConnectTarget', () => {
  it.each([
    ['CONNECT wu2.frontend.clouddatahub.net:443 HTTP/1.1\r\nHost: x\r\n\r\n', 'wu2.frontend.clouddatahub.net:443'],
    ['CONNECT [2001:db8::1]:443 HTTP/1.0\r\n\r\n', '[2001:db8::1]:443'],
    ['CONNECT 10.0.0.5:1433 HTTP/1.1\n', '10.0.0.5:1433'],
  ])('%j asks for %s', (text, target) => {
    const { data, start, end } = inFrame(text);
    expect(readConnectTarget(data, start, end)).toBe(target);
  });

  it.each([
    ['GET / HTTP/1.1\r\n\r\n', 'another method'],
    ['connect host:443 HTTP/1.1\r\n', 'methods are case-sensitive'],
    ['CONNECT host:443 HTTP/1.1', 'the line does not end in this segment'],
    ['CONNECT  HTTP/1.1\r\n', 'no target'],
    ['CONNECT host:443 SPDY/3\r\n', 'not HTTP/1.x'],
    [`CONNECT ${'a'.repeat(400)}:443 HTTP/1.1\r\n`, 'longer than any name'],
    ['CONNECT host\u0001:443 HTTP/1.1\r\n', 'a control byte in the target'],
  ])('%j is not a CONNECT request: %s', (text) => {
    const { data, start, end } = inFrame(text);
    expect(readConnectTarget(data, start, end)).toBeNull();
  });
});

describe('readHttpStatus', () => {
  it.each([
    ['HTTP/1.1 407 Proxy Authentication Required\r\n', 407],
    ['HTTP/1.0 200 Connection established\r\n\r\n', 200],
    ['HTTP/1.1 403', 403],
  ])('%j is status %i', (text, status) => {
    const { data, start, end } = inFrame(text);
    expect(readHttpStatus(data, start, end)).toBe(status);
  });

  it.each(['HTTP/1.1 40', 'HTTP/1.1 4x7 Odd', 'HTTP/2 200', 'HTTP/1.1 099 Low', '\u0016\u0003\u0001\u0002\u0000'])('%j has no status', (text) => {
    const { data, start, end } = inFrame(text);
    expect(readHttpStatus(data, start, end)).toBe(0);
  });
});
