import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_SHARED_COMPRESSED_BYTES,
  MAX_SHARED_TEXT_BYTES,
  REMOVED_KEY_SECRET,
  ShareError,
  decodeLogFromLink,
  encodeLogForLink,
  readShareParameter,
  shareHash,
  withoutKeySecrets,
} from '../../../src/lib/share/log-link';

/** The node-to-node failure quoted in the guide's seed article (shared with the log engine's tests). */
const seedError = readFileSync(new URL('../logs/fixtures/seed-8060-refused.txt', import.meta.url), 'utf8').trimEnd();

/** A 200 KB log: the error repeated with changing timestamps, as a service log repeats a failing heartbeat. */
const serviceLog = Array.from({ length: 300 }, (_, index) => `2026-11-25 18:${String(index % 60).padStart(2, '0')}:${String((index * 7) % 60).padStart(2, '0')}.${index} [Error] ${seedError}`).join('\n');

async function failureOf(promise: Promise<unknown>): Promise<ShareError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ShareError);
  return error as ShareError;
}

/** Builds a fragment value the way a hand-crafted link would: raw bytes, deflated, base64url. */
async function craftLink(bytes: Uint8Array): Promise<string> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const compressed = new Uint8Array(await new Response(stream).arrayBuffer());
  return `v1.${Buffer.from(compressed).toString('base64url')}`;
}

describe('log links', () => {
  it('round-trips the seed article error and keeps it URL-safe', async () => {
    expect(seedError).toContain('10.2.4.10:8060');
    const value = await encodeLogForLink(seedError);
    expect(value).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(value.length).toBeLessThan(seedError.length);
    expect(await decodeLogFromLink(value)).toBe(seedError);
  });

  it('round-trips non-ASCII text: accents, CJK, emoji, right-to-left, CRLF and NUL', async () => {
    const text = 'Échec de connexion à « hôte » — 接続できません 🔥👩🏽‍💻 שגיאה\r\n\u0000\ttab';
    expect(await decodeLogFromLink(await encodeLogForLink(text))).toBe(text);
  });

  it('round-trips the empty string', async () => {
    expect(await decodeLogFromLink(await encodeLogForLink(''))).toBe('');
  });

  it('round-trips any well-formed Unicode string', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 400 }), async (text) => {
        expect(await decodeLogFromLink(await encodeLogForLink(text))).toBe(text);
      }),
      { numRuns: 150 },
    );
  });

  it('shares a repetitive 200 KB service log within the limit', async () => {
    expect(serviceLog.length).toBeGreaterThan(200_000);
    const value = await encodeLogForLink(serviceLog);
    expect(value.length).toBeLessThan((MAX_SHARED_COMPRESSED_BYTES * 4) / 3);
    expect(await decodeLogFromLink(value)).toBe(serviceLog);
  });

  it('refuses text whose compressed form exceeds the limit, naming the sizes', async () => {
    // Random hex barely compresses: 80,000 characters stay well above 32 KB once deflated.
    const random = new Uint8Array(40_000);
    for (let offset = 0; offset < random.length; offset += 65_536) crypto.getRandomValues(random.subarray(offset, offset + 65_536));
    const text = Buffer.from(random).toString('hex');
    const error = await failureOf(encodeLogForLink(text));
    expect(error.failure).toBe('too-long');
    expect(error.message).toMatch(/too long to share by link .*32 KB/);
  });

  it('refuses text larger than the analyzer limit even when it would compress small', async () => {
    const error = await failureOf(encodeLogForLink('a'.repeat(MAX_SHARED_TEXT_BYTES + 1)));
    expect(error.failure).toBe('too-long');
  });

  it('stops inflating a crafted link that would unpack past the text limit', async () => {
    const bomb = await craftLink(new Uint8Array(MAX_SHARED_TEXT_BYTES + 1024));
    expect(bomb.length).toBeLessThan(MAX_SHARED_COMPRESSED_BYTES);
    expect((await failureOf(decodeLogFromLink(bomb))).failure).toBe('too-large');
  });

  it('explains a link cut short while copying', async () => {
    const value = await encodeLogForLink(serviceLog);
    for (const cut of [value.slice(0, value.length / 2), value.slice(0, 40), value.slice(0, -5)]) {
      const error = await failureOf(decodeLogFromLink(cut));
      expect(['corrupt', 'not-base64url']).toContain(error.failure);
      expect(error.message).toMatch(/link/);
    }
  });

  it('explains characters a link never contains', async () => {
    const error = await failureOf(decodeLogFromLink('v1.abc+/def'));
    expect(error.failure).toBe('not-base64url');
  });

  it('explains a payload that is not deflate data', async () => {
    const error = await failureOf(decodeLogFromLink(`v1.${Buffer.from('plain words, not deflate').toString('base64url')}`));
    expect(error.failure).toBe('corrupt');
    expect(error.message).toMatch(/damaged/);
  });

  it('explains bytes that are not UTF-8 text', async () => {
    const error = await failureOf(decodeLogFromLink(await craftLink(new Uint8Array([0x41, 0xff, 0xfe, 0x42]))));
    expect(error.failure).toBe('not-utf8');
  });

  it('explains a link without the format prefix', async () => {
    const error = await failureOf(decodeLogFromLink(Buffer.from('hello').toString('base64url')));
    expect(error.failure).toBe('unknown-format');
  });

  it('refuses an overlong payload before decoding it', async () => {
    const error = await failureOf(decodeLogFromLink(`v1.${'A'.repeat(MAX_SHARED_COMPRESSED_BYTES * 2)}`));
    expect(error.failure).toBe('too-long');
  });
});

describe('share fragment parameter', () => {
  it('reads the log value from a hash, alone or among other parameters', () => {
    expect(readShareParameter(shareHash('v1.abc'))).toBe('v1.abc');
    expect(readShareParameter('#step=x&log=v1.def')).toBe('v1.def');
    expect(readShareParameter('log=v1.ghi')).toBe('v1.ghi');
  });

  it('returns null when the hash holds no log', () => {
    expect(readShareParameter('')).toBeNull();
    expect(readShareParameter('#triage-error-text')).toBeNull();
    expect(readShareParameter('#logs=v1.abc')).toBeNull();
  });
});

describe('authentication keys in shared links', () => {
  // A public report of the runtime's token failure, whose poster masked the key's secret with asterisks.
  const masked = readFileSync(new URL('../logs/fixtures/public-service-token-unexpected-fault.txt', import.meta.url), 'utf8');
  // The same text as a user would paste it unmasked: a key's secret is 32 random bytes in base64.
  const secret = Buffer.from(Array.from({ length: 32 }, (_, index) => (index * 73 + 11) % 256)).toString('base64');
  const unmasked = masked.replace(/@\*{8,}/g, `@${secret}`);

  it('leaves the secret out and keeps which factory and region the key was for', async () => {
    expect(unmasked).toContain(secret);
    const { text, removed } = withoutKeySecrets(unmasked);
    expect(removed).toBe(2);
    expect(text).not.toContain(secret);
    expect(text).toContain(`@ServiceEndpoint=contoso-df.eastus2.datafactory.azure.net@${REMOVED_KEY_SECRET}`);
    expect(await decodeLogFromLink(await encodeLogForLink(text))).toBe(text);
  });

  it('leaves text without a key, or with a masked one, exactly as it was', () => {
    expect(withoutKeySecrets(masked)).toEqual({ text: masked, removed: 0 });
    expect(withoutKeySecrets(seedError)).toEqual({ text: seedError, removed: 0 });
  });
});
