/**
 * Byte readers shared by the format parsers. Plain shifts over a Uint8Array (after fflate's
 * b2/b4): no DataView object per read, and `>>> 0` keeps 32-bit values unsigned.
 */

export function u16le(bytes: Uint8Array, position: number): number {
  return bytes[position] | (bytes[position + 1] << 8);
}

export function u16be(bytes: Uint8Array, position: number): number {
  return (bytes[position] << 8) | bytes[position + 1];
}

export function u32le(bytes: Uint8Array, position: number): number {
  return (bytes[position] | (bytes[position + 1] << 8) | (bytes[position + 2] << 16) | (bytes[position + 3] << 24)) >>> 0;
}

export function u32be(bytes: Uint8Array, position: number): number {
  return ((bytes[position] << 24) | (bytes[position + 1] << 16) | (bytes[position + 2] << 8) | bytes[position + 3]) >>> 0;
}

export function u16(bytes: Uint8Array, position: number, littleEndian: boolean): number {
  return littleEndian ? u16le(bytes, position) : u16be(bytes, position);
}

export function u32(bytes: Uint8Array, position: number, littleEndian: boolean): number {
  return littleEndian ? u32le(bytes, position) : u32be(bytes, position);
}

/** "0x1f0": offsets and magic numbers in error text. */
export function hex(value: number): string {
  return `0x${value.toString(16)}`;
}

/** True when `bytes` starts with the ASCII text `prefix` (magic numbers such as "GMBU"). */
export function startsWithAscii(bytes: Uint8Array, prefix: string, position = 0): boolean {
  if (bytes.length < position + prefix.length) return false;
  for (let index = 0; index < prefix.length; index++) {
    if (bytes[position + index] !== prefix.charCodeAt(index)) return false;
  }
  return true;
}
