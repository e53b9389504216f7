/**
 * A finding that tells several connections which ended alike narrows the conversation table to
 * all of them, in real Chromium: the filter box, the address and the table say the same thing, and
 * keyboard users land in the filter box. The pcap is built packet by packet (capture-synthetic.ts):
 * its routine LDAP closes are conversations 0, 2, 3, 4, 6 and 7, as tshark's tcp.stream numbers them.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { COMPACT, fileInput, FULL, open, waitForOutcome, widget } from './capture-support';
import { routineClosesAmongOpenPcap, ROUTINE_RESET_SERVER } from './capture-synthetic';

const LAYOUT = 'rorrrorr';
const ROUTINE_IDS = ['0', '2', '3', '4', '6', '7'];
/** Runs of three or more ids are written as ranges. */
const EXPECTED_FILTER = 'tcp.stream in {0 2..4 6 7}';

async function analyzeLayout(page: Page, path: string) {
  await open(page, path);
  await fileInput(page).setInputFiles({ name: 'grouped.pcap', mimeType: 'application/octet-stream', buffer: routineClosesAmongOpenPcap(LAYOUT) });
  expect(await waitForOutcome(page)).toBe('done');
}

function groupedVerdict(page: Page) {
  return widget(page).locator('.capture-verdict', { hasText: `${ROUTINE_IDS.length} connections from 10.0.0.5 to ${ROUTINE_RESET_SERVER}` });
}

function shownIds(page: Page): Promise<string[]> {
  return widget(page).getByTestId('capture-conversations').locator('tbody tr:not(.capture-spacer) button').allTextContents();
}

test('"Show all" narrows the table to the finding\'s connections, as typing the filter would', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await analyzeLayout(page, FULL);
  expect(await shownIds(page)).toHaveLength(LAYOUT.length);
  await groupedVerdict(page).getByRole('button', { name: `Show all ${ROUTINE_IDS.length} connections in the table` }).click();

  const filter = widget(page).getByTestId('capture-filter');
  await expect(filter).toHaveValue(EXPECTED_FILTER);
  await expect(filter).toBeFocused();
  await expect.poll(() => new URL(page.url()).searchParams.get('filter')).toBe(EXPECTED_FILTER);
  await expect(widget(page).locator('.capture-filter__count')).toHaveText(`${ROUTINE_IDS.length} of ${LAYOUT.length} conversations match.`);
  await expect.poll(() => shownIds(page)).toEqual(ROUTINE_IDS);
  // The first of them is drawn, and marked in the table.
  const drawn = widget(page).getByRole('region', { name: /^Conversation \d+$/ });
  await expect(drawn).toHaveAttribute('aria-label', 'Conversation 0');
  await expect(drawn.getByRole('heading')).toContainText(`10.0.0.5:50000 → ${ROUTINE_RESET_SERVER}`);
  await expect(widget(page).getByRole('button', { name: /^Conversation 0:/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(widget(page).getByTestId('capture-selected-hidden')).toHaveCount(0);

  const results = await new AxeBuilder({ page })
    .include('[data-testid="capture-analyzer"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);

  // The same filter typed anew (here: cleared) behaves as any other.
  await filter.fill('');
  await expect.poll(() => new URL(page.url()).searchParams.has('filter')).toBe(false);
  await expect.poll(async () => (await shownIds(page)).length).toBe(LAYOUT.length);
});

test('keyboard only: from the finding to the filter box, then into its rows', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await analyzeLayout(page, FULL);
  const verdict = groupedVerdict(page);
  await verdict.getByRole('link', { name: 'What to do' }).focus();
  await page.keyboard.press('Tab');
  await expect(verdict.getByRole('button', { name: 'Show the conversation' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(verdict.getByRole('button', { name: /^Show all \d+ connections/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(widget(page).getByTestId('capture-filter')).toBeFocused();
  await expect.poll(() => shownIds(page)).toEqual(ROUTINE_IDS);

  // The table's one tab stop follows the filter box's own controls.
  const firstRow = widget(page).getByRole('button', { name: /^Conversation 0:/ });
  for (let presses = 0; presses < 15 && !(await firstRow.evaluate((button) => button === document.activeElement)); presses++) await page.keyboard.press('Tab');
  await expect(firstRow).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const secondRow = widget(page).getByRole('button', { name: /^Conversation 2:/ });
  await expect(secondRow).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(secondRow).toHaveAttribute('aria-pressed', 'true');
  await expect(widget(page).getByRole('region', { name: /^Conversation \d+$/ })).toHaveAttribute('aria-label', 'Conversation 2');
});

test('the compact analyzer, which has no filter box, offers no "Show all"', async ({ page }) => {
  await analyzeLayout(page, COMPACT);
  await expect(groupedVerdict(page)).toHaveCount(1);
  await expect(widget(page).getByRole('button', { name: /^Show all/ })).toHaveCount(0);
});
