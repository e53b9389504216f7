import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LogFileError, MAX_LOADED_BYTES, readLogFile } from '../../../../src/components/logs/read-log-file';

const SEED_LINE = 'TCP error code 10061: No connection could be made because the target machine actively refused it 10.2.4.10:8060.';

function fileOf(bytes: Uint8Array | string, name: string): File {
  return new File([typeof bytes === 'string' ? bytes : (bytes as Uint8Array<ArrayBuffer>)], name);
}

async function failureOf(promise: Promise<unknown>): Promise<LogFileError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(LogFileError);
  return error as LogFileError;
}

describe('readLogFile', () => {
  it('reads a UTF-8 log whole, without its byte-order mark', async () => {
    const loaded = await readLogFile(fileOf(`\ufeff2026-11-25 10:00:01 [Error] ${SEED_LINE}\nÉchec — 接続\n`, 'node-2.log'));
    expect(loaded).toEqual({ text: `2026-11-25 10:00:01 [Error] ${SEED_LINE}\nÉchec — 接続\n`, cut: false });
  });

  it('reads UTF-16 little-endian text as PowerShell 5 redirection writes it', async () => {
    const text = `${SEED_LINE}\r\nÉchec\r\n`;
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect((await readLogFile(fileOf(bytes, 'out.txt'))).text).toBe(text);
  });

  it('inflates a gzip-compressed log', async () => {
    const text = `${SEED_LINE}\n`.repeat(1000);
    expect(await readLogFile(fileOf(gzipSync(text), 'diag.log.gz'))).toEqual({ text, cut: false });
  });

  it('keeps the last 10 MB of a larger log, where the newest lines are', async () => {
    const filler = '2026-11-25 10:00:00.000 [Info] Heartbeat to the cloud service completed.\n';
    const text = `${filler.repeat(Math.ceil((MAX_LOADED_BYTES + 100_000) / filler.length))}${SEED_LINE}\n`;
    const loaded = await readLogFile(fileOf(text, 'huge.log'));
    expect(loaded.cut).toBe(true);
    expect(loaded.text.length).toBe(MAX_LOADED_BYTES);
    expect(loaded.text.endsWith(`${SEED_LINE}\n`)).toBe(true);
    const gzipped = await readLogFile(fileOf(gzipSync(text), 'huge.log.gz'));
    expect(gzipped).toEqual(loaded);
  });

  it('names a network trace and points to the capture analyzer', async () => {
    for (const path of ['tests/fixtures/capture/node-8060/node-8060.ns.pcap', 'tests/fixtures/capture/node-8060/node-8060.nm23.cap', 'tests/fixtures/capture/chained/clean.cap']) {
      const error = await failureOf(readLogFile(fileOf(readFileSync(path), path.split('/').pop() ?? path)));
      expect(error.message).toMatch(/network trace.*capture analyzer/);
    }
  });

  it('names a zip archive and says to unzip it', async () => {
    const zipHeader = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]);
    expect((await failureOf(readLogFile(fileOf(zipHeader, 'logs.zip')))).message).toMatch(/zip archive\. Unzip it/);
  });

  it('names a Windows event log file and says how to get text out of it', async () => {
    const evtxHeader = new Uint8Array(4096);
    evtxHeader.set(Buffer.from('ElfFile\0', 'latin1'));
    expect((await failureOf(readLogFile(fileOf(evtxHeader, 'Application.evtx')))).message).toMatch(/Windows event log \(EVTX\)\. Open it in Event Viewer/);
  });

  it('names an empty file', async () => {
    expect((await failureOf(readLogFile(fileOf('', 'empty.log')))).message).toBe('empty.log is empty.');
  });

  it('refuses other binary data instead of analysing it as text', async () => {
    const bytes = Uint8Array.from({ length: 64 }, (_, index) => (index % 7 === 0 ? 0 : 65 + (index % 26)));
    const error = await failureOf(readLogFile(fileOf(bytes, 'dump.bin')));
    expect(error.message).toMatch(/^dump\.bin is not a text log: it is binary data/);
  });

  it('names a gzip-compressed trace instead of reading its bytes as text', async () => {
    const trace = readFileSync('tests/fixtures/capture/clean/clean.pcapng');
    expect((await failureOf(readLogFile(fileOf(gzipSync(trace), 'clean.pcapng.gz')))).message).toMatch(/network trace \(pcapng/);
  });

  it('explains a damaged gzip file', async () => {
    const damaged = gzipSync(`${SEED_LINE}\n`.repeat(100)).subarray(0, 40);
    expect((await failureOf(readLogFile(fileOf(damaged, 'cut.log.gz')))).message).toMatch(/damaged gzip/);
  });
});
