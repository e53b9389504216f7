/**
 * Address values for the filter: parsed into 32-bit words so `ip.addr == 10.0.0.0/8` and an IPv6
 * written in any of its equivalent forms (`2001:db8::1`, `2001:0db8:0:0:0:0:0:1`) compare equal.
 */

/** An address as four 32-bit words (IPv4 uses only the last) plus the prefix length that must match. */
export interface AddressPattern {
  version: 4 | 6;
  words: Uint32Array;
  prefixLength: number;
}

export function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

/** RFC 4291 text forms, including "::" compression and a trailing dotted IPv4 part. */
export function parseIpv6(text: string): Uint32Array | null {
  let head = text;
  const groups: number[] = [];
  const dotted = head.lastIndexOf(':') >= 0 && head.includes('.') ? head.slice(head.lastIndexOf(':') + 1) : null;
  let tailGroups: number[] = [];
  if (dotted !== null) {
    const ipv4 = parseIpv4(dotted);
    if (ipv4 === null) return null;
    tailGroups = [Math.floor(ipv4 / 65536), ipv4 % 65536];
    head = head.slice(0, head.length - dotted.length);
    // "::1.2.3.4" leaves "::", "64:ff9b::1.2.3.4" leaves "64:ff9b::"; a single trailing ":" needs a group after it.
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const result: number[] = [];
    for (const group of part.split(':')) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(group)) return null;
      result.push(parseInt(group, 16));
    }
    return result;
  };
  const before = parseGroups(halves[0]);
  const after = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (before === null || after === null) return null;
  const explicit = before.length + after.length + tailGroups.length;
  if (halves.length === 2) {
    if (explicit > 7) return null;
    groups.push(...before, ...new Array<number>(8 - explicit).fill(0), ...after, ...tailGroups);
  } else {
    if (explicit !== 8) return null;
    groups.push(...before, ...tailGroups);
  }
  const words = new Uint32Array(4);
  for (let index = 0; index < 4; index++) words[index] = groups[index * 2] * 65536 + groups[index * 2 + 1];
  return words;
}

/** "a.b.c.d", "a.b.c.d/nn", an IPv6 address, or one with "/nn"; null when the text is none of these. */
export function parseAddressPattern(text: string): AddressPattern | null {
  const slash = text.indexOf('/');
  const addressText = slash >= 0 ? text.slice(0, slash) : text;
  const prefixText = slash >= 0 ? text.slice(slash + 1) : null;
  if (prefixText !== null && !/^\d{1,3}$/.test(prefixText)) return null;
  const ipv4 = parseIpv4(addressText);
  if (ipv4 !== null) {
    const prefixLength = prefixText === null ? 32 : Number(prefixText);
    if (prefixLength > 32) return null;
    return { version: 4, words: Uint32Array.of(0, 0, 0, ipv4), prefixLength: 96 + prefixLength };
  }
  const ipv6 = parseIpv6(addressText);
  if (ipv6 !== null) {
    const prefixLength = prefixText === null ? 128 : Number(prefixText);
    if (prefixLength > 128) return null;
    return { version: 6, words: ipv6, prefixLength };
  }
  return null;
}

const parsedAddresses = new Map<string, Uint32Array | null>();

/** Addresses from the report, parsed once: a filter re-runs over every conversation on each keystroke. */
export function addressWords(text: string): Uint32Array | null {
  let words = parsedAddresses.get(text);
  if (words === undefined) {
    const ipv4 = parseIpv4(text);
    words = ipv4 !== null ? Uint32Array.of(0, 0, 0, ipv4) : parseIpv6(text);
    if (parsedAddresses.size > 200_000) parsedAddresses.clear();
    parsedAddresses.set(text, words);
  }
  return words;
}

export function addressMatches(pattern: AddressPattern, words: Uint32Array): boolean {
  let bitsLeft = pattern.prefixLength;
  for (let index = 0; index < 4 && bitsLeft > 0; index++) {
    const bits = Math.min(32, bitsLeft);
    const mask = bits === 32 ? 0xffffffff : ~(0xffffffff >>> bits) >>> 0;
    if (((pattern.words[index] & mask) >>> 0) !== ((words[index] & mask) >>> 0)) return false;
    bitsLeft -= bits;
  }
  return true;
}
