import type { ByteSource } from '../capture/records';

/** 2 MiB: large enough that per-chunk costs vanish, small enough to keep the heap flat on a 2 GB trace. */
export const DEFAULT_CHUNK_SIZE = 2 * 1024 * 1024;

/** A file's bytes front to back, one chunk at a time. */
export interface ChunkPuller {
  /** The next chunk, or null after the last one. */
  pull(): Promise<Uint8Array | null>;
  /** Bytes taken from the underlying source so far (compressed bytes when inflating). */
  readonly bytesConsumed: number;
  /** Stops reading and releases the source. */
  cancel(): void;
}

/**
 * Sequential chunks of a source: its `stream()` when it has one (fastest for Blobs), otherwise
 * `read()` calls of `chunkSize` with the next read already in flight while the caller parses.
 */
export function sequentialChunks(source: ByteSource, chunkSize = DEFAULT_CHUNK_SIZE): ChunkPuller {
  if (source.stream) return streamChunks(source.stream());
  let offset = 0;
  let consumed = 0;
  let ahead: Promise<Uint8Array> | null = null;
  const start = (): Promise<Uint8Array> | null => {
    if (offset >= source.size) return null;
    const pending = source.read(offset, Math.min(chunkSize, source.size - offset));
    offset += chunkSize;
    return pending;
  };
  ahead = start();
  return {
    get bytesConsumed() {
      return consumed;
    },
    async pull() {
      if (ahead === null) return null;
      const chunk = await ahead;
      ahead = chunk.length === 0 ? null : start();
      consumed += chunk.length;
      return chunk.length === 0 ? null : chunk;
    },
    cancel() {
      ahead = null;
    },
  };
}

export function streamChunks(stream: ReadableStream<Uint8Array>): ChunkPuller {
  const reader = stream.getReader();
  let consumed = 0;
  let finished = false;
  return {
    get bytesConsumed() {
      return consumed;
    },
    async pull() {
      // Empty chunks are legal in streams; skip them so callers never see a zero-length chunk.
      while (!finished) {
        const { done, value } = await reader.read();
        if (done) {
          finished = true;
          return null;
        }
        if (value.length > 0) {
          consumed += value.length;
          return value;
        }
      }
      return null;
    },
    cancel() {
      finished = true;
      reader.cancel().catch(() => undefined);
    },
  };
}

/**
 * Inflates gzip data with the platform's DecompressionStream (browsers, workers, Node 20).
 * `bytesConsumed` counts compressed bytes fed in, so progress bars track the file on disk.
 * Corrupt input makes `pull()` reject with the platform's error.
 */
export function inflateChunks(compressed: ChunkPuller): ChunkPuller {
  const inflater = new DecompressionStream('gzip');
  const writer = inflater.writable.getWriter();
  const inflated = streamChunks(inflater.readable as ReadableStream<Uint8Array>);
  let stopped = false;
  // The pump feeds compressed chunks as fast as the inflater accepts them; its failures surface
  // through the readable side, so its own promise is only observed to avoid unhandled rejections.
  const pump = async (): Promise<void> => {
    for (;;) {
      const chunk = await compressed.pull();
      if (stopped) return;
      if (chunk === null) {
        await writer.close();
        return;
      }
      // The cast only narrows ArrayBufferLike: TS 5.9 types BufferSource over ArrayBuffer, which Blob and fetch chunks are.
      await writer.write(chunk as Uint8Array<ArrayBuffer>);
    }
  };
  pump().catch((error: unknown) => {
    writer.abort(error).catch(() => undefined);
  });
  return {
    get bytesConsumed() {
      return compressed.bytesConsumed;
    },
    pull: () => inflated.pull(),
    cancel() {
      stopped = true;
      compressed.cancel();
      inflated.cancel();
    },
  };
}
