/**
 * The capture files a command line names. A folder stands for the files directly inside it, as a
 * dropped folder does on the page (a chained Network Monitor set is usually kept in one). A name
 * with * or ? that is not itself a file is matched against its folder here, because PowerShell and
 * cmd hand wildcards to programs unexpanded: `shir-doctor capture C:\traces\*.cap` must work there.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DETECTION_HEAD_BYTES, detectFormat } from '../lib/capture/formats/detect';

/** The order the page sorts a folder's files in: name(2).cap before name(10).cap. */
function naturalOrder(left: string, right: string): number {
  return left.localeCompare(right, 'en', { numeric: true });
}

function wildcardPattern(name: string): RegExp {
  const source = [...name].map((character) => (character === '*' ? '.*' : character === '?' ? '.' : character.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
  // Windows file names compare without regard to case.
  return new RegExp(`^${source}$`, process.platform === 'win32' ? 'i' : '');
}

async function filesIn(folder: string, keep: (name: string) => boolean): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => entry.name)
    .sort(naturalOrder)
    .map((name) => join(folder, name));
}

async function kind(path: string): Promise<'file' | 'folder' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'file';
  } catch {
    return 'missing';
  }
}

export interface CaptureFileList {
  /** The files to read, in order. */
  files: string[];
  /**
   * Text and event logs found in a named folder, left out: notes and logs kept beside a trace are
   * not a damaged part of it. A file named on its own is always read, and refused if it is no capture.
   */
  setAside: Array<{ path: string; label: string }>;
}

/** What the file's first bytes say it is, when that is a log rather than a capture; null otherwise. */
async function logKind(path: string): Promise<string | null> {
  let handle;
  try {
    handle = await open(path, 'r');
    const head = new Uint8Array(DETECTION_HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const detection = detectFormat(head.subarray(0, bytesRead));
    return detection.kind === 'text' || detection.kind === 'evtx' ? detection.label : null;
  } catch {
    // Unreadable files stay in the list, so opening them reports why.
    return null;
  } finally {
    await handle?.close();
  }
}

/** The files to read, in order, or the reason the command line names none for one argument. */
export async function captureFiles(names: string[]): Promise<CaptureFileList | string> {
  const list: CaptureFileList = { files: [], setAside: [] };
  for (const argument of names) {
    const found = await kind(argument);
    if (found === 'folder') {
      const inside = await filesIn(argument, () => true);
      if (inside.length === 0) return `the folder '${argument}' holds no files`;
      for (const path of inside) {
        const label = await logKind(path);
        if (label === null) list.files.push(path);
        else list.setAside.push({ path, label });
      }
      if (!inside.some((path) => list.files.includes(path))) return `the folder '${argument}' holds no captures, only text or event logs (give those to 'shir-doctor log')`;
    } else if (found === 'missing' && /[*?]/.test(basename(argument)) && !/[*?]/.test(dirname(argument))) {
      const pattern = wildcardPattern(basename(argument));
      const folder = dirname(argument);
      const matched = (await kind(folder)) === 'folder' ? await filesIn(folder, (name) => pattern.test(name)) : [];
      if (matched.length === 0) return `no file matches '${argument}'`;
      list.files.push(...matched);
    } else {
      // Missing or unreadable files are reported when they are opened, with the reason.
      list.files.push(argument);
    }
  }
  return list;
}
