import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../../src/lib/capture/formats/detect';
import { CaptureError } from '../../../../src/lib/capture/records';
import { memorySource } from '../../../../src/lib/io/memory-source';
import { etlHead, fixture, fixtureBytes, readAll } from './support';

const text = (value: string) => new TextEncoder().encode(value);

describe('detectFormat', () => {
  it.each([
    ['base.pcap', 'pcap', 'pcap (microsecond, little-endian)', '2.4'],
    ['base-be.pcap', 'pcap', 'pcap (microsecond, big-endian)', '2.4'],
    ['base-nsec.pcap', 'pcap', 'pcap (nanosecond, little-endian)', '2.4'],
    ['base-modified.pcap', 'pcap', 'pcap (modified, microsecond, little-endian)', '2.4'],
    ['base.pcapng', 'pcapng', 'pcapng (little-endian)', '1.0'],
    ['netmon1.cap', 'netmon', 'Network Monitor 1.1', '1.1'],
    ['netmon23.cap', 'netmon', 'Network Monitor 2.3', '2.3'],
    ['base.snoop', 'snoop', 'Sun snoop', '2'],
    ['base.pcapng.gz', 'gzip', 'gzip-compressed data', undefined],
  ])('%s is %s', (name, kind, label, version) => {
    const detection = detectFormat(fixtureBytes(name).subarray(0, 64));
    expect(detection).toEqual({ kind, label, version, supported: true });
  });

  it.each([
    ['zip', fixtureBytes('archive.zip'), 'Extract it first'],
    ['evtx', text('ElfFile\0' + '\0'.repeat(120)), 'log analyzer'],
    ['etl', etlHead(), 'pktmon etl2pcap file.etl --out file.pcapng'],
    ['text', text('2024-05-01 10:00:00 ERROR Failed to connect to the data factory service\r\n'.repeat(3)), 'log analyzer'],
    ['text', new Uint8Array([0xff, 0xfe, 0x45, 0x00, 0x52, 0x00]), 'log analyzer'],
  ])('recognises %s and says what to do next', (kind, head, hint) => {
    const detection = detectFormat(head);
    expect(detection.kind).toBe(kind);
    expect(detection.supported).toBe(false);
    expect(detection.hint).toContain(hint);
  });

  it('names an unknown binary file with its first bytes', () => {
    expect(detectFormat(new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3])).hint).toContain('0xdeadbeef');
    expect(detectFormat(new Uint8Array(0))).toMatchObject({ kind: 'unknown', label: 'empty file' });
  });

  it('a netsh ETL hint points at etl2pcapng', () => {
    expect(detectFormat(etlHead()).hint).toContain('etl2pcapng');
  });

  it('never trusts the file name', async () => {
    const { trace } = await readAll([memorySource('trace.cap', fixtureBytes('base.pcapng'))]);
    expect(trace.files[0].format).toBe('pcapng');
  });
});

describe('openTrace with files that are not captures', () => {
  it('lists each as a fault with its code and hint, reads the captures among them, and counts their bytes as read', async () => {
    const sources = [
      memorySource('notes.txt', text('Connection reset by peer\n'.repeat(20))),
      fixture('base.pcap'),
      fixture('archive.zip'),
      memorySource('mystery.bin', new Uint8Array([1, 2, 3, 0, 0, 0, 9, 9])),
      memorySource('trace.pcapng.gz', fixtureBytes('archive.zip')),
    ];
    const { trace, records } = await readAll(sources);
    expect(trace.files.map((file) => file.name)).toEqual(['base.pcap']);
    expect(records).toHaveLength(6);
    expect(trace.faults.map((fault) => [fault.file, fault.code])).toEqual([
      ['notes.txt', 'unsupported'],
      ['archive.zip', 'unsupported'],
      ['mystery.bin', 'unknown-format'],
      ['trace.pcapng.gz', 'unsupported'],
    ]);
    expect(trace.faults[0].reason).toMatchInlineSnapshot(`"plain text: not a packet capture this tool reads"`);
    expect(trace.bytesRead).toBe(trace.bytesTotal);
  });

  it('reports a source that cannot be read at all instead of throwing', async () => {
    const broken = { name: 'gone.pcap', size: 100, read: () => Promise.reject(new Error('NotReadableError: file was moved')) };
    const { trace } = await readAll([broken, fixture('base.pcap')]);
    expect(trace.files.map((file) => file.name)).toEqual(['base.pcap']);
    expect(trace.faults).toEqual([
      { code: 'short-read', file: 'gone.pcap', offset: 0, reason: 'the file could not be read: NotReadableError: file was moved' },
    ]);
  });

  it('names what is inside a gzip file it cannot read', async () => {
    const gz = new Uint8Array(await new Response(new Blob([fixtureBytes('archive.zip')]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
    const { trace } = await readAll([memorySource('archive.zip.gz', gz)]);
    expect(trace.faults[0]).toMatchObject({ code: 'unsupported', reason: 'gzip-compressed zip archive: not a packet capture this tool reads' });
    expect(trace.faults[0].hint).toContain('Extract');
  });
});

describe('cancellation', () => {
  it('an aborted signal stops openTrace with code cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(readAll([fixture('base.pcap')], { signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('aborting between chunks makes load() reject with code cancelled, for streamed and seeking readers', async () => {
    for (const name of ['base.pcapng', 'netmon23.cap']) {
      const controller = new AbortController();
      const { openTrace } = await import('../../../../src/lib/capture/read-trace');
      const trace = await openTrace([fixture(name)], { signal: controller.signal, chunkSize: 16 });
      expect(await trace.load()).toBe(true);
      while (trace.next()) {
        // drain what the first chunk holds
      }
      controller.abort();
      const failure = await trace.load().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(CaptureError);
      expect((failure as CaptureError).code).toBe('cancelled');
    }
  });
});
