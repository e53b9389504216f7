/**
 * Several files at once, as a customer gives them: a chained Network Monitor set picked in any
 * order. The page says in plain words how the files became one trace. Counts and times come from
 * tshark's reading of each part (tests/fixtures/capture/chained/*.expected.json).
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePaths, CAPTURE_FIXTURES, open, widget } from './capture-support';

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
