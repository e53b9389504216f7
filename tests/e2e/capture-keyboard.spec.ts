/**
 * The keyboard path through a result, in real Chromium, on a pcap built packet by packet
 * (capture-synthetic.ts) as a port scan meets closed ports: findings come first, each with its own
 * links and buttons, so the result opens with "Skip to" links. One Tab from the file picker's
 * sample button reaches them; each focuses its section below the page's header, and Tab goes on
 * inside it; past them, the findings' own links still follow.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { analyzePaths, fileInput, open, scenarioPath, waitForOutcome, widget } from './capture-support';
import { refusalsPcap } from './capture-synthetic';

const BUSY = 7;
const ROUTINE = 2;
/** By construction: one connection per refusal (1 + BUSY) and per routine close, each ended by one RST. */
const CONVERSATIONS = 1 + BUSY + ROUTINE;

async function analyze(page: Page, width: number): Promise<Locator> {
  await page.setViewportSize({ width, height: 800 });
  await open(page);
  await fileInput(page).setInputFiles({ name: 'scan.pcap', mimeType: 'application/octet-stream', buffer: refusalsPcap(BUSY, ROUTINE) });
  expect(await waitForOutcome(page)).toBe('done');
  return widget(page).getByRole('navigation', { name: 'Result sections' });
}

/** Not under Starlight's sticky header: the point at the element's middle hits the element itself. */
async function expectUncovered(element: Locator): Promise<void> {
  const uncovered = await element.evaluate((target) => {
    const box = target.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + Math.min(box.width / 2, 40), box.top + box.height / 2);
    return hit !== null && target.contains(hit);
  });
  expect(uncovered).toBe(true);
}

for (const width of [1280, 375]) {
  test(`Skip to links take the keyboard past the findings to each section (${width} px)`, async ({ page }) => {
    const nav = await analyze(page, width);
    const root = widget(page);
    const hostRows = await root.getByTestId('capture-hosts').locator('tbody tr').count();
    expect(await nav.getByRole('link').allTextContents()).toEqual([`Conversations (${CONVERSATIONS})`, `Resets (${CONVERSATIONS})`, `Hosts (${hostRows})`, 'Share the result']);

    // From the picker's last control: one Tab to the links, Enter, one Tab to the conversation filter.
    await root.getByRole('button', { name: 'Try the sample trace' }).focus();
    await page.keyboard.press('Tab');
    await expect(nav.getByRole('link', { name: /^Conversations/ })).toBeFocused();
    await page.keyboard.press('Enter');
    const conversations = root.getByRole('region', { name: 'TCP conversations', exact: true });
    await expect(conversations).toBeFocused();
    await expectUncovered(conversations.getByRole('heading', { name: 'TCP conversations' }));
    await page.keyboard.press('Tab');
    await expect(root.getByTestId('capture-filter')).toBeFocused();
    // The address keeps no fragment: the ids behind the links last only as long as this result.
    expect(new URL(page.url()).hash).toBe('');

    await nav.getByRole('link', { name: /^Resets/ }).focus();
    await page.keyboard.press('Enter');
    const resets = root.getByRole('region', { name: 'Resets', exact: true });
    await expect(resets).toBeFocused();
    await expectUncovered(resets.getByRole('heading', { name: 'Resets' }));
    await page.keyboard.press('Tab');
    expect(await resets.evaluate((section) => section !== document.activeElement && section.contains(document.activeElement))).toBe(true);

    await nav.getByRole('link', { name: 'Share the result' }).focus();
    await page.keyboard.press('Enter');
    await expect(root.getByRole('region', { name: 'Export', exact: true })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(root.getByRole('button', { name: 'Copy Markdown summary' })).toBeFocused();

    // Nothing was taken out of the Tab order: past the links come the findings' own.
    await nav.getByRole('link', { name: 'Share the result' }).focus();
    await page.keyboard.press('Tab');
    const firstFinding = root.getByRole('region', { name: 'Verdicts' }).getByRole('link', { name: 'What to do' }).first();
    await expect(firstFinding).toBeFocused();
  });
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the Skip to links pass axe (${colorScheme}, 375 px)`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    const nav = await analyze(page, 375);
    await expect(nav).toBeVisible();
    // The links wrap between themselves on a phone, never past the screen's edge.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const results = await new AxeBuilder({ page }).include('[data-testid="capture-analyzer"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
    expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}

test('a result without findings has nothing to skip, so no links', async ({ page }) => {
  await open(page);
  // One connection opened and closed with FINs (tshark's truth beside the fixture).
  expect(await analyzePaths(page, [scenarioPath('clean.pcap')])).toBe('done');
  await expect(widget(page).getByRole('region', { name: 'Verdicts' })).toContainText('No connection problem found');
  await expect(widget(page).getByRole('navigation', { name: 'Result sections' })).toHaveCount(0);
});
