/**
 * Damaged-input cases for the capture pipeline, shared by the bounded fuzz test
 * (fuzz.test.ts, part of the normal test run) and the long run (`npm run fuzz`).
 *
 * Inputs are random bytes behind a real magic number, and mutations of the real fixtures:
 * bit flips, truncations, 32-bit fields set to 0 / huge, and NetMon frame-table pointers aimed
 * outside the file. The property: analyzeCapture resolves (never throws, never hangs) with a
 * report whose counts agree with its files, and that names the damage when it did not read
 * every file cleanly.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { analyzeCapture } from '../../../src/lib/capture/analyze-capture';
import type { CaptureReport } from '../../../src/lib/capture/report';
import { memorySource } from '../../../src/lib/io/memory-source';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/capture');

/** One file per container format and version, so every reader is mutated. */
export const SEED_FILES = [
  'middlebox-reset/middlebox-reset.pcap',
  'middlebox-reset/middlebox-reset.ns.pcap',
  'dns/dns.pcapng',
  'middlebox-reset/middlebox-reset.cap',
  'tls-sni/tls-sni.nm23.cap',
  'ipv6/ipv6.nm21.cap',
  'refused/refused.nm1.cap',
  'any-sll2/any-sll2.pcapng',
  'tls-sni/tls-sni.pcapng.gz',
  'middlebox-reset/middlebox-reset.snoop',
];

/** Where a length field sits in an intact file, so a mutation can aim at one exactly. */
interface LengthField { offset: number; bytes: 2 | 4 }

/**
 * The length fields of a seed, found by walking its records: pcap record captured / original
 * lengths; pcapng block total lengths (leading and trailing) and EPB lengths; NetMon record
 * lengths through the frame table; snoop included and record lengths. A plain aligned u32 write
 * would rarely hit these, since pcap records start at any byte. Snoop's fields are big-endian and
 * the mutation writes little-endian, which there still gives 0, 256 (from 0x10000) and huge values.
 */
export function lengthFieldsOf(bytes: Uint8Array): LengthField[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fields: LengthField[] = [];
  const magic = bytes.length >= 4 ? view.getUint32(0, true) : 0;
  if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) {
    for (let offset = 24; offset + 16 <= bytes.length; offset += 16 + view.getUint32(offset + 8, true)) {
      fields.push({ offset: offset + 8, bytes: 4 }, { offset: offset + 12, bytes: 4 });
    }
  } else if (magic === 0x0a0d0d0a) {
    for (let offset = 0; offset + 12 <= bytes.length; offset += view.getUint32(offset + 4, true)) {
      const total = view.getUint32(offset + 4, true);
      fields.push({ offset: offset + 4, bytes: 4 }, { offset: offset + total - 4, bytes: 4 });
      if (view.getUint32(offset, true) === 6) fields.push({ offset: offset + 20, bytes: 4 }, { offset: offset + 24, bytes: 4 });
      if (total < 12) break;
    }
  } else if (magic === 0x6f6f6e73) {
    // "snoo": 16-byte file header, then 24-byte record headers whose third field is the record's length.
    for (let offset = 16; offset + 24 <= bytes.length; offset += view.getUint32(offset + 8)) {
      fields.push({ offset: offset + 4, bytes: 4 }, { offset: offset + 8, bytes: 4 });
      if (view.getUint32(offset + 8) < 24) break;
    }
  } else if (bytes[0] === 0x47 || bytes[0] === 0x52) {
    const version1 = bytes[0] === 0x52;
    const tableOffset = view.getUint32(0x18, true);
    const tableLength = view.getUint32(0x1c, true);
    for (let entry = tableOffset; entry + 4 <= Math.min(bytes.length, tableOffset + tableLength); entry += 4) {
      const record = view.getUint32(entry, true);
      if (version1) fields.push({ offset: record + 4, bytes: 2 }, { offset: record + 6, bytes: 2 });
      else fields.push({ offset: record + 8, bytes: 4 }, { offset: record + 12, bytes: 4 });
    }
  }
  return fields;
}

const seeds = SEED_FILES.map((name) => {
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, name)));
  return { name, bytes, lengthFields: lengthFieldsOf(bytes) };
});

const MAGICS = [
  [0xd4, 0xc3, 0xb2, 0xa1], // pcap, little-endian microseconds
  [0xa1, 0xb2, 0x3c, 0x4d], // pcap, big-endian nanoseconds
  [0x0a, 0x0d, 0x0d, 0x0a], // pcapng section header block
  [0x47, 0x4d, 0x42, 0x55], // NetMon 2.x "GMBU"
  [0x52, 0x54, 0x53, 0x53], // NetMon 1.x "RTSS"
  [0x1f, 0x8b, 0x08, 0x00], // gzip
  [0x73, 0x6e, 0x6f, 0x6f, 0x70, 0, 0, 0, 0, 0, 0, 2], // snoop version 2
];

export interface FuzzCase {
  label: string;
  bytes: Uint8Array;
  chunkSize: number;
}

type Mutation = (bytes: Uint8Array, lengthFields: LengthField[]) => void;

const LIMIT_VALUES = [0, 1, 0x7fffffff, 0xffffffff, 0x10000, 28];

/**
 * A position in a file of any length, taken modulo its length when applied: mostly uniform over the
 * file (fast-check's default bias would pile every edit onto the first bytes), sometimes small so
 * headers get hit too.
 */
const position = fc.oneof({ weight: 3, arbitrary: fc.noBias(fc.integer({ min: 0, max: 0x3fffffff })) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 160 }) });
const at = (where: number, length: number): number => (length === 0 ? 0 : where % length);

/** Each mutation edits a copy in place. */
const mutation: fc.Arbitrary<{ label: string; apply: Mutation }> = fc.oneof(
  fc.array(fc.tuple(position, fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 })
    .map((flips) => ({
      label: `flip bits ${flips.map(([where, bit]) => `${where}:${bit}`).join(',')}`,
      apply: (bytes: Uint8Array) => {
        for (const [where, bit] of flips) if (bytes.length > 0) bytes[at(where, bytes.length)] ^= 1 << bit;
      },
    })),
  fc.tuple(position, fc.constantFrom(...LIMIT_VALUES))
    .map(([where, value]) => ({
      label: `u32 at ${where} = ${value}`,
      apply: (bytes: Uint8Array) => {
        // Aligned to 4 so it lands on length fields as often as on data.
        const offset = at(where, Math.max(1, bytes.length - 3)) & ~3;
        if (offset + 4 <= bytes.length) new DataView(bytes.buffer, bytes.byteOffset).setUint32(offset, value, true);
      },
    })),
  fc.tuple(fc.nat(), fc.constantFrom(...LIMIT_VALUES, 0xffff, 3)).map(([index, value]) => ({
    label: `length field #${index} = ${value}`,
    apply: (bytes: Uint8Array, lengthFields: LengthField[]) => {
      if (lengthFields.length === 0) return;
      const field = lengthFields[index % lengthFields.length];
      if (field.offset + field.bytes > bytes.length) return;
      const view = new DataView(bytes.buffer, bytes.byteOffset);
      if (field.bytes === 2) view.setUint16(field.offset, value & 0xffff, true);
      else view.setUint32(field.offset, value, true);
    },
  })),
  fc.tuple(fc.integer({ min: 0, max: 63 }), fc.constantFrom(0xffffffff, 0x7ffffff0, 0x80)).map(([entry, value]) => ({
    label: `NetMon frame table entry ${entry} = ${value}`,
    apply: (bytes: Uint8Array) => {
      const view = new DataView(bytes.buffer, bytes.byteOffset);
      if (bytes.length < 32 || bytes[0] !== 0x47 || bytes[1] !== 0x4d) return;
      const tableOffset = view.getUint32(0x18, true);
      const tableLength = view.getUint32(0x1c, true);
      const at = tableOffset + 4 * (entry % Math.max(1, tableLength / 4));
      if (at + 4 <= bytes.length) view.setUint32(at, value, true);
    },
  })),
  fc.constantFrom(0x18, 0x1c).chain((field) =>
    fc.constantFrom(0, 3, 0xfffffff0, 0x7fffffff).map((value) => ({
      label: `NetMon header field 0x${field.toString(16)} = ${value}`,
      apply: (bytes: Uint8Array) => {
        if (bytes.length >= field + 4 && bytes[0] === 0x47) new DataView(bytes.buffer, bytes.byteOffset).setUint32(field, value, true);
      },
    })),
  ),
);

const mutatedFixture: fc.Arbitrary<{ label: string; bytes: Uint8Array }> = fc
  .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.option(position, { nil: undefined, freq: 3 }))
  .map(([seedIndex, mutations, truncateAt]) => {
    const seed = seeds[seedIndex];
    let bytes = seed.bytes.slice();
    for (const { apply } of mutations) apply(bytes, seed.lengthFields);
    if (truncateAt !== undefined) bytes = bytes.slice(0, at(truncateAt, bytes.length + 1));
    const truncation = truncateAt === undefined ? '' : `; truncated to ${bytes.length}`;
    return { label: `${seed.name}: ${mutations.map((entry) => entry.label).join('; ')}${truncation}`, bytes };
  });

const randomBytes: fc.Arbitrary<{ label: string; bytes: Uint8Array }> = fc
  .tuple(fc.option(fc.constantFrom(...MAGICS), { nil: undefined }), fc.uint8Array({ maxLength: 4096 }))
  .map(([magic, body]) => {
    const bytes = magic ? Uint8Array.from([...magic, ...body]) : body;
    return { label: `${magic ? 'magic + ' : ''}${body.length} random bytes`, bytes };
  });

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(fc.oneof({ weight: 3, arbitrary: mutatedFixture }, { weight: 1, arbitrary: randomBytes }), fc.constantFrom(7, 64, 1000, 1 << 16))
  .map(([input, chunkSize]) => ({ ...input, chunkSize }));

/** Runs one case and throws (with the case's label) when the report breaks a promise. */
export async function checkCase({ label, bytes, chunkSize }: FuzzCase): Promise<CaptureReport> {
  const report = await analyzeCapture([memorySource('fuzz.bin', bytes)], { chunkSize });
  const fail = (why: string): never => {
    throw new Error(`${label} (chunk ${chunkSize}): ${why}`);
  };
  const filePackets = report.files.reduce((sum, file) => sum + file.packets, 0);
  if (report.packets !== filePackets) fail(`report.packets ${report.packets} != sum of files ${filePackets}`);
  const faulted = report.files.some((file) => file.fault !== null);
  if (faulted && report.damage === null) fail('a file has a fault but report.damage is null');
  if (report.files.length === 0 && report.damage === null) fail('nothing opened as a capture, yet no damage is reported');
  if (report.packets === 0 && (report.firstTime !== null || report.lastTime !== null)) fail('times without packets');
  if (report.packets > 0 && (report.firstTime === null || report.lastTime === null)) fail('packets without times');
  for (const conversation of report.tcp.conversations) {
    if (conversation.packets !== conversation.packetsToServer + conversation.packetsToClient) fail(`conversation ${conversation.id} packet counts disagree`);
    if (conversation.firstFrame < 1 || conversation.lastFrame > report.packets) fail(`conversation ${conversation.id} frames outside 1..${report.packets}`);
  }
  if (report.tcp.packets > report.packets) fail('more TCP packets than packets');
  JSON.stringify(report); // the report must survive structured clone / --json
  return report;
}
