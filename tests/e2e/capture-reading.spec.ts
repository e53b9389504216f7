/**
 * What the capture analyzer's page says and how it reads, in real Chromium: a routine close does
 * not look like a failure, nothing a reader needs is cut (addresses, ports, the sender of a reset),
 * the filter and the drawn conversation agree, and the page and its export say the same thing the
 * same way. Expected values come from tshark's reading of the fixtures or from pcaps built packet
 * by packet (capture-synthetic.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { analyzePaths, COMPACT, fileInput, FORMAT_FIXTURES, FULL, ladderCollisions, open, scenarioPath, scenarioTruth, waitForOutcome, widget } from './capture-support';
import { hostTtlsPcap, PATH_RESET_CLIENT, routineResetsPcap, TWO_DISTANCES_HOST, TWO_STACKS_HOST } from './capture-synthetic';

async function analyzeBuffer(page: Page, name: string, buffer: Buffer) {
  await fileInput(page).setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
  expect(await waitForOutcome(page)).toBe('done');
}

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .include('[data-testid="capture-analyzer"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

async function downloadMarkdown(page: Page): Promise<string> {
  const download = page.waitForEvent('download');
  await widget(page).getByRole('region', { name: 'Export' }).getByRole('button', { name: 'Download Markdown' }).click();
  return readFileSync((await (await download).path())!, 'utf8');
}

test('a routine abortive close keeps a plain state; the path reset is red; each reset group names its end', async ({ page }) => {
  const routine = 6;
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page);
  await analyzeBuffer(page, 'routine.pcap', routineResetsPcap(routine));
  const table = widget(page).getByTestId('capture-conversations');
  const styleOf = (client: string) =>
    table
      .locator('tbody tr')
      .filter({ has: page.locator(`td[title="${client}"]`) })
      .evaluate((row) => {
        const state = getComputedStyle(row.querySelector('[data-testid="capture-state"]')!);
        const plain = getComputedStyle(row.querySelector('td[title]')!);
        return { color: state.color, weight: state.fontWeight, plainColor: plain.color };
      });
  // Built so: routine connection n has client port 50000 + n and ends in the server's RST after the client's FIN.
  const routineStyle = await styleOf('10.0.0.5:50000');
  expect(routineStyle.color).toBe(routineStyle.plainColor);
  expect(routineStyle.weight).toBe('400');
  const pathStyle = await styleOf(PATH_RESET_CLIENT);
  expect(pathStyle.color).not.toBe(pathStyle.plainColor);
  expect(Number(pathStyle.weight)).toBeGreaterThan(400);

  const resets = widget(page).getByTestId('capture-resets');
  await expect(resets.locator('summary')).toHaveText([
    '1 reset from a device on the path, posing as the server',
    `${routine} resets sent by the server, answering a FIN — routine`,
  ]);
  // Opened, every group's table fits the guide's column: short "#n" links, and no cut header.
  await resets.locator('details:not([open]) > summary').click();
  for (const frame of await resets.locator('.capture-scroll-frame').all()) await expect(frame).not.toHaveAttribute('data-more-right');
  const cut = await resets.locator('th, td').evaluateAll((cells) => cells.filter((cell) => cell.scrollWidth > cell.clientWidth + 1).map((cell) => cell.textContent));
  expect(cut).toEqual([]);
  const link = resets.locator('details').nth(1).getByRole('button', { name: 'Show conversation 0', exact: true });
  await expect(link).toHaveText('#0');
  await link.click();
  await expect(widget(page).getByRole('region', { name: 'Conversation 0', exact: true })).toBeFocused();
});

test('the export leaves routine closes out of "problems first"', async ({ page }) => {
  await open(page);
  await analyzeBuffer(page, 'routine.pcap', routineResetsPcap(25));
  const markdown = await downloadMarkdown(page);
  const rows = markdown.slice(markdown.indexOf('### TCP conversations (20 of 26, problems first)')).split('\n').filter((line) => line.startsWith('| `'));
  expect(rows).toHaveLength(20);
  expect(rows[0]).toContain(`| \`${PATH_RESET_CLIENT}\` |`);
  expect(rows[1]).toContain('| `10.0.0.5:50000` |');
  expect(markdown).toContain('**25 resets sent by the server, answering a FIN — routine.**');
});

test('at 1280 px an IPv4 address stays on one line; only a second hop count is flagged; the sender is a plain name', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page);
  expect(await analyzePaths(page, ['one-way.pcapng', 'ipv6.pcapng', 'middlebox-reset.pcapng'].map(scenarioPath))).toBe('done');
  const hosts = widget(page).getByTestId('capture-hosts');
  const lines = await hosts.locator('td.capture-hosts__address').evaluateAll((cells) =>
    cells.map((cell) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      return [cell.textContent, new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size] as const;
    }),
  );
  const ipv4 = lines.filter(([address]) => !address!.includes(':'));
  expect(ipv4.length).toBeGreaterThanOrEqual(2);
  for (const [address, count] of ipv4) expect(count, `${address} on one line`).toBe(1);
  await expect(hosts.locator('td[data-label="Likely sender"]', { hasText: '(initial' })).toHaveCount(0);

  await open(page);
  await analyzeBuffer(page, 'host-ttls.pcap', hostTtlsPcap());
  const rowOf = (address: string) => widget(page).getByTestId('capture-hosts').locator('tr', { has: page.locator(`td[title="${address}"]`) });
  // Built so: 10.0.0.20 at 10 hops and at 2 hops, flagged; 10.0.0.9 at 0 hops from two initial TTLs, not.
  const flagged = rowOf(TWO_DISTANCES_HOST);
  await expect(flagged.locator('.capture-hosts__hops')).toHaveText(/^(10, 2|2, 10)$/);
  await expect(flagged).toHaveClass(/capture-hosts__varies/);
  const host = rowOf(TWO_STACKS_HOST);
  await expect(host.locator('td[data-label="TTL seen (initial)"]')).toHaveText('128 (128), 255 (255)');
  await expect(host.locator('.capture-hosts__hops')).toHaveText('0');
  await expect(host).not.toHaveClass(/capture-hosts__varies/);
  await expect(host.locator('td[data-label="Likely sender"]')).toHaveText('Windows');
});

test('at 375 px each row shows the client port and who reset it, and ladder labels stay clear of the times', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  const files = ['middlebox-reset.pcapng', 'refused.pcap'];
  await open(page);
  expect(await analyzePaths(page, files.map(scenarioPath))).toBe('done');
  const table = widget(page).getByTestId('capture-conversations');
  for (const conversation of files.flatMap((file) => scenarioTruth(file).tcp.conversations)) {
    const row = table.locator('tbody tr').filter({ has: page.locator(`td[title^="${conversation.client} → "]`) });
    const ports = [conversation.client, conversation.server].map((end) => end.slice(end.lastIndexOf(':')));
    const shown = await row.locator('td.capture-table__pair').first().evaluate((cell, portTexts) => {
      const inView = (portText: string) => {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent!.indexOf(portText);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + portText.length);
          return range.getBoundingClientRect().right <= cell.getBoundingClientRect().right;
        }
        return false;
      };
      return portTexts.map(inView);
    }, ports);
    expect(shown, `${conversation.client} → ${conversation.server}: both ports in view`).toEqual([true, true]);
    // The row's number is whole, not "0…".
    expect(await row.locator('td').first().evaluate((cell) => cell.scrollWidth <= cell.clientWidth)).toBe(true);
    const state = row.getByTestId('capture-state');
    const cut = await state.locator('span').evaluateAll((spans) => spans.filter((span) => span.scrollWidth > span.clientWidth).length);
    expect(cut, `${conversation.client}: state whole`).toBe(0);
    if (conversation.state === 'reset' || conversation.state === 'refused') await expect(state).toContainText(/\((client|server|path)\)/);
  }
  const ladder = widget(page).getByTestId('capture-ladder').locator('svg');
  const overlaps = await ladderCollisions(ladder);
  expect(overlaps).toEqual([]);
  await expect(widget(page).getByTestId('capture-ladder').locator('[data-lane="path"]')).toHaveCount(1);
});

test('a filter from the link draws a conversation it keeps; a picked one it hides says so and can clear it', async ({ page }) => {
  const files = ['refused.pcap', 'middlebox-reset.pcapng', 'node-8060.pcap'];
  await open(page, `${FULL}?filter=${encodeURIComponent('tcp.port == 8060')}`);
  expect(await analyzePaths(page, files.map(scenarioPath))).toBe('done');
  const table = widget(page).getByTestId('capture-conversations');
  const shownIds = await table.locator('tbody tr:not(.capture-spacer) button').allTextContents();
  expect(shownIds.length).toBeGreaterThan(0);
  const drawn = widget(page).getByRole('region', { name: /^Conversation \d+$/ });
  const drawnId = (await drawn.getAttribute('aria-label'))!.replace('Conversation ', '');
  expect(shownIds).toContain(drawnId);
  await expect(table.getByRole('button', { name: new RegExp(`^Conversation ${drawnId}:`) })).toHaveAttribute('aria-pressed', 'true');

  // The middlebox reset is on port 1433 (tshark), which the filter leaves out.
  await widget(page).locator('.capture-verdict[data-kind="middlebox-reset"]').getByRole('button', { name: 'Show the conversation' }).click();
  const notice = widget(page).getByTestId('capture-selected-hidden');
  await expect(notice).toContainText('The filter hides this conversation');
  expect(await axeViolations(page)).toEqual([]);
  await notice.getByRole('button', { name: 'Clear the filter' }).click();
  await expect(widget(page).getByTestId('capture-filter')).toHaveValue('');
  await expect.poll(() => new URL(page.url()).searchParams.has('filter')).toBe(false);
  const pickedId = (await drawn.getAttribute('aria-label'))!.replace('Conversation ', '');
  await expect(table.getByRole('button', { name: new RegExp(`^Conversation ${pickedId}:`) })).toHaveAttribute('aria-pressed', 'true');
  await expect(notice).toHaveCount(0);
});

test('the address keeps only filters that parse', async ({ page }) => {
  await open(page);
  expect(await analyzePaths(page, [scenarioPath('node-8060.pcap')])).toBe('done');
  const filter = widget(page).getByTestId('capture-filter');
  await filter.fill('tcp.port == 8060');
  await expect.poll(() => new URL(page.url()).searchParams.get('filter')).toBe('tcp.port == 8060');
  await filter.fill('ip.addr == ');
  await expect(widget(page).getByTestId('capture-filter-error')).toBeVisible();
  expect(new URL(page.url()).searchParams.get('filter')).toBe('tcp.port == 8060');
  await filter.fill('');
  await expect.poll(() => new URL(page.url()).searchParams.has('filter')).toBe(false);
  await filter.fill('ip.addr ==');
  expect(new URL(page.url()).searchParams.has('filter')).toBe(false);
});

test('the compact analyzer\'s rows are plain text, and the full one takes focus after the handoff', async ({ page }) => {
  await open(page, COMPACT);
  expect(await analyzePaths(page, [scenarioPath('middlebox-reset.pcapng')])).toBe('done');
  const table = widget(page).getByTestId('capture-conversations');
  await expect(table.locator('tbody tr:not(.capture-spacer)').first()).toBeVisible();
  await expect(table.locator('tbody button')).toHaveCount(0);
  await expect(table.locator('[aria-pressed]')).toHaveCount(0);
  expect(await axeViolations(page)).toEqual([]);
  await widget(page).getByRole('link', { name: 'Open the full analyzer' }).click();
  await expect(page).toHaveURL(/\/traces\/read\/#read-analyzer$/);
  await expect(widget(page).getByTestId('capture-status')).toBeFocused();
});

test('page and export agree: file size, grouped thousands, format names, microsecond times; no empty DNS line', async ({ page }) => {
  await open(page);
  await analyzeBuffer(page, 'routine.pcap', routineResetsPcap(250));
  // Built so: 250 five-packet connections and one of four.
  await expect(widget(page).getByTestId('capture-packets')).toHaveText('1,254');
  const files = widget(page).getByRole('list', { name: 'Files' });
  await expect(files).toContainText('1,254 packets');
  const size = (await files.locator('.capture-files__size').textContent())!;
  const markdown = await downloadMarkdown(page);
  expect(markdown).toContain(`| \`routine.pcap\` | pcap 2.4 | 1,254 | ${size} | read to the end |`);
  expect(markdown).toMatch(/^1,254 packets from \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})? UTC to /m);
  // Nothing in this trace is DNS, so the summary says nothing about DNS.
  await expect(widget(page).getByTestId('capture-summary')).not.toContainText('DNS');

  await open(page);
  expect(await analyzePaths(page, [join(FORMAT_FIXTURES, 'netmon23-specials.cap')])).toBe('done');
  const format = (await widget(page).getByTestId('capture-format').textContent())!;
  expect(format).toMatch(/^Network Monitor 2\.3/);
  expect(await downloadMarkdown(page)).toContain('| `netmon23-specials.cap` | Network Monitor 2.3 |');

  const dns = scenarioTruth('dns.pcapng');
  await open(page);
  expect(await analyzePaths(page, [scenarioPath('dns.pcapng')])).toBe('done');
  await expect(widget(page).getByTestId('capture-summary')).toContainText(`${dns.dns.queries} DNS quer`);

  const middlebox = scenarioTruth('middlebox-reset.pcapng');
  await open(page);
  expect(await analyzePaths(page, [scenarioPath('middlebox-reset.pcapng')])).toBe('done');
  await expect(widget(page).getByTestId('capture-summary')).toContainText(`from ${middlebox.firstTime!.slice(0, 10)} ${middlebox.firstTime!.slice(11, 26)} UTC`);
  const [reset] = middlebox.tcp.resets;
  await expect(widget(page).getByTestId('capture-resets').locator('.capture-resets__time')).toHaveText([reset.time.slice(11, 26)]);
});
