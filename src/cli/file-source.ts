/**
 * A ByteSource over a file on disk for the CLI: positioned reads through one file handle, so a
 * multi-gigabyte trace is never held in memory. Node-only, hence here and not in src/lib.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ByteSource } from '../lib/capture/records';

export interface FileSource extends ByteSource {
  close(): Promise<void>;
}

export async function openFileSource(path: string): Promise<FileSource> {
  const handle: FileHandle = await open(path, 'r');
  const { size } = await handle.stat();
  const readInto = async (offset: number, target: Uint8Array): Promise<number> => {
    const start = Math.max(0, Math.min(offset, size));
    const wanted = Math.max(0, Math.min(target.length, size - start));
    let filled = 0;
    // A positioned read may return fewer bytes than asked; loop until the range is full or the file ends.
    while (filled < wanted) {
      const { bytesRead } = await handle.read(target, filled, wanted - filled, start + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled;
  };
  return {
    name: basename(path),
    size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      const start = Math.max(0, Math.min(offset, size));
      const buffer = new Uint8Array(Math.max(0, Math.min(length, size - start)));
      const filled = await readInto(offset, buffer);
      return filled === buffer.length ? buffer : buffer.subarray(0, filled);
    },
    readInto,
    close: () => handle.close(),
  };
}
