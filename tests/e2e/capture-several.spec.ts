/**
 * Several files at once, as a customer gives them: a chained Network Monitor set picked in any
 * order, or a folder holding the set beside text notes. The page says in plain words how the files
 * became one trace, and names the notes it could not read once, not once per file. Counts and times come from
 * tshark's reading of each part (tests/fixtures/capture/chained/*.expected.json).
 */
import { expect, test } from '@playwright/test';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePaths, CAPTURE_FIXTURES, dropFromDesktop, open, waitForOutcome, widget } from './capture-support';

const PARTS = ['clean.cap', 'clean(1).cap', 'clean(2).cap'].map((part) => join(CAPTURE_FIXTURES, 'chained', part));

function truth(path: string): { packets: number; firstTime: string } {
  return JSON.parse(readFileSync(`${path}.expected.json`, 'utf8')) as { packets: number; firstTime: string };
}

test('a chained set picked last part first is said to be read as one trace in time order', async ({ page }) => {
  await open(page);
  expect(await analyzePaths(page, [...PARTS].reverse())).toBe('done');
  const joined = widget(page).getByTestId('capture-files-joined');
  await expect(joined).toHaveText(/^Read as one trace: the packets of these 3 files are put in time order, whatever order the files were given in, and numbered from 1\.$/);
  // And so they are: the trace starts with the earliest part's first packet, not the first file given.
  const earliest = PARTS.map((part) => truth(part).firstTime).sort()[0];
  const shown = `${earliest.slice(0, 10)} ${earliest.slice(11, 26)}`;
  const total = PARTS.reduce((sum, part) => sum + truth(part).packets, 0);
  await expect(widget(page).getByTestId('capture-summary')).toContainText(`${total} packets from ${shown}`);
});

test('one file is not said to be joined', async ({ page }) => {
  await open(page);
  expect(await analyzePaths(page, [PARTS[0]])).toBe('done');
  await expect(widget(page).getByRole('list', { name: 'Files' }).getByRole('listitem')).toHaveCount(1);
  await expect(widget(page).getByTestId('capture-files-joined')).toHaveCount(0);
});

test('a folder with the set and text notes beside it names the notes in one item, sending them to the log analyzer', async ({ page }, testInfo) => {
  const folder = testInfo.outputPath('customer-folder');
  mkdirSync(folder, { recursive: true });
  for (const part of PARTS) copyFileSync(part, join(folder, part.slice(part.lastIndexOf('/') + 1)));
  const notes = ['ipconfig.txt', 'netstat.txt'];
  writeFileSync(join(folder, notes[0]), 'Windows IP Configuration\r\n\r\n   Host Name . . . . . . . . . . . . : SHIR-NODE-1\r\n');
  writeFileSync(join(folder, notes[1]), '  Proto  Local Address          Foreign Address        State           PID\r\n  TCP    10.0.0.5:8060          0.0.0.0:0              LISTENING       4242\r\n');
  await open(page);
  await dropFromDesktop(page, [folder]);
  expect(await waitForOutcome(page)).toBe('done');
  const faults = widget(page).getByTestId('capture-faults');
  await expect(faults.getByRole('heading')).toHaveText('2 files could not be read');
  const items = faults.getByRole('listitem');
  await expect(items).toHaveCount(1);
  await expect(items.locator('.capture-faults__file')).toHaveText(notes);
  await expect(items).toContainText('Paste it into the log analyzer');
  await expect(items.getByRole('link', { name: 'Open the log analyzer' })).toHaveCount(1);
  // The set itself is read, and said to be one trace.
  const total = PARTS.reduce((sum, part) => sum + truth(part).packets, 0);
  await expect(widget(page).getByTestId('capture-packets')).toHaveText(String(total));
  await expect(widget(page).getByTestId('capture-files-joined')).toContainText('these 3 files');
});
