/**
 * gzip-compressed captures, inflated with the platform's DecompressionStream. pcap, pcapng and
 * snoop inside are streamed; NetMon, which must seek to its frame table, is inflated into memory up
 * to a cap.
 */
import { DEFAULT_CHUNK_SIZE, inflateChunks, sequentialChunks, type ChunkPuller } from '../../io/chunk-source';
import { memorySource } from '../../io/memory-source';
import { CaptureError, CaptureErrorCode, type ByteSource, type CaptureFormat } from '../records';
import { DETECTION_HEAD_BYTES, detectFormat } from './detect';
import { NetmonRecordReader } from './netmon';
import { isSequential, notACapture, sequentialParser, type OpenedFile, type ReaderOptions } from './registry';
import { checkCancelled, SequentialRecordReader } from './sequential-reader';

/**
 * NetMon needs random access, and a gzip stream has none, so a compressed .cap is inflated
 * into memory first. 512 MiB keeps that within what a browser tab can hold.
 */
export const MAX_INFLATED_NETMON_BYTES = 512 * 1024 * 1024;

function inflateFailed(file: string, error: unknown, format?: CaptureFormat): OpenedFile {
  return { fault: { code: CaptureErrorCode.BadFile, file, format, offset: 0, reason: `gzip data could not be inflated: ${(error as Error).message}` } };
}

/** Inflates the start to see what is inside, then streams pcap/pcapng/snoop or buffers NetMon (which must seek). */
export async function openCompressed(source: ByteSource, fileIndex: number, options: ReaderOptions): Promise<OpenedFile> {
  const inflated = inflateChunks(sequentialChunks(source, options.chunkSize ?? DEFAULT_CHUNK_SIZE));
  const start: Uint8Array[] = [];
  let startBytes = 0;
  let rest: ChunkPuller = inflated;
  try {
    while (startBytes < DETECTION_HEAD_BYTES) {
      const chunk = await inflated.pull();
      if (chunk === null) break;
      start.push(chunk);
      startBytes += chunk.length;
    }
  } catch (error) {
    inflated.cancel();
    if (startBytes === 0) {
      return inflateFailed(source.name, error);
    }
    // Keep what did inflate: its records are delivered and the reader faults where the damage begins.
    rest = failingPuller(inflated, error);
  }
  const head = joinChunks(start);
  const inner = detectFormat(head);
  if (isSequential(inner.kind)) {
    const parser = sequentialParser(inner.kind, source.name, head, fileIndex);
    parser.info.compressed = true;
    return { reader: new SequentialRecordReader(parser, replayThen(head, rest), options.signal) };
  }
  if (inner.kind === 'netmon') return inflateNetmon(source, fileIndex, head, rest, options);
  inflated.cancel();
  return notACapture(source.name, inner, 'gzip-compressed ');
}

async function inflateNetmon(source: ByteSource, fileIndex: number, head: Uint8Array, inflated: ChunkPuller, options: ReaderOptions): Promise<OpenedFile> {
  const limit = options.maxInflatedNetmonBytes ?? MAX_INFLATED_NETMON_BYTES;
  const parts: Uint8Array[] = [head];
  let total = head.length;
  try {
    for (;;) {
      if (total > limit) {
        inflated.cancel();
        return {
          fault: {
            code: CaptureErrorCode.Unsupported,
            file: source.name,
            format: 'netmon',
            offset: 0,
            reason: `gzip-compressed Network Monitor file inflates to more than ${limit} bytes, the most held in memory to seek its frame table`,
            hint: 'Decompress the file (for example with 7-Zip or `gunzip`) and open the .cap itself.',
          },
        };
      }
      checkCancelled(options.signal, source.name, inflated.bytesConsumed);
      const chunk = await inflated.pull();
      if (chunk === null) break;
      total += chunk.length;
      parts.push(chunk);
    }
  } catch (error) {
    if (error instanceof CaptureError) throw error;
    return inflateFailed(source.name, error, 'netmon');
  }
  const bytes = joinChunks(parts);
  const reader = new NetmonRecordReader(memorySource(source.name, bytes), head, fileIndex, { ...options, reportedSize: source.size });
  reader.info.compressed = true;
  return { reader };
}

function joinChunks(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const joined = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let position = 0;
  for (const chunk of chunks) {
    joined.set(chunk, position);
    position += chunk.length;
  }
  return joined;
}

/** A puller that first yields bytes already taken for detection, then the rest of `rest`. */
function replayThen(first: Uint8Array, rest: ChunkPuller): ChunkPuller {
  let replayed = first.length === 0;
  return {
    get bytesConsumed() {
      return rest.bytesConsumed;
    },
    pull() {
      if (replayed) return rest.pull();
      replayed = true;
      return Promise.resolve(first);
    },
    cancel: () => rest.cancel(),
  };
}

/** A puller whose source already failed: it reports `error` on the next pull. */
function failingPuller(source: ChunkPuller, error: unknown): ChunkPuller {
  return {
    get bytesConsumed() {
      return source.bytesConsumed;
    },
    pull: () => Promise.reject(error),
    cancel: () => undefined,
  };
}

