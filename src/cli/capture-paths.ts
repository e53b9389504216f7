/**
 * The capture files a command line names. A folder stands for the files directly inside it, as a
 * dropped folder does on the page (a chained Network Monitor set is usually kept in one). A name
 * with * or ? that is not itself a file is matched against its folder here, because PowerShell and
 * cmd hand wildcards to programs unexpanded: `shir-doctor capture C:\traces\*.cap` must work there.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

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

/** The files to read, in order, or the reason the command line names none for one argument. */
export async function captureFiles(names: string[]): Promise<string[] | string> {
  const files: string[] = [];
  for (const argument of names) {
    const found = await kind(argument);
    if (found === 'folder') {
      const inside = await filesIn(argument, () => true);
      if (inside.length === 0) return `the folder '${argument}' holds no files`;
      files.push(...inside);
    } else if (found === 'missing' && /[*?]/.test(basename(argument)) && !/[*?]/.test(dirname(argument))) {
      const pattern = wildcardPattern(basename(argument));
      const folder = dirname(argument);
      const matched = (await kind(folder)) === 'folder' ? await filesIn(folder, (name) => pattern.test(name)) : [];
      if (matched.length === 0) return `no file matches '${argument}'`;
      files.push(...matched);
    } else {
      // Missing or unreadable files are reported when they are opened, with the reason.
      files.push(argument);
    }
  }
  return files;
}
