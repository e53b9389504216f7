/**
 * The summary above the findings, in real Chromium: DNS look-ups on a line of their own, and
 * Wireshark's message totals folded into a disclosure, so the summary stays short on a phone.
 * Expected numbers come from tshark's reading of the dns fixture.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { analyzePaths, open, scenarioPath, scenarioTruth, widget } from './capture-support';

const FILE = 'dns.pcap';

for (const width of [1280, 375]) {
  test(`at ${width} px the look-ups stand on their own line and Wireshark's totals wait in a disclosure`, async ({ page }) => {
    const truth = scenarioTruth(FILE).dns;
    const resolved = truth.answers.filter((answer) => answer.rcode === 'NOERROR').length;
    await page.setViewportSize({ width, height: 800 });
    await open(page);
    expect(await analyzePaths(page, [scenarioPath(FILE)])).toBe('done');
    const summary = widget(page).getByTestId('capture-summary');
    const lookups = summary.getByTestId('capture-summary-dns');
    await expect(lookups).toContainText(`${truth.answers.length} answered (${resolved} resolved, ${truth.answers.length - resolved} failed), ${truth.unanswered.length} unanswered.`);
    await expect(lookups).not.toContainText('Wireshark');
    await expect(summary.getByTestId('capture-summary-line')).not.toContainText('DNS');
    // tshark finds no TCP in this trace: the line says so once, without counting resets that cannot exist.
    expect(scenarioTruth(FILE).tcp.conversations).toEqual([]);
    await expect(summary.getByTestId('capture-summary-line')).toContainText('; 0 TCP conversations.');
    await expect(summary.getByTestId('capture-summary-line')).not.toContainText(/reset|SYN/);
    // Short enough to read at a glance on a phone: at most three lines.
    const lines = await lookups.evaluate((element) => element.getBoundingClientRect().height / parseFloat(getComputedStyle(element).lineHeight));
    expect(lines).toBeLessThanOrEqual(3.1);

    const wireshark = summary.getByTestId('capture-dns-wireshark');
    const totals = wireshark.getByText(`Wireshark counts ${truth.queries} DNS queries and ${truth.answers.length} responses.`);
    await expect(totals).toBeHidden();
    await wireshark.getByText('DNS as Wireshark counts it').click();
    await expect(totals).toBeVisible();
    const results = await new AxeBuilder({ page })
      .include('[data-testid="capture-summary"]')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
      .analyze();
    expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}
