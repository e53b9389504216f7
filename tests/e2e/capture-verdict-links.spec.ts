/**
 * The links under each finding, in real Chromium: every "What to do" is described by its own
 * finding (a screen reader's list of links otherwise offers a row of identical names), a finding
 * about two connections offers "Show both", and on a phone neither "What to do" nor a duration
 * breaks across lines. The pcap is built packet by packet (capture-synthetic.ts).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { analyzePaths, fileInput, open, scenarioPath, waitForOutcome, widget } from './capture-support';
import { refusalsPcap, ROUTINE_RESET_SERVER } from './capture-synthetic';

test('each "What to do" is described by its finding, and two connections are "both"', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await open(page);
  // Two refusals by 10.0.0.65, one by 10.0.0.50, and two routine LDAP closes, which one finding tells.
  await fileInput(page).setInputFiles({ name: 'scan.pcap', mimeType: 'application/octet-stream', buffer: refusalsPcap(2) });
  expect(await waitForOutcome(page)).toBe('done');
  const verdicts = widget(page).locator('.capture-verdict');
  expect(await verdicts.count()).toBeGreaterThan(1);
  const descriptions: string[] = [];
  for (const verdict of await verdicts.all()) {
    const summary = (await verdict.locator('.capture-verdict__summary').textContent())!;
    const link = verdict.getByRole('link', { name: 'What to do', exact: true });
    await expect(link).toHaveAccessibleDescription(summary.replace(/\s+/g, ' ').trim());
    descriptions.push(summary);
    // One line: "What to⏎do" read as two links.
    expect(await link.evaluate((element) => element.getClientRects().length)).toBe(1);
  }
  expect(new Set(descriptions).size).toBe(descriptions.length);

  const pair = verdicts.filter({ hasText: `2 connections from 10.0.0.5 to ${ROUTINE_RESET_SERVER}` });
  await expect(pair.getByRole('button', { name: 'Show both connections in the table' })).toBeVisible();
  await expect(widget(page).getByRole('button', { name: /^Show all 2 / })).toHaveCount(0);
  const results = await new AxeBuilder({ page })
    .include('.capture-verdicts')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('a duration in a finding keeps its number and unit together', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await open(page);
  expect(await analyzePaths(page, [scenarioPath('capture-ends-early.pcap')])).toBe('done');
  // The look-up was left unanswered when the trace stopped: its finding says how much later.
  const summary = widget(page).locator('.capture-verdict', { hasText: 'went unanswered' }).locator('.capture-verdict__summary');
  await expect(summary).toHaveText(/\d\u00a0ms later/);
  await expect(summary).not.toHaveText(/\d (ms|s)\b/);
});
