/**
 * The capture analyzer in real Chromium against the built site. Expected packet counts come from
 * tshark's reading of the fixtures (expected.json files), never from our own output.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropFiles, FORMAT_FIXTURES, formatFrames, manyConversationsPcap, waitForOutcome, widget, writeLargePcap } from './capture-support';
import { recordRequests, waitForIslands } from './support';

const FULL = '/traces/read/';
const COMPACT = '/symptoms/connection-reset/';

async function open(page: Page, path = FULL) {
  await page.goto(path);
  await waitForIslands(page);
}

function fileInput(page: Page) {
  return widget(page).getByLabel('Choose capture files');
}

async function analyzePaths(page: Page, paths: string[]) {
  await fileInput(page).setInputFiles(paths);
  return waitForOutcome(page);
}

test.describe('formats', () => {
  const cases: Array<{ file: string; label: RegExp }> = [
    { file: 'base.pcap', label: /^pcap/ },
    { file: 'base-be.pcap', label: /^pcap.*big-endian/ },
    { file: 'base.pcapng', label: /^pcapng/ },
    { file: 'netmon2.cap', label: /^Network Monitor 2/ },
    { file: 'netmon23-specials.cap', label: /^Network Monitor 2\.3/ },
    { file: 'base.pcapng.gz', label: /gzip/ },
  ];
  for (const { file, label } of cases) {
    test(`${file}: names the format and counts tshark's frames`, async ({ page }) => {
      await open(page);
      expect(await analyzePaths(page, [join(FORMAT_FIXTURES, file)])).toBe('done');
      const item = widget(page).getByRole('list', { name: 'Files' }).getByRole('listitem');
      await expect(item).toContainText(file);
      await expect(item.getByTestId('capture-format')).toHaveText(label);
      await expect(widget(page).getByTestId('capture-packets')).toHaveText(String(formatFrames(file).length));
    });
  }

  test('a chained Network Monitor set picked together is one trace', async ({ page }) => {
    const parts = ['chain.cap', 'chain(1).cap', 'chain(2).cap'];
    await open(page);
    expect(await analyzePaths(page, parts.map((part) => join(FORMAT_FIXTURES, part)))).toBe('done');
    const items = widget(page).getByRole('list', { name: 'Files' }).getByRole('listitem');
    await expect(items).toHaveCount(3);
    for (const [index, part] of parts.entries()) {
      await expect(items.nth(index)).toContainText(part);
      await expect(items.nth(index)).toContainText(`${formatFrames(part).length} packets`);
    }
    const total = parts.reduce((sum, part) => sum + formatFrames(part).length, 0);
    await expect(widget(page).getByTestId('capture-packets')).toHaveText(String(total));
    const first = formatFrames('chain.cap')[0].time;
    await expect(widget(page).getByTestId('capture-summary')).toContainText(new Date(Number(first.split('.')[0]) * 1000).toISOString().slice(0, 19));
  });

  test('a drop with a DataTransfer is read like picked files', async ({ page }) => {
    await open(page);
    await dropFiles(page, [
      { name: 'chain.cap', path: join(FORMAT_FIXTURES, 'chain.cap') },
      { name: 'base.pcapng', path: join(FORMAT_FIXTURES, 'base.pcapng') },
    ]);
    expect(await waitForOutcome(page)).toBe('done');
    await expect(widget(page).getByRole('list', { name: 'Files' }).getByRole('listitem')).toHaveCount(2);
    const total = formatFrames('chain.cap').length + formatFrames('base.pcapng').length;
    await expect(widget(page).getByTestId('capture-packets')).toHaveText(String(total));
  });
});

test.describe('damaged and unsupported input', () => {
  test('a file cut inside a record shows where, and what came before is analysed', async ({ page }) => {
    const frames = formatFrames('base.pcap');
    const whole = readFileSync(join(FORMAT_FIXTURES, 'base.pcap'));
    // Cut 10 bytes into the last record's data: tshark's lengths say where that record starts.
    const lastRecord = 24 + frames.slice(0, -1).reduce((sum, frame) => sum + 16 + frame.captured, 0);
    await open(page);
    await fileInput(page).setInputFiles({ name: 'cut.pcap', mimeType: 'application/octet-stream', buffer: whole.subarray(0, lastRecord + 16 + 10) });
    expect(await waitForOutcome(page)).toBe('done');
    const faults = widget(page).getByTestId('capture-faults');
    await expect(faults).toContainText('cut.pcap');
    await expect(faults).toContainText(`offset ${lastRecord}`);
    await expect(widget(page).getByTestId('capture-packets')).toHaveText(String(frames.length - 1));
    await expect(widget(page).getByRole('progressbar')).toHaveCount(0);
  });

  test('a zip next to a capture is named with what to do, and the capture is still read', async ({ page }) => {
    await open(page);
    expect(await analyzePaths(page, [join(FORMAT_FIXTURES, 'archive.zip'), join(FORMAT_FIXTURES, 'base.pcap')])).toBe('done');
    const faults = widget(page).getByTestId('capture-faults');
    await expect(faults).toContainText('archive.zip');
    await expect(faults).toContainText(/zip/i);
    await expect(faults).toContainText('What to do:');
    await expect(widget(page).getByTestId('capture-packets')).toHaveText(String(formatFrames('base.pcap').length));
  });

  test('a worker that cannot start is reported, not left spinning', async ({ page }) => {
    await page.route(/capture\.worker/, (route) => route.abort());
    await open(page);
    expect(await analyzePaths(page, [join(FORMAT_FIXTURES, 'base.pcap')])).toBe('failed');
    await expect(widget(page).getByTestId('capture-crash')).toBeVisible();
    await expect(widget(page).getByRole('progressbar')).toHaveCount(0);
  });
});

test('cancel stops a long analysis within moments and keeps the widget usable', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const path = testInfo.outputPath('large.pcap');
  await writeLargePcap(path, 400);
  await open(page);
  await fileInput(page).setInputFiles(path);
  const progress = widget(page).getByRole('progressbar');
  await expect(progress).toBeVisible();
  await expect(widget(page).getByTestId('capture-progress')).toContainText(/\d+(\.\d+)? (KB|MB) of/);
  await widget(page).getByRole('button', { name: 'Cancel' }).click();
  expect(await waitForOutcome(page, 5_000)).toBe('cancelled');
  await expect(widget(page).getByTestId('capture-status')).toHaveText(/cancelled/);
  await expect(progress).toHaveCount(0);
  // The same worker answers the next request.
  expect(await analyzePaths(page, [join(FORMAT_FIXTURES, 'base.pcap')])).toBe('done');
});

test('100,000 conversations: only the visible rows exist, sorting and scrolling reach any row', async ({ page }) => {
  test.setTimeout(120_000);
  const count = 100_000;
  await open(page);
  await fileInput(page).setInputFiles({ name: 'many.pcap', mimeType: 'application/octet-stream', buffer: manyConversationsPcap(count) });
  expect(await waitForOutcome(page, 90_000)).toBe('done');
  await expect(widget(page).getByTestId('capture-conversation-count')).toHaveText('100,000');
  const table = widget(page).getByTestId('capture-conversations');
  await expect(table).toHaveAttribute('aria-rowcount', String(count + 1));
  expect(await table.locator('tbody tr:not(.capture-spacer)').count()).toBeLessThan(60);
  await table.getByRole('button', { name: /^#/ }).click(); // id descending
  await expect(table.locator('tbody tr:not(.capture-spacer)').first().getByRole('button')).toHaveText(String(count - 1));
  const firstRow = table.locator('tbody tr:not(.capture-spacer)').first().getByRole('button');
  await firstRow.focus();
  await page.keyboard.press('End');
  await expect(page.locator(':focus')).toHaveText('0');
});

test.describe('privacy', () => {
  test('analysis makes no request but the worker chunk from our own origin', async ({ page, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    const requests = recordRequests(page, origin);
    await open(page);
    const mark = requests.mark();
    expect(await analyzePaths(page, [join(FORMAT_FIXTURES, 'archive.zip'), join(FORMAT_FIXTURES, 'base.pcapng')])).toBe('done');
    const during = requests.since(mark);
    expect(during.every((url) => url.startsWith(`${origin}/_astro/`) && url.endsWith('.js')), during.join('\n')).toBe(true);
    expect(requests.foreign()).toEqual([]);
  });

  test('with the network cut after the page loaded, files are still analysed', async ({ page, context }) => {
    await open(page);
    // Reaching the file button (as a keyboard user does) loads the worker before the cable is pulled.
    const workerLoaded = page.waitForResponse(/capture\.worker/);
    await fileInput(page).focus();
    await workerLoaded;
    await context.setOffline(true);
    expect(await analyzePaths(page, [join(FORMAT_FIXTURES, 'netmon2.cap')])).toBe('done');
    await expect(widget(page).getByTestId('capture-packets')).toHaveText(String(formatFrames('netmon2.cap').length));
    await context.setOffline(false);
  });
});

test('keyboard only: pick files, sort, move through rows and open a conversation', async ({ page }) => {
  await open(page);
  await fileInput(page).focus();
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  await (await chooser).setFiles(join(FORMAT_FIXTURES, 'base.pcap'));
  expect(await waitForOutcome(page)).toBe('done');
  const table = widget(page).getByTestId('capture-conversations');
  const sortPackets = table.getByRole('button', { name: 'Packets', exact: true });
  await sortPackets.focus();
  await page.keyboard.press('Enter');
  await expect(table.getByRole('columnheader', { name: 'Packets' })).toHaveAttribute('aria-sort', 'descending');
  await page.keyboard.press('Enter');
  await expect(table.getByRole('columnheader', { name: 'Packets' })).toHaveAttribute('aria-sort', 'ascending');
  const rowButtons = table.locator('tbody tr:not(.capture-spacer) button');
  await rowButtons.first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(rowButtons.nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(rowButtons.nth(1)).toHaveAttribute('aria-pressed', 'true');
  const id = await rowButtons.nth(1).textContent();
  await expect(widget(page).getByRole('region', { name: `Conversation ${id}` })).toBeVisible();
});

test('at 375 px nothing spills out of the page', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await open(page);
  expect(await analyzePaths(page, [join(FORMAT_FIXTURES, 'archive.zip'), join(FORMAT_FIXTURES, 'base.pcap')])).toBe('done');
  await expect(widget(page).getByRole('region', { name: 'Verdicts' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  for (const locator of [widget(page).getByText('Choose capture files'), widget(page).locator('.capture-verdict').first(), widget(page).getByTestId('capture-filter')]) {
    const box = (await locator.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
  }
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds nothing in the widget with results, faults and a filter error shown (${theme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await open(page);
    expect(await analyzePaths(page, [join(FORMAT_FIXTURES, 'archive.zip'), join(FORMAT_FIXTURES, 'base.pcap')])).toBe('done');
    await widget(page).getByTestId('capture-filter').fill('ip.addr == 10.0.0.');
    await expect(widget(page).getByTestId('capture-filter-error')).toBeVisible();
    for (const summary of await widget(page).locator('details > summary').all()) await summary.click();
    const results = await new AxeBuilder({ page })
      .include('[data-testid="capture-analyzer"]')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
      .analyze();
    expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
    expect(results.passes.length).toBeGreaterThan(10);
  });
}

test('the compact variant shows verdicts and a small table, and links to the full analyzer', async ({ page }) => {
  await open(page, COMPACT);
  expect(await analyzePaths(page, [join(FORMAT_FIXTURES, 'base.pcapng')])).toBe('done');
  await expect(widget(page).getByRole('region', { name: 'Verdicts' })).toBeVisible();
  await expect(widget(page).getByTestId('capture-conversations')).toBeVisible();
  await expect(widget(page).getByTestId('capture-filter')).toHaveCount(0);
  await expect(widget(page).getByTestId('capture-ladder')).toHaveCount(0);
  await widget(page).getByRole('link', { name: 'Open the full analyzer' }).click();
  await expect(page).toHaveURL(/\/traces\/read\/#read-analyzer$/);
});
