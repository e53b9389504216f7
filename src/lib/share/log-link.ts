/**
 * Puts pasted log text into a URL fragment (`#log=v1.<base64url of deflate-raw>`) and back.
 *
 * The fragment is the one part of a URL browsers never send to a server, so a shared link carries
 * the text from one browser to another without it passing through ours. Only platform APIs are used
 * (CompressionStream, TextEncoder, btoa/atob), which exist in browsers, workers and Node 20 alike.
 */

/** Name of the fragment parameter: `#log=...`. */
export const SHARE_PARAMETER = 'log';

/**
 * Links end up in tickets and chat for years, so the payload names its encoding. `.` is not in the
 * base64url alphabet, which keeps the prefix unambiguous if a second format is ever added.
 */
const FORMAT_PREFIX = 'v1.';

/**
 * Longest compressed payload we put in a link. Browsers accept far longer URLs, but chat tools, mail
 * clients and ticket systems truncate or refuse them well before that; ~32 KB (≈43,700 base64url
 * characters) still holds a few hundred KB of typical log text.
 */
export const MAX_SHARED_COMPRESSED_BYTES = 32 * 1024;

/**
 * Largest text a link may expand to. Deflate can inflate ~1000:1, so a hand-made 32 KB fragment
 * could otherwise unpack to tens of MB; this matches the largest paste the analyzer is built for.
 */
export const MAX_SHARED_TEXT_BYTES = 10 * 1024 * 1024;

export type ShareFailure = 'too-long' | 'not-base64url' | 'unknown-format' | 'corrupt' | 'not-utf8' | 'too-large';

export class ShareError extends Error {
  constructor(
    readonly failure: ShareFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ShareError';
  }
}

/**
 * An authentication key ("IR@<guid>@<factory>@ServiceEndpoint=<host>@<secret>") registers any
 * machine as a node of the runtime, and error texts quote it whole. A link lives on in tickets and
 * chats, so its secret part stays out of links; the rest still tells which factory and region.
 * Keys already masked with asterisks do not match.
 */
const AUTHENTICATION_KEY_SECRET = /(\bIR@[0-9a-f-]{36}@[^@\s'"]{1,260}@ServiceEndpoint=[^@\s'"]{1,260}@)[A-Za-z0-9+/=]{8,200}/gi;
export const REMOVED_KEY_SECRET = '(secret removed)';

/** The text with every authentication key's secret replaced by REMOVED_KEY_SECRET, and how many were. */
export function withoutKeySecrets(text: string): { text: string; removed: number } {
  let removed = 0;
  const cleaned = text.replace(AUTHENTICATION_KEY_SECRET, (_key, visible: string) => {
    removed++;
    return visible + REMOVED_KEY_SECRET;
  });
  return { text: cleaned, removed };
}

/**
 * Returns the fragment value (without `#log=`) for `text`.
 * Throws ShareError('too-long') when the compressed text would exceed MAX_SHARED_COMPRESSED_BYTES.
 */
export async function encodeLogForLink(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > MAX_SHARED_TEXT_BYTES) {
    throw new ShareError('too-long', `This text is ${formatBytes(bytes.length)}; a link can carry at most ${formatBytes(MAX_SHARED_TEXT_BYTES)}. Share the log file itself instead.`);
  }
  const compressed = await compress(bytes);
  if (compressed.length > MAX_SHARED_COMPRESSED_BYTES) {
    throw new ShareError(
      'too-long',
      `This text is too long to share by link (${formatBytes(compressed.length)} compressed; the limit is ${formatBytes(MAX_SHARED_COMPRESSED_BYTES)}). Share only the error lines, or send the log file itself.`,
    );
  }
  return FORMAT_PREFIX + toBase64Url(compressed);
}

/** Restores the text from a fragment value made by encodeLogForLink. Throws ShareError with a reason a user can act on. */
export async function decodeLogFromLink(value: string): Promise<string> {
  if (!value.startsWith(FORMAT_PREFIX)) {
    throw new ShareError('unknown-format', 'This link was not made by this page (or by a newer version of it): the shared text cannot be read. Ask for the error text itself.');
  }
  const payload = value.slice(FORMAT_PREFIX.length);
  // A compressed payload never exceeds the limit, so anything longer was not made by us; refuse before decoding.
  if (payload.length > Math.ceil((MAX_SHARED_COMPRESSED_BYTES * 4) / 3)) {
    throw new ShareError('too-long', 'The text in this link is longer than any link this page makes. Ask for the log file itself.');
  }
  const compressed = fromBase64Url(payload);
  const bytes = await decompress(compressed);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ShareError('not-utf8', 'The text in this link is not valid UTF-8 text; the link is probably damaged. Ask for the error text itself.');
  }
}

/** The `log` value of a location hash such as `#log=v1.abc` or `#a=1&log=...`, or null when absent. */
export function readShareParameter(hash: string): string | null {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of fragment.split('&')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator) === SHARE_PARAMETER) return part.slice(separator + 1);
  }
  return null;
}

export function shareHash(value: string): string {
  return `#${SHARE_PARAMETER}=${value}`;
}

async function compress(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflates while counting, so a crafted payload cannot make us hold more than MAX_SHARED_TEXT_BYTES. */
async function decompress(compressed: Uint8Array): Promise<Uint8Array> {
  const reader = new Blob([compressed as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > MAX_SHARED_TEXT_BYTES) {
        await reader.cancel();
        throw new ShareError('too-large', `The text in this link unpacks to more than ${formatBytes(MAX_SHARED_TEXT_BYTES)}; it was not made by this page. Ask for the log file itself.`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ShareError) throw error;
    throw new ShareError('corrupt', 'The text in this link is damaged (it may have been cut short when it was copied). Copy the whole link again, or ask for the error text itself.');
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/** btoa takes a "binary string"; building it in slices keeps String.fromCharCode under the engine's argument limit. */
function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  const sliceLength = 0x8000;
  for (let start = 0; start < bytes.length; start += sliceLength) {
    binary += String.fromCharCode(...bytes.subarray(start, start + sliceLength));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  // A length of 1 mod 4 cannot come from any byte sequence: the link was cut mid-character.
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new ShareError('not-base64url', 'The text in this link contains characters a shared link never has; it was probably altered or cut when copied. Copy the whole link again.');
  }
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
