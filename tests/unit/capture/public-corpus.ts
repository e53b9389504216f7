/**
 * The public capture corpus the corpus suites read: beside the repository (where CI's clean clone
 * finds it) or in this machine's shared folder. Its files are never copied into the repository;
 * without the folder the suites skip, saying so.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openFileSource } from '../../../src/cli/file-source';
import { analyzeCapture } from '../../../src/lib/capture/analyze-capture';
import type { CaptureReport } from '../../../src/lib/capture/report';

const besideRepository = resolve(fileURLToPath(new URL('../../../../shared/captures/public', import.meta.url)));

/** The corpus folder, undefined when neither place has it. */
export const PUBLIC_CORPUS = [besideRepository, '/work/shared/captures/public'].find((folder) => existsSync(join(folder, 'MANIFEST.json')));

/** The title suffix of a suite skipped for want of the corpus. */
export const CORPUS_MISSING = '(folder ../shared/captures/public not found: skipped)';

/** The analyzer's report of one corpus file, read from disk as the CLI reads it. */
export async function analyzeCorpusFile(file: string): Promise<CaptureReport> {
  const source = await openFileSource(join(PUBLIC_CORPUS as string, file));
  try {
    return await analyzeCapture([source]);
  } finally {
    await source.close();
  }
}
