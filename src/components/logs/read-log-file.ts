/**
 * Reads a file the user picked or dropped as log text, in the browser. Gzip is inflated with the
 * platform's DecompressionStream; other binary files are named, with where they belong instead,
 * because an analysis of a trace's bytes as text would only mislead.
 */
import { DETECTION_HEAD_BYTES, detectFormat } from '../../lib/capture/formats/detect';

/** Larger texts are cut to their last part: the newest lines, where the failure usually is. */
export const MAX_LOADED_BYTES = 10 * 1024 * 1024;

export interface LoadedText {
  text: string;
  /** True when only the last MAX_LOADED_BYTES were kept. */
  cut: boolean;
}

export class LogFileError extends Error {
  constructor(
    readonly fileName: string,
    message: string,
  ) {
    super(message);
    this.name = 'LogFileError';
  }
}

export async function readLogFile(file: Blob & { name: string }): Promise<LoadedText> {
  const head = new Uint8Array(await file.slice(0, DETECTION_HEAD_BYTES).arrayBuffer());
  if (detectFormat(head).kind === 'gzip') {
    const { tail, cut } = await inflateTail(file);
    refuseNonText(file.name, tail.subarray(0, DETECTION_HEAD_BYTES));
    return { text: decode(tail, textEncoding(tail)), cut };
  }
  refuseNonText(file.name, head);
  const encoding = textEncoding(head);
  const cut = file.size > MAX_LOADED_BYTES;
  let start = cut ? file.size - MAX_LOADED_BYTES : 0;
  // A UTF-16 tail must start on a whole code unit.
  if (encoding !== 'utf-8' && start % 2 === 1) start++;
  return { text: decode(new Uint8Array(await file.slice(start).arrayBuffer()), encoding), cut };
}

/**
 * The capture side's detector already knows every file people mix up with logs; its hints speak
 * to the capture analyzer, so the log box says its own next step for each kind.
 */
function refuseNonText(name: string, head: Uint8Array): void {
  const detected = detectFormat(head);
  const notText = (what: string) => new LogFileError(name, `${name} is not a text log: it is ${what}`);
  switch (detected.kind) {
    case 'text':
      return;
    case 'pcap':
    case 'pcapng':
    case 'netmon':
    case 'snoop':
    case 'etl':
      throw notText(`a network trace (${detected.label}). Open it with the capture analyzer on the “Read a trace” page instead.`);
    case 'evtx':
      throw notText('a Windows event log (EVTX). Open it in Event Viewer, copy the error event (or save it as text) and paste it here.');
    case 'zip':
      throw notText('a zip archive. Unzip it and load the .log or .txt file inside.');
    case 'gzip':
      throw notText('compressed twice (gzip inside gzip). Unpack it with another tool and load the text.');
    case 'unknown':
      if (detected.label === 'empty file') throw new LogFileError(name, `${name} is empty.`);
      throw notText('binary data, not text. Copy the error message itself and paste it.');
  }
}

/**
 * PowerShell 5 redirection and some Windows exports write UTF-16 with a byte-order mark; everything
 * else is read as UTF-8 (which ASCII and the BOM-less exports of newer tools are).
 */
function textEncoding(head: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

function decode(bytes: Uint8Array, encoding: string): string {
  return new TextDecoder(encoding).decode(bytes);
}

/** Inflates while keeping only the last MAX_LOADED_BYTES, like the plain path keeps a file's tail. */
async function inflateTail(file: Blob & { name: string }): Promise<{ tail: Uint8Array; cut: boolean }> {
  const reader = file.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks: Uint8Array[] = [];
  let kept = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      kept += value.length;
      while (kept - chunks[0].length >= MAX_LOADED_BYTES) kept -= chunks.shift()!.length;
    }
  } catch {
    throw new LogFileError(file.name, `${file.name} is a damaged gzip file: it could not be unpacked. Unpack it with another tool and load the text.`);
  }
  const bytes = new Uint8Array(kept);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  const cut = bytes.length > MAX_LOADED_BYTES;
  return { tail: cut ? bytes.subarray(bytes.length - MAX_LOADED_BYTES) : bytes, cut };
}
