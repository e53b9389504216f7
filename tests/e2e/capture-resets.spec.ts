/**
 * The capture analyzer's reset list in real Chromium: who sent each RST as tshark's TTLs say, the
 * grouping of resets that share an explanation, and the way from each reset to its conversation.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { analyzePaths, fileInput, open, scenarioPath, scenarioTruth, waitForOutcome, widget } from './capture-support';
import { ROUTINE_RESET_SERVER, routineResetsPcap } from './capture-synthetic';

test('the resets list says who sent each RST as tshark\'s TTLs do, and opens its conversation', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const file of ['middlebox-reset.pcapng', 'reset-on-close.pcap', 'reset-crossing-fin.cap']) {
    const truth = scenarioTruth(file);
    await open(page);
    expect(await analyzePaths(page, [scenarioPath(file)])).toBe('done');
    const table = widget(page).getByTestId('capture-resets');
    await expect(table.locator('tr[data-sent-by]')).toHaveCount(truth.tcp.resets.length);
    for (const reset of truth.tcp.resets) {
      // The time of day to the microsecond, as tshark prints it.
      const row = table.locator('tr[data-sent-by]', { hasText: reset.time.slice(reset.time.indexOf('T') + 1, reset.time.indexOf('T') + 16) });
      await expect(row).toHaveAttribute('data-sent-by', reset.sentBy);
      await expect(row).toHaveAttribute('data-frame', String(reset.frame));
      await expect(row).toContainText(`${reset.src}:${reset.srcPort}`);
      await expect(row).toContainText(`${reset.initialTtl} − ${reset.hops} ${reset.hops === 1 ? 'hop' : 'hops'}`);
      // How the reset met the other end's close is said once, in its group's headline.
      const headline = table.locator('details', { has: page.locator(`tr[data-frame="${reset.frame}"]`) }).locator('summary');
      for (const [label, shown] of [['answering a FIN', reset.afterPeerFin], ['crossing a FIN', reset.crossedPeerFin]] as const) {
        if (shown) await expect(headline).toContainText(label);
        else await expect(headline).not.toContainText(label);
      }
    }
    // Each group's table fits the guide's column at 1280 px: nothing hides behind the fade.
    for (const frame of await table.locator('.capture-scroll-frame').all()) await expect(frame).not.toHaveAttribute('data-more-right');
    const sender = `${truth.tcp.resets[0].src}:${truth.tcp.resets[0].srcPort}`;
    const conversation = truth.tcp.conversations.find((candidate) => candidate.server === sender || candidate.client === sender);
    expect(conversation).toBeDefined();
    await table.getByRole('button', { name: /^Show conversation/ }).first().click();
    const region = widget(page).getByRole('region', { name: /^Conversation \d+$/ });
    await expect(region).toBeFocused();
    await expect(region.getByRole('heading')).toContainText(`${conversation!.client} → ${conversation!.server}`);
  }
});

test('resets with one explanation are one folded group after the path reset, and each stays reachable', async ({ page }) => {
  const routine = 29;
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page);
  await fileInput(page).setInputFiles({ name: 'routine.pcap', mimeType: 'application/octet-stream', buffer: routineResetsPcap(routine) });
  expect(await waitForOutcome(page)).toBe('done');
  const resets = widget(page).getByTestId('capture-resets');
  const groups = resets.locator('details');
  await expect(groups).toHaveCount(2);
  // By construction: the path RST is the last frame, the nth routine RST is frame 5n.
  await expect(groups.first()).toHaveAttribute('data-sent-by', 'path');
  await expect(groups.first()).toHaveAttribute('open', '');
  await expect(groups.first().locator('tr[data-sent-by]')).toHaveAttribute('data-frame', String(5 * routine + 4));
  const folded = groups.nth(1);
  // Built so: the routine RSTs come from the LDAP server's address and port.
  await expect(folded.locator('summary')).toHaveText(`${routine} resets sent by the server, answering a FIN — routine`);
  await expect(folded).not.toHaveAttribute('open');
  await expect(folded.locator('.capture-reset-group__why')).toBeHidden();
  await expect(resets.locator('.capture-reset-group__why', { hasText: 'Sent by 10.0.0.9 itself' })).toHaveCount(1);
  await folded.locator('summary').click();
  const rows = folded.locator('tr[data-sent-by]');
  await expect(rows).toHaveCount(routine);
  expect(await rows.evaluateAll((elements) => elements.map((row) => Number(row.getAttribute('data-frame'))))).toEqual(Array.from({ length: routine }, (_, index) => 5 * (index + 1)));
  const results = await new AxeBuilder({ page })
    .include('[data-testid="capture-resets"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  await rows.last().getByRole('button', { name: /^Show conversation/ }).click();
  const region = widget(page).getByRole('region', { name: /^Conversation \d+$/ });
  await expect(region).toBeFocused();
  await expect(region.getByRole('heading')).toContainText(`10.0.0.5:${50000 + routine - 1} → ${ROUTINE_RESET_SERVER}`);
});
