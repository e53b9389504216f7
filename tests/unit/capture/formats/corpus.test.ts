/**
 * File-level truth for the public corpus: for every file we claim to read, the packet count,
 * earliest and latest timestamps and format must equal what Wireshark 4.0's capinfos reported
 * (MANIFEST.json); damaged files must fault after the same number of packets. Differences we
 * accept on purpose are listed in TOLERATED with the reason.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaptureErrorCode } from '../../../../src/lib/capture/records';
import { formatIsoTime } from '../../../../src/lib/capture/time';
import { memorySource } from '../../../../src/lib/io/memory-source';
import { PUBLIC_CORPUS } from '../public-corpus';
import { readAll, type SeenRecord } from './support';

const CORPUS = PUBLIC_CORPUS === undefined ? undefined : `${PUBLIC_CORPUS}/`;

interface GroundTruth {
  format: string;
  encapsulation?: string;
  encapsulations_in_use?: Record<string, number>;
  packets: number;
  first_ts: string | null;
  last_ts: string | null;
  error: string | null;
  packets_before_error?: number;
}

const FORMAT_NAMES: Record<string, string> = { pcap: 'pcap', nsecpcap: 'pcap', pcapng: 'pcapng', netmon2: 'netmon', snoop: 'snoop' };

/** Files where our answer differs from capinfos on purpose. */
const TOLERATED: Record<string, { reason: string; check: (records: SeenRecord[], linkTypes: number[]) => void }> = {
  'tcpdump__brcm-tag.pcap': {
    reason: 'capinfos refuses link type 281, which Wireshark 4.0 does not know; this layer passes unknown link types on and records them',
    check: (records, linkTypes) => expect([records.length > 0, linkTypes]).toEqual([true, [281]]),
  },
  'libpcap__brcm-tag-stp.pcap': {
    reason: 'as tcpdump__brcm-tag.pcap: link type 281 is unknown to Wireshark 4.0, not damage',
    check: (records, linkTypes) => expect([records.length > 0, linkTypes]).toEqual([true, [281]]),
  },
  'tcpdump__hoobr_juniper3.pcap': {
    reason: 'the link type field 0x30000084 carries FCS bits above link type 132; capinfos compares the whole field, we take the low 16 bits',
    check: (records, linkTypes) => expect([records.length, linkTypes]).toEqual([1, [132]]),
  },
  'tcpdump__timestamp_invalid_nano.pcap': {
    reason:
      'records 2 and 3 have nanoseconds 1000000000 and 0x80000000 (>= 1e9); capinfos prints the last raw as ".-2147483648" ' +
      '(`tshark -T fields -e frame.time_epoch`: 1418145370.1000000000 and -1418145370.2147483648), we place both at the start of second 1418145370',
    check: (records) => expect(records.map((record) => record.time)).toEqual(['1418145369.999999999', '1418145370.000000000', '1418145370.000000000']),
  },
  'pcapplusplus__pcapng-example.pcapng': {
    reason: 'some EPB timestamps exceed 2^63 µs; the pcapng spec makes them unsigned (year ~586000), Wireshark reads them as negative, so its earliest time differs; the latest matches',
    check: (records) => expect(latest(records)).toBe('18446744073204.277451000'),
  },
};

function earliest(records: SeenRecord[]): string {
  return records.reduce((best, record) => (compare(record, best) < 0 ? record : best)).time;
}

function latest(records: SeenRecord[]): string {
  return records.reduce((best, record) => (compare(record, best) > 0 ? record : best)).time;
}

function compare(left: SeenRecord, right: SeenRecord): number {
  return left.tsSec - right.tsSec || left.tsNsec - right.tsNsec;
}

/** "1470923658.8835104" -> seconds and fraction digits exactly as written (no float). */
function splitDecimal(text: string): { seconds: number; fraction: string } {
  const [seconds, fraction = ''] = text.split('.');
  return { seconds: Number(seconds), fraction };
}

/** Our time for `record`, cut to the digits capinfos printed, against capinfos' decimal string. */
function expectSameTime(ours: string, manifest: string): void {
  const theirs = splitDecimal(manifest);
  const mine = splitDecimal(ours);
  expect(`${mine.seconds}.${mine.fraction.slice(0, theirs.fraction.length)}`).toBe(manifest);
  // The same instant as ISO text, built independently of formatIsoTime through Date where Date can hold it.
  const date = new Date(theirs.seconds * 1000);
  if (!Number.isNaN(date.getTime())) {
    const iso = date.toISOString().replace('.000Z', theirs.fraction ? `.${theirs.fraction}Z` : 'Z');
    expect(formatIsoTime(mine.seconds, Number(mine.fraction), theirs.fraction.length)).toBe(iso);
  }
}

const CODE_FOR_ERROR: Array<[RegExp, string]> = [
  [/doesn't support/, CaptureErrorCode.Unsupported],
  [/damaged or corrupt/, CaptureErrorCode.BadFile],
  [/cut short/, CaptureErrorCode.ShortRead],
];

describe.skipIf(!CORPUS)('public corpus (skipped: ../shared/captures/public not found beside the repo)', () => {
  const manifest = CORPUS ? JSON.parse(readFileSync(CORPUS + 'MANIFEST.json', 'utf8')) : { files: [] };
  const entries: Array<{ file: string; ground_truth: GroundTruth }> = manifest.files;
  const claimed = entries.filter((entry) => entry.ground_truth.format in FORMAT_NAMES);

  it('claims every pcap, pcapng, NetMon and snoop file in the manifest', () => {
    expect(claimed.length).toBeGreaterThan(150);
  });

  it.each(claimed.map((entry) => [entry.file, entry.ground_truth] as const))('%s', async (file, truth) => {
    const bytes = new Uint8Array(readFileSync(CORPUS + file));
    const { trace, records } = await readAll([memorySource(file, bytes)], { chunkSize: 1 << 16 });
    expect(trace.files[0]?.format).toBe(FORMAT_NAMES[truth.format]);
    expect(trace.files[0].compressed ?? false).toBe(file.endsWith('.gz'));
    const tolerated = TOLERATED[file];
    if (tolerated) {
      tolerated.check(records, trace.files[0].linkTypes);
      return;
    }
    if (truth.error) {
      expect(records.length).toBe(truth.packets_before_error);
      expect(trace.faults).toHaveLength(1);
      const code = CODE_FOR_ERROR.find(([pattern]) => pattern.test(truth.error as string))?.[1];
      expect(trace.faults[0].code).toBe(code);
      return;
    }
    expect(trace.faults).toEqual([]);
    expect(records.length).toBe(truth.packets);
    // capinfos prints no times for some pcapng-test-generator files (their packets lack timestamps).
    if (truth.first_ts && truth.last_ts) {
      expectSameTime(earliest(records), truth.first_ts);
      expectSameTime(latest(records), truth.last_ts);
    }
  });

  /** capinfos' short file encapsulation names -> LINKTYPE. */
  const LINK_TYPE_BY_FILE_ENCAPSULATION: Record<string, number> = { ether: 1, null: 0 };
  /** capinfos encapsulation names -> LINKTYPE, for the names the per-packet pcapng files use. */
  const LINK_TYPE_BY_NAME: Record<string, number> = { Ethernet: 1, 'NULL/Loopback': 0, 'Linux cooked-mode capture v1': 113 };
  const perPacket = claimed.filter((entry) => entry.ground_truth.format === 'pcapng' && Object.keys(entry.ground_truth.encapsulations_in_use ?? {}).length > 0);

  it.each(perPacket.map((entry) => [entry.file, entry.ground_truth] as const))('%s: packets per link type equal capinfos', async (file, truth) => {
    const { records } = await readAll([memorySource(file, new Uint8Array(readFileSync(CORPUS + file)))]);
    const counts: Record<number, number> = {};
    for (const record of records) counts[record.linkType] = (counts[record.linkType] ?? 0) + 1;
    const expected: Record<number, number> = {};
    for (const [name, count] of Object.entries(truth.encapsulations_in_use ?? {})) expected[LINK_TYPE_BY_NAME[name]] = count;
    expect(counts).toEqual(expected);
  });

  // Snoop files carry one link type in the header; capinfos names it as the file encapsulation.
  const snoopFiles = claimed.filter((entry) => entry.ground_truth.format === 'snoop');

  it('holds a snoop file, so the snoop reader is checked against capinfos', () => {
    expect(snoopFiles.length).toBeGreaterThan(0);
  });

  it.each(snoopFiles.map((entry) => [entry.file, entry.ground_truth] as const))('%s: link type is the one capinfos names', async (file, truth) => {
    const { trace } = await readAll([memorySource(file, new Uint8Array(readFileSync(CORPUS + file)))]);
    expect(trace.files[0].linkTypes).toEqual([LINK_TYPE_BY_FILE_ENCAPSULATION[truth.encapsulation ?? '']]);
    expect(trace.files[0].timePrecisionDigits).toBe(6);
  });
});
