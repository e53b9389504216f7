/**
 * Bounded fuzzing of the capture pipeline in the normal test run: 200 damaged inputs made from the
 * real fixtures and from random bytes behind real magic numbers (see fuzz-cases.ts). `npm run fuzz`
 * runs the same property for far more cases.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/lib/capture/analyze-capture';
import { CaptureError } from '../../../src/lib/capture/records';
import { memorySource } from '../../../src/lib/io/memory-source';
import { checkCase, fuzzCase, lengthFieldsOf, SEED_FILES } from './fuzz-cases';

describe('damaged input', () => {
  it('always resolves with a consistent report (200 cases, 5 s each at most)', async () => {
    await fc.assert(fc.asyncProperty(fuzzCase, async (input) => {
      await checkCase(input);
    }), { numRuns: 200, timeout: 5_000 });
  }, 120_000);

  it.each(SEED_FILES.filter((name) => !name.endsWith('.gz')))('%s cut 3 bytes short keeps what came before and names the damage', async (name) => {
    const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/capture/${name}`, import.meta.url))));
    const whole = await analyzeCapture([memorySource(name, bytes)]);
    // Every format loses at most the record the cut falls in: a NetMon file cut in its frame table,
    // which comes last, is read in file order without it.
    const cut = await analyzeCapture([memorySource(name, bytes.subarray(0, bytes.length - 3))]);
    expect(whole.damage).toBeNull();
    expect(cut.damage).not.toBeNull();
    expect(cut.damage?.file).toBe(name);
    expect(cut.packets).toBeLessThanOrEqual(whole.packets);
    expect(cut.packets).toBeGreaterThanOrEqual(whole.packets - 1);
  });

  // The length-field mutation is only as good as this walk: one field pair per frame tshark counts
  // (NetMon, pcap), two pairs per packet block plus the section's and interface's (pcapng).
  it.each(SEED_FILES.filter((name) => !name.endsWith('.gz')))('finds the length fields of %s to aim at', (name) => {
    const path = fileURLToPath(new URL(`../../fixtures/capture/${name}`, import.meta.url));
    const { packets } = JSON.parse(readFileSync(`${path}.expected.json`, 'utf8')) as { packets: number };
    const fields = lengthFieldsOf(new Uint8Array(readFileSync(path)));
    if (name.endsWith('.pcapng')) expect(fields.length).toBeGreaterThanOrEqual(4 * packets + 4);
    else expect(fields.length).toBe(2 * packets);
  });

  it('still rejects with "cancelled" when asked to stop', async () => {
    const controller = new AbortController();
    controller.abort();
    const attempt = analyzeCapture([memorySource('any.pcap', new Uint8Array(64))], { signal: controller.signal });
    await expect(attempt).rejects.toBeInstanceOf(CaptureError);
    await expect(attempt).rejects.toMatchObject({ code: 'cancelled' });
  });
});
