import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../../src/lib/capture/analyze-capture';
import { CaptureErrorCode, LinkType } from '../../../../src/lib/capture/records';
import type { AnalyzeProgress } from '../../../../src/lib/capture/report';
import { memorySource } from '../../../../src/lib/io/memory-source';
import { GUIDE_STEPS } from '../../../../src/lib/guide/steps';
import { etlHead, fixtureBytes } from '../formats/support';
import { clientToRemoteServer as path, T0 } from './analyze-helpers';
import { fromClient, fromServer, pcapFile, RST, ACK, SYN } from './frame-builder';

const refusedTrace = () =>
  pcapFile([
    { bytes: fromClient(path, { flags: SYN, seq: 1 }), time: T0 + 0.25 },
    { bytes: fromServer(path, { flags: RST | ACK, ack: 2 }), time: T0 + 0.5 },
  ]);

describe('analyzeCapture', () => {
  it('runs files through the reader into a report with the file summary and times', async () => {
    const report = await analyzeCapture([memorySource('refused.pcap', refusedTrace())]);
    expect(report.files).toMatchObject([{ name: 'refused.pcap', format: 'pcap', version: '2.4', linkTypes: [LinkType.ETHERNET], packets: 2, fault: null }]);
    expect([report.packets, report.firstTime, report.lastTime, report.damage]).toEqual([2, '2023-11-14T22:13:20.250000Z', '2023-11-14T22:13:20.500000Z', null]);
    expect(report.findings.map((finding) => finding.kind)).toEqual(['connection-refused']);
  });

  it('sends a file that is no capture where its hint does: logs to the log analyzer, ETL to its conversion', async () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    const cases = [
      ['diag.txt', encode('2026-11-20 10:02:11 ERROR Failed to connect to 10.0.0.5:8060\n'.repeat(20)), GUIDE_STEPS.triageErrorText],
      ['Application.evtx', encode('ElfFile\0' + '\0'.repeat(120)), GUIDE_STEPS.triageErrorText],
      ['trace.etl', etlHead(), GUIDE_STEPS.collectConvertEtl],
      ['traces.zip', fixtureBytes('archive.zip'), GUIDE_STEPS.collectWireshark],
    ] as const;
    for (const [name, bytes, step] of cases) {
      const report = await analyzeCapture([memorySource('refused.pcap', refusedTrace()), memorySource(name, bytes)]);
      const finding = report.findings.find((candidate) => candidate.kind === 'capture-damaged');
      expect(finding, name).toMatchObject({ severity: 'error', step, evidence: { file: name } });
    }
  });

  it('merges several files into one trace numbered in time order', async () => {
    const second = pcapFile([{ bytes: fromClient({ ...path, clientPort: 50200 }, { flags: SYN, seq: 5 }), time: T0 + 0.3 }]);
    const report = await analyzeCapture([memorySource('a.pcap', refusedTrace()), memorySource('b.pcap', second)]);
    expect(report.packets).toBe(3);
    expect(report.tcp.conversations.map((conversation) => [conversation.clientPort, conversation.firstFrame])).toEqual([
      [50123, 1],
      [50200, 2],
    ]);
  });

  it('keeps what came before damage and reports where the file broke', async () => {
    const whole = refusedTrace();
    const report = await analyzeCapture([memorySource('cut.pcap', whole.subarray(0, whole.length - 10))]);
    expect(report.packets).toBe(1);
    expect(report.damage).toMatchObject({ file: 'cut.pcap' });
    expect(report.files[0].fault).not.toBeNull();
    expect(report.findings.find((finding) => finding.kind === 'capture-damaged')?.evidence.file).toBe('cut.pcap');
  });

  it('reports a file that is no capture at all without throwing', async () => {
    const report = await analyzeCapture([memorySource('notes.txt', new TextEncoder().encode('2024-01-01 ERROR connection refused\n'.repeat(4)))]);
    expect([report.files.length, report.packets]).toEqual([0, 0]);
    expect(report.damage).toMatchObject({ file: 'notes.txt' });
    expect(report.findings[0]).toMatchObject({ kind: 'capture-damaged', severity: 'error', evidence: { file: 'notes.txt' } });
  });

  it('posts progress with findings so far, and a final one at 100%', async () => {
    const updates: AnalyzeProgress[] = [];
    await analyzeCapture([memorySource('refused.pcap', refusedTrace())], { progressIntervalMs: 0, onProgress: (progress) => updates.push(progress) });
    const last = updates[updates.length - 1];
    expect(last.bytesDone).toBe(last.bytesTotal);
    expect(last.packets).toBe(2);
    expect(last.findings.map((finding) => finding.kind)).toEqual(['connection-refused']);
  });

  it('rejects with a cancelled CaptureError when the signal fires', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(analyzeCapture([memorySource('refused.pcap', refusedTrace())], { signal: controller.signal })).rejects.toMatchObject({ code: CaptureErrorCode.Cancelled });
  });

  it('stops between chunks once cancelled mid-way', async () => {
    const frames = Array.from({ length: 2000 }, (_, index) => ({ bytes: fromClient({ ...path, clientPort: 10000 + index }, { flags: SYN, seq: index }), time: T0 + index }));
    const controller = new AbortController();
    let progressCalls = 0;
    const run = analyzeCapture([memorySource('many.pcap', pcapFile(frames))], {
      chunkSize: 4096,
      progressIntervalMs: 0,
      signal: controller.signal,
      onProgress: () => {
        if (++progressCalls === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: CaptureErrorCode.Cancelled });
  });
});
