/**
 * Refusals in the reset list and the hosts table, in real Chromium, on a pcap built packet by
 * packet (capture-synthetic.ts) as a port scan meets closed ports: two hosts that send nothing but
 * RST,ACK answers to SYNs (TTL 64), one refusing once, the other seven times, then two routine
 * LDAP closes. Groups that may matter start open, the two refusing hosts' groups say which host
 * each is, and a host known only by its resets still shows their TTL.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { fileInput, open, waitForOutcome, widget } from './capture-support';
import { BUSY_REFUSER, LONE_REFUSER, refusalsPcap } from './capture-synthetic';

const BUSY = 7;
/** Rows an open group shows before its "Show all" (ResetList's FIRST_ROWS). */
const FIRST_ROWS = 5;

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page);
  await fileInput(page).setInputFiles({ name: 'scan.pcap', mimeType: 'application/octet-stream', buffer: refusalsPcap(BUSY) });
  expect(await waitForOutcome(page)).toBe('done');
});

test('refusal groups start open, name their host, and show their first rows with a way to the rest', async ({ page }) => {
  const resets = widget(page).getByTestId('capture-resets');
  const lone = resets.locator('details', { has: page.locator('tr[data-frame="2"]') });
  const busy = resets.locator('details', { has: page.locator('tr[data-frame="4"]') });
  await expect(lone.locator('summary')).toHaveText(`1 reset claiming to come from the server ${LONE_REFUSER} (sender unknown), refusing the connection`);
  await expect(busy.locator('summary')).toHaveText(`${BUSY} resets claiming to come from the server ${BUSY_REFUSER} (sender unknown), refusing the connection`);
  for (const group of [lone, busy]) await expect(group).toHaveAttribute('open', '');
  // The routine closes stay folded, and name no address: no other group reads like them.
  const routine = resets.locator('details[data-routine]');
  await expect(routine).not.toHaveAttribute('open');
  await expect(routine.locator('summary')).toHaveText('2 resets sent by the server, answering a FIN — routine');

  // By construction the busy host's nth RST is frame 2 + 2n.
  const frames = () => busy.locator('tr[data-frame]').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-frame'))));
  expect(await frames()).toEqual(Array.from({ length: FIRST_ROWS }, (_, index) => 4 + 2 * index));
  const more = busy.getByRole('button', { name: `Show all ${BUSY} resets of this group` });
  await more.focus();
  await page.keyboard.press('Enter');
  expect(await frames()).toEqual(Array.from({ length: BUSY }, (_, index) => 4 + 2 * index));
  await expect(more).toHaveCount(0);
  // Focus moves on to the first row that was hidden, not back to the top of the page.
  await expect(busy.locator(`tr[data-frame="${4 + 2 * FIRST_ROWS}"]`).getByRole('button')).toBeFocused();

  const results = await new AxeBuilder({ page })
    .include('[data-testid="capture-resets"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('a host that sent only resets shows their TTL in the hosts table', async ({ page }) => {
  const hosts = widget(page).getByTestId('capture-hosts');
  for (const address of [LONE_REFUSER, BUSY_REFUSER]) {
    const row = hosts.locator('tbody tr', { has: page.locator(`td[title="${address}"]`) });
    await expect(row.locator('td[data-label="TTL seen (initial)"]')).toHaveText('64 (resets only)');
  }
});
