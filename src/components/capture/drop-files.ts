/**
 * Files from a drop. A dropped folder (a chained NetMon set is often kept in one) is walked through
 * the File System entries API; plain files, and drops that offer no entries, use getAsFile().
 */

interface FileSystemEntryLike {
  isFile: boolean;
  isDirectory: boolean;
  file?(success: (file: File) => void, failure: (error: unknown) => void): void;
  createReader?(): { readEntries(success: (entries: FileSystemEntryLike[]) => void, failure: (error: unknown) => void): void };
}

function entryFile(entry: FileSystemEntryLike): Promise<File> {
  return new Promise((resolve, reject) => entry.file!(resolve, reject));
}

async function directoryFiles(entry: FileSystemEntryLike): Promise<File[]> {
  const reader = entry.createReader!();
  const files: File[] = [];
  // readEntries returns at most 100 entries per call; an empty batch means the end.
  for (;;) {
    const batch = await new Promise<FileSystemEntryLike[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) {
      if (child.isFile) files.push(await entryFile(child));
    }
  }
  return files.sort((left, right) => left.name.localeCompare(right.name, 'en', { numeric: true }));
}

export async function filesFromDrop(transfer: DataTransfer): Promise<File[]> {
  const items = Array.from(transfer.items ?? []).filter((item) => item.kind === 'file');
  if (items.length === 0) return Array.from(transfer.files ?? []);
  // Entries must be taken synchronously, before the drop event's data store closes.
  const pending = items.map((item) => {
    const entry = (item as DataTransferItem & { webkitGetAsEntry?: () => FileSystemEntryLike | null }).webkitGetAsEntry?.() ?? null;
    return { entry, file: item.getAsFile() };
  });
  const files: File[] = [];
  for (const { entry, file } of pending) {
    if (entry?.isDirectory) files.push(...(await directoryFiles(entry)));
    else if (file) files.push(file);
  }
  return files;
}
