/**
 * Text for addresses kept in the report. Addresses travel through the analyzer as 32-bit
 * words (see DecodedPacket); strings are made only here, once per conversation or host.
 */

/*
 * Address and endpoint strings are joined rather than concatenated: V8 keeps a concatenation of
 * 13 characters or more as a tree of cons strings, two to three times the size of the flat text,
 * and a report holds several per conversation for as long as it is shown.
 */
function ipv4Text(word: number): string {
  return [word >>> 24, '.', (word >>> 16) & 0xff, '.', (word >>> 8) & 0xff, '.', word & 0xff].join('');
}

/** RFC 5952 canonical text: lower-case hex, no leading zeros, the longest run (>= 2) of zero groups as "::". */
function ipv6Text(words: ArrayLike<number>, base: number): string {
  const groups: number[] = [];
  for (let word = 0; word < 4; word++) {
    const value = words[base + word];
    groups.push(value >>> 16, value & 0xffff);
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; ) {
    if (groups[start] !== 0) {
      start++;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const hex = (from: number, to: number) => groups.slice(from, to).map((group) => group.toString(16)).join(':');
  if (bestStart < 0) return hex(0, 8);
  return [hex(0, bestStart), '::', hex(bestStart + bestLength, 8)].join('');
}

/** `words[base .. base+3]` as an address of the given IP version. */
export function formatAddress(version: number, words: ArrayLike<number>, base = 0): string {
  return version === 6 ? ipv6Text(words, base) : ipv4Text(words[base]);
}

/** "10.0.0.1:443" or "[2001:db8::1]:443", as Wireshark writes endpoints. */
export function formatEndpoint(version: number, address: string, port: number): string {
  return version === 6 ? ['[', address, ']:', port].join('') : [address, ':', port].join('');
}

/** An endpoint from the report's separate address and port (a reset's src and srcPort): IPv6 addresses are the ones with colons. */
export function endpointText(address: string, port: number): string {
  return formatEndpoint(address.includes(':') ? 6 : 4, address, port);
}
