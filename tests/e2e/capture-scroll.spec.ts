/**
 * Where the page lands when a finding's button moves the reader, in real Chromium at 1280 and
 * 375 px: "Show the conversation" puts that conversation's heading just below Starlight's sticky
 * header (and, on a phone, its "On this page" bar), and "Show all" brings the narrowed table's
 * heading, filter count and first rows into view, while focus goes where the keyboard needs it.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { analyzePaths, fileInput, open, scenarioPath, waitForOutcome, widget } from './capture-support';
import { routineClosesAmongOpenPcap } from './capture-synthetic';

/** The bottom of whatever Starlight pins to the top of the window: its header, and on a phone the contents bar. */
function pinnedBottom(page: Page): Promise<number> {
  return page.evaluate(() =>
    Math.max(...[...document.querySelectorAll('header.header, mobile-starlight-toc nav')].map((element) => element.getBoundingClientRect()).filter((box) => box.height > 0).map((box) => box.bottom)),
  );
}

/** The element lies wholly between the pinned header and the window's bottom edge. */
async function expectInSight(page: Page, locator: Locator, what: string) {
  const box = (await locator.boundingBox())!;
  const height = page.viewportSize()!.height;
  expect(box.y, `${what} starts below the pinned header`).toBeGreaterThanOrEqual((await pinnedBottom(page)) - 0.5);
  expect(box.y + box.height, `${what} ends inside the window`).toBeLessThanOrEqual(height);
}

for (const width of [1280, 375]) {
  test(`at ${width} px "Show the conversation" lands on the conversation's heading, below the header`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    await open(page);
    expect(await analyzePaths(page, [scenarioPath('middlebox-reset.pcapng')])).toBe('done');
    // Start from the foot of the page, as after reading the resets and hosts.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await widget(page).locator('.capture-verdict[data-kind="middlebox-reset"]').getByRole('button', { name: 'Show the conversation' }).click();
    const region = widget(page).getByRole('region', { name: /^Conversation \d+$/ });
    await expect(region).toBeFocused();
    const heading = region.getByRole('heading');
    await expect.poll(async () => (await heading.boundingBox())!.y).toBeGreaterThanOrEqual(await pinnedBottom(page));
    await expectInSight(page, heading, 'the heading');
    await expectInSight(page, region.getByTestId('capture-selected-counts'), 'the packet count');
    // At the top of the window, not somewhere in it: the ladder follows in view.
    expect((await heading.boundingBox())!.y - (await pinnedBottom(page))).toBeLessThan(48);
  });
}

test('at 375 px "Show all" brings the table\'s heading, its count and the narrowed rows into view', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await open(page);
  await fileInput(page).setInputFiles({ name: 'grouped.pcap', mimeType: 'application/octet-stream', buffer: routineClosesAmongOpenPcap('rorrrorr') });
  expect(await waitForOutcome(page)).toBe('done');
  const button = widget(page).getByRole('button', { name: /^Show all 6 connections/ });
  await button.scrollIntoViewIfNeeded();
  await button.click();
  const filter = widget(page).getByTestId('capture-filter');
  await expect(filter).toBeFocused();
  const section = widget(page).getByRole('region', { name: 'TCP conversations', exact: true });
  const heading = section.getByRole('heading', { name: 'TCP conversations' });
  await expect.poll(async () => (await heading.boundingBox())!.y).toBeGreaterThanOrEqual(await pinnedBottom(page));
  await expectInSight(page, heading, 'the heading');
  await expectInSight(page, filter, 'the filter');
  await expectInSight(page, section.locator('.capture-filter__count'), 'the count');
  await expect(section.locator('.capture-filter__count')).toHaveText('6 of 8 conversations match.');
  await expectInSight(page, section.getByTestId('capture-conversations').locator('tbody tr:not(.capture-spacer)').first(), 'the first row');
});
