/**
 * The capture analyzer's layout in real Chromium: at 1280 px (beside the table of contents), at
 * 1024 px (without it) and at 375 px, nothing the reader needs is cut off or pushed out of view.
 * Expected values come from tshark's reading of the fixtures.
 */
import { expect, test, type Locator } from '@playwright/test';
import { join } from 'node:path';
import { analyzePaths, FORMAT_FIXTURES, open, scenarioPath, scenarioTruth, selectedCounts, widget } from './capture-support';

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

test('at 375 px the conversations, the ladder and the hosts fit the screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  const files = ['middlebox-reset.pcapng', 'ipv6.pcapng'];
  await open(page);
  expect(await analyzePaths(page, files.map(scenarioPath))).toBe('done');
  const inScreen = async (locator: Locator, what: string) => {
    const box = (await locator.boundingBox())!;
    expect(box.x, what).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, what).toBeLessThanOrEqual(375);
  };
  const conversations = widget(page).getByRole('region', { name: 'TCP conversations, scrollable' });
  expect(await conversations.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(1);
  // Client and server share a cell, so each row still shows its state.
  const truth = scenarioTruth(files[0]).tcp.conversations[0];
  const row = conversations.locator('tbody tr').filter({ has: page.locator(`td[title^="${truth.client} → ${truth.server}"]`) });
  await inScreen(row.getByTestId('capture-state'), 'state');
  // The ladder is drawn at the screen's width: the server lane is in view, its text not scaled down.
  const ladder = widget(page).getByTestId('capture-ladder');
  await inScreen(ladder.locator('[data-lane="server"] .capture-ladder__lane-title'), 'server lane');
  expect(await ladder.locator('svg').evaluate((svg) => svg.getBoundingClientRect().width / Number(svg.getAttribute('width')))).toBe(1);
  const hosts = widget(page).getByRole('region', { name: 'TTL per host, scrollable' });
  expect(await hosts.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(1);
  for (const label of ['Hops', 'Likely sender']) await inScreen(hosts.locator(`td[data-label="${label}"]`).first(), label);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
});

test('at 375 px each reset is a card whose explanation and details are in view without scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  const file = 'middlebox-reset.pcapng';
  const [truth] = scenarioTruth(file).tcp.resets;
  await open(page);
  expect(await analyzePaths(page, [scenarioPath(file)])).toBe('done');
  const resets = widget(page).getByTestId('capture-resets');
  const region = resets.getByRole('region', { name: /scrollable$/ });
  expect(await region.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(1);
  await expect(region.locator('xpath=..')).not.toHaveAttribute('data-more-right');
  const group = resets.locator('details[data-sent-by="path"]');
  const why = group.locator('.capture-reset-group__why');
  await expect(why).toContainText(`TTL ${truth.ttl}`);
  const frame = group.locator('tr[data-sent-by] td[data-label="Frame"]');
  for (const element of [group.locator('summary'), why, frame, group.getByRole('button', { name: /^Show conversation/ })]) {
    const box = (await element.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
  }
  // The column headers are gone from view, so each value carries its own label.
  expect(await frame.evaluate((cell) => getComputedStyle(cell, '::before').content)).toBe('"Frame "');
});

for (const width of [1280, 1024]) {
  // At 1280 px the table of contents takes the right; at 1024 px it folds away and the column is wider.
  test(`at ${width} px the conversations and hosts tables fit the guide's column, and cut cells carry their full text`, async ({ page }) => {
    const files = ['refused.pcap', 'middlebox-reset.pcapng', 'syn-timeout.pcapng', 'ipv6.pcapng'];
    await page.setViewportSize({ width, height: 900 });
    await open(page);
    expect(await analyzePaths(page, files.map(scenarioPath))).toBe('done');
    const region = widget(page).getByRole('region', { name: 'TCP conversations, scrollable' });
    const table = region.getByTestId('capture-conversations');
    const cut = (cells: Array<HTMLElement | SVGElement>) => cells.filter((cell) => cell.scrollWidth > cell.clientWidth).map((cell) => cell.textContent);
    expect(await table.locator('th').evaluateAll(cut)).toEqual([]);
    expect(await region.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(1);
    await expect(region.locator('xpath=..')).not.toHaveAttribute('data-more-right');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    for (const file of files) {
      const truth = scenarioTruth(file);
      for (const conversation of truth.tcp.conversations) {
        // A path device's RST claims to come from one of the endpoints.
        const byPath = truth.tcp.resets.some((reset) => reset.sentBy === 'path' && [conversation.client, conversation.server].some((end) => end.endsWith(`${reset.src}:${reset.srcPort}`) || end.endsWith(`${reset.src}]:${reset.srcPort}`)));
        const words = conversation.state.replace('no-answer', 'no answer');
        const row = table.locator('tbody tr').filter({ has: page.locator(`td[title="${conversation.client}"]`) });
        const state = row.getByTestId('capture-state');
        await expect(state).toHaveText(byPath ? `${words} (path)` : new RegExp(`^${words}( \\((client|server)\\))?$`));
        expect(await state.evaluate((cell) => cell.scrollWidth <= cell.clientWidth), `${conversation.client} state shown in full`).toBe(true);
      }
    }
    // Whatever is cut short says all of itself on hover.
    const cutCells = await table.locator('tbody td').evaluateAll((cells) => cells.filter((cell) => cell.scrollWidth > cell.clientWidth).map((cell) => [cell.textContent, cell.getAttribute('title') ?? '']));
    for (const [text, title] of cutCells) expect(title.replace(/\s+/g, ''), `${text} has a title`).toContain((text ?? '').split(/\s/)[0]);
    // The counts a narrow table leaves out are on the selected conversation, as tshark counts them.
    const first = scenarioTruth(files[0]).tcp.conversations[0];
    await table.locator('tbody tr').filter({ has: page.locator(`td[title="${first.client}"]`) }).getByRole('button').click();
    await expect(widget(page).getByTestId('capture-selected-counts')).toHaveText(selectedCounts(first));
    // The TTL table: IPv6 addresses wrap instead of pushing Hops and Likely sender out of view.
    const hosts = widget(page).getByRole('region', { name: 'TTL per host, scrollable' });
    expect(await hosts.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(1);
    expect(await hosts.locator('th, td').evaluateAll(cut)).toEqual([]);
    await expect(hosts.locator('td.capture-hosts__address', { hasText: ':' }).first()).toHaveAttribute('title', /:/);
  });
}
