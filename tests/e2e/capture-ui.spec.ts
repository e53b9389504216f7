/**
 * The capture analyzer's interaction in real Chromium: filters, ladder, exports, sample trace,
 * privacy (no requests, offline), keyboard-only use, kept results and axe. Expected values come from
 * tshark's reading of the fixtures.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePaths, COMPACT, fileInput, FORMAT_FIXTURES, formatFrames, FULL, manyConversationsPcap, open, scenarioPath, scenarioTruth, waitForOutcome, widget } from './capture-support';
import { recordRequests, waitForIslands } from './support';

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
  // Listen first: Playwright turns on chooser interception asynchronously, and the focus round trip lets it settle.
  const chooser = page.waitForEvent('filechooser');
  await fileInput(page).focus();
  await page.keyboard.press('Enter');
  await (await chooser).setFiles(join(FORMAT_FIXTURES, 'base.pcap'));
  expect(await waitForOutcome(page)).toBe('done');
  // The file input is disabled while reading; focus waits on the status line, not on <body>.
  await expect(widget(page).getByTestId('capture-status')).toBeFocused();
  const table = widget(page).getByTestId('capture-conversations');
  const sortState = table.getByRole('button', { name: 'State', exact: true });
  await sortState.focus();
  await page.keyboard.press('Enter');
  await expect(table.getByRole('columnheader', { name: 'State' })).toHaveAttribute('aria-sort', 'ascending');
  await page.keyboard.press('Enter');
  await expect(table.getByRole('columnheader', { name: 'State' })).toHaveAttribute('aria-sort', 'descending');
  const rowButtons = table.locator('tbody tr:not(.capture-spacer) button');
  expect(await rowButtons.count()).toBeGreaterThan(2);
  // One Tab stop for all rows: from the last column's sort button, Tab lands on the first row.
  await table.locator('thead button').last().focus();
  await page.keyboard.press('Tab');
  await expect(rowButtons.first()).toBeFocused();
  await expect(table.locator('tbody button[tabindex="0"]')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await expect(rowButtons.nth(1)).toBeFocused();
  await expect(rowButtons.nth(1)).toHaveAttribute('tabindex', '0');
  await expect(rowButtons.first()).toHaveAttribute('tabindex', '-1');
  // Tab leaves the table instead of walking every row.
  await page.keyboard.press('Tab');
  expect(await rowButtons.evaluateAll((buttons) => buttons.includes(document.activeElement as HTMLButtonElement))).toBe(false);
  await page.keyboard.press('Shift+Tab');
  await expect(rowButtons.nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(rowButtons.nth(1)).toHaveAttribute('aria-pressed', 'true');
  const id = await rowButtons.nth(1).textContent();
  await expect(widget(page).getByRole('region', { name: `Conversation ${id}`, exact: true })).toBeVisible();
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds nothing in the widget with results, faults and a filter error shown (${theme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await open(page);
    // With a reset from a path device: the reset groups, the ladder's path lane and the host table are checked too.
    expect(await analyzePaths(page, [join(FORMAT_FIXTURES, 'archive.zip'), join(FORMAT_FIXTURES, 'base.pcap'), scenarioPath('middlebox-reset.pcapng')])).toBe('done');
    await expect(widget(page).getByTestId('capture-resets')).toBeVisible();
    await widget(page).getByTestId('capture-filter').fill('ip.addr == 10.0.0.');
    await expect(widget(page).getByTestId('capture-filter-error')).toBeVisible();
    const closed = widget(page).locator('details:not([open]) > summary');
    while ((await closed.count()) > 0) await closed.first().click();
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
  // A summary for a ticket is one button away here too; downloads and JSON stay on the full page.
  const exportPanel = widget(page).getByRole('region', { name: 'Export' });
  await expect(exportPanel.getByRole('button', { name: 'Copy Markdown summary' })).toBeVisible();
  await expect(exportPanel.getByRole('button')).toHaveCount(1);
  const kinds = () => widget(page).getByRole('region', { name: 'Verdicts' }).locator('[data-kind]').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-kind')));
  const compactKinds = await kinds();
  expect(compactKinds.length).toBeGreaterThan(0);
  await widget(page).getByRole('link', { name: 'Open the full analyzer' }).click();
  await expect(page).toHaveURL(/\/traces\/read\/#read-analyzer$/);
  // The result came along: the full analyzer shows it, ladder and filter included, without picking the file again.
  await expect(widget(page).getByTestId('capture-ladder')).toBeVisible();
  await expect(widget(page).getByTestId('capture-filter')).toBeVisible();
  expect(await kinds()).toEqual(compactKinds);
  // And Back returns to the compact analyzer with its own result.
  await page.goBack();
  await expect.poll(() => new URL(page.url()).pathname).toBe(COMPACT);
  await expect(widget(page).getByRole('region', { name: 'Verdicts' })).toBeVisible();
});

test('the compact table says how many conversations it holds once they outnumber its rows', async ({ page }) => {
  await open(page, COMPACT);
  await fileInput(page).setInputFiles({ name: 'many.pcap', mimeType: 'application/octet-stream', buffer: manyConversationsPcap(29) });
  expect(await waitForOutcome(page)).toBe('done');
  await expect(widget(page).getByTestId('capture-compact-count')).toHaveText('29 conversations; scroll the table to see them all.');
  // A trace whose conversations all fit says nothing more.
  await fileInput(page).setInputFiles({ name: 'few.pcap', mimeType: 'application/octet-stream', buffer: manyConversationsPcap(3) });
  expect(await waitForOutcome(page)).toBe('done');
  await expect(widget(page).getByTestId('capture-conversations').locator('tbody tr[aria-rowindex]')).toHaveCount(3);
  await expect(widget(page).getByTestId('capture-compact-count')).toHaveCount(0);
});

test('the proxy step reads a trace through a proxy and points at its own steps', async ({ page }) => {
  const truth = scenarioTruth('proxy-connect.pcapng');
  // The page's log analyzer hydrates only when scrolled into view, so wait for this island alone.
  await page.goto('/symptoms/cloud-service/');
  await page.waitForFunction(() => document.querySelector('[data-testid="capture-analyzer"]')?.closest('astro-island')?.hasAttribute('ssr') === false);
  expect(await analyzePaths(page, [scenarioPath('proxy-connect.pcapng')])).toBe('done');
  const refusals = widget(page).getByRole('region', { name: 'Verdicts' }).locator('[data-kind="proxy-refused"]');
  // tshark's truth: one 403, and one 407 that no request with credentials followed.
  const refused = truth.proxyTunnels.filter(({ target, statuses }) => statuses.at(-1)! >= 400 && !truth.proxyTunnels.some((other) => other.target === target && other.statuses.at(-1) === 200));
  await expect(refusals).toHaveCount(refused.length);
  for (const { target, statuses } of refused) {
    const verdict = refusals.filter({ hasText: target });
    await expect(verdict).toContainText(`HTTP ${statuses.at(-1)}`);
    const step = statuses.at(-1) === 407 ? '#cloud-proxy-ad-auth' : '#cloud-proxy-allowlist';
    await verdict.getByRole('link', { name: 'What to do' }).click();
    await expect(page).toHaveURL(new RegExp(`/symptoms/cloud-service/${step}$`));
    await expect(page.locator(step)).toBeInViewport();
  }
});

test('a tunnel\'s conversation says where the CONNECT asked to go and what the proxy answered', async ({ page }) => {
  const truth = scenarioTruth('proxy-connect.pcapng');
  await open(page);
  expect(await analyzePaths(page, [scenarioPath('proxy-connect.pcapng')])).toBe('done');
  const rows = widget(page).getByTestId('capture-conversations').locator('tbody tr:not(.capture-spacer) button');
  for (const tunnel of truth.proxyTunnels) {
    await rows.nth(tunnel.stream).click();
    await expect(widget(page).getByTestId('capture-selected-tunnel')).toHaveText(
      `Through this proxy the client asked for a tunnel to ${tunnel.target}; the proxy answered HTTP ${tunnel.statuses.at(-1)}.`,
    );
  }
});

test.describe('filter, ladder and export on a merged set of scenarios', () => {
  const files = ['refused.pcap', 'middlebox-reset.pcapng', 'clean.pcap', 'ipv6.pcapng', 'node-8060.pcap'];
  const conversations = files.flatMap((file) => scenarioTruth(file).tcp.conversations);
  const split = (endpoint: string) => {
    const match = /^\[?(.+?)\]?:(\d+)$/.exec(endpoint)!;
    return { address: match[1], port: Number(match[2]) };
  };
  const count = (predicate: (client: { address: string; port: number }, server: { address: string; port: number }, state: string) => boolean) =>
    conversations.filter((conversation) => predicate(split(conversation.client), split(conversation.server), conversation.state)).length;

  test.beforeEach(async ({ page }) => {
    await open(page);
    expect(await analyzePaths(page, files.map(scenarioPath))).toBe('done');
    await expect(widget(page).getByTestId('capture-conversation-count')).toHaveText(String(conversations.length));
  });

  test('both filter dialects select what tshark says, and a bad token gets a caret', async ({ page }) => {
    const middlebox = scenarioTruth('middlebox-reset.pcapng').tcp.conversations[0];
    const server = split(middlebox.server);
    const ipv6Server = split(scenarioTruth('ipv6.pcapng').tcp.conversations[0].server);
    const rows = widget(page).getByTestId('capture-conversations').locator('tbody tr:not(.capture-spacer)');
    const filter = widget(page).getByTestId('capture-filter');
    const expectations: Array<[string, number]> = [
      [`IPv4.Address == ${server.address}`, count((c, s) => c.address === server.address || s.address === server.address)],
      [`ip.addr eq ${server.address} and tcp.port == ${server.port}`, count((c, s) => (c.address === server.address || s.address === server.address) && (c.port === server.port || s.port === server.port))],
      [`TCP.Port == 8060`, count((c, s) => c.port === 8060 || s.port === 8060)],
      [`tcp.dstport == 1433 || tcp.port == 8060`, count((c, s) => s.port === 1433 || c.port === 8060 || s.port === 8060)],
      [`tcp.flags.reset == 1`, count((_conversation, _side, state) => state === 'reset' || state === 'refused')],
      [`!(tcp.flags.reset == 1) && ip`, count((c, _side, state) => state !== 'reset' && state !== 'refused' && !c.address.includes(':'))],
      [`ipv6.addr == ${ipv6Server.address}`, count((c, s) => c.address === ipv6Server.address || s.address === ipv6Server.address)],
    ];
    for (const [expression, expected] of expectations) {
      expect(expected, `${expression} should select something`).toBeGreaterThan(0);
      await filter.fill(expression);
      await expect(rows, expression).toHaveCount(expected);
    }

    await filter.fill('ip.addr == 10.77.6 && tcp.port == 1433');
    const error = widget(page).getByTestId('capture-filter-error');
    await expect(error).toContainText('Column 12');
    await expect(error).toContainText('"10.77.6" is not an IPv4 address');
    await expect(error.locator('pre')).toHaveText('ip.addr == 10.77.6 && tcp.port == 1433\n           ^^^^^^^');
    await expect(filter).toHaveAttribute('aria-invalid', 'true');
    const describedBy = (await filter.getAttribute('aria-describedby'))!.split(' ');
    expect(describedBy).toContain(await error.getAttribute('id'));
    await expect(rows).toHaveCount(conversations.length);
  });

  test('the reset conversation is drawn with the RST coming from a path device lane', async ({ page }) => {
    const truth = scenarioTruth('middlebox-reset.pcapng');
    const reset = truth.tcp.resets.find((candidate) => candidate.sentBy === 'path')!;
    const conversation = truth.tcp.conversations[0];
    await widget(page).locator('[data-kind="middlebox-reset"]').getByRole('button', { name: 'Show the conversation' }).click();
    const ladder = widget(page).getByTestId('capture-ladder');
    await expect(ladder.getByRole('img')).toHaveAccessibleName(`Sequence of conversation ${await ladder.getAttribute('data-conversation')}: ${conversation.client} to ${conversation.server}`);
    await expect(ladder.locator('[data-lane]')).toHaveCount(3);
    const arrows = ladder.locator('[data-flags]');
    await expect(arrows).toHaveCount(conversation.packets);
    await expect(arrows.first()).toHaveAttribute('data-flags', 'SYN');
    await expect(arrows.first()).toHaveAttribute('data-from', 'client');
    await expect(arrows.nth(1)).toHaveAttribute('data-flags', 'SYN, ACK');
    await expect(arrows.nth(1)).toHaveAttribute('data-from', 'server');
    const rst = arrows.last();
    await expect(rst).toHaveAttribute('data-flags', /RST/);
    await expect(rst).toHaveAttribute('data-from', 'path');
    await expect(rst).toHaveAttribute('data-to', reset.dst === split(conversation.client).address ? 'client' : 'server');
    await expect(rst).toContainText(`TTL ${reset.ttl} · ${reset.hops} hops`);
    // The text alternative lists the same packets.
    await ladder.getByText('The same packets as a table').click();
    const packetRows = ladder.locator('table tbody tr[data-frame]');
    await expect(packetRows).toHaveCount(conversation.packets);
    const cells = packetRows.last().locator('td');
    await expect(cells.nth(2)).toHaveText(/^path device → /);
    await expect(cells.nth(3)).toHaveText(/RST/);
    await expect(cells.nth(5)).toHaveText(String(reset.ttl));
    await expect(cells.nth(6)).toHaveText(String(reset.initialTtl));
    await expect(cells.nth(7)).toHaveText(String(reset.hops));
  });

  test('exports: Markdown and JSON downloads and the clipboard carry the same report', async ({ page, context, baseURL }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    const exportPanel = widget(page).getByRole('region', { name: 'Export' });
    const markdownDownload = page.waitForEvent('download');
    await exportPanel.getByRole('button', { name: 'Download Markdown' }).click();
    const markdown = readFileSync((await (await markdownDownload).path())!, 'utf8');
    const totalPackets = files.reduce((sum, file) => sum + scenarioTruth(file).packets, 0);
    expect(markdown).toContain(`${totalPackets} packets`);
    expect(markdown).toContain(`${conversations.length} TCP conversations`);
    const middlebox = scenarioTruth('middlebox-reset.pcapng').tcp.resets.find((reset) => reset.sentBy === 'path')!;
    // Frame numbers count over the merged trace, so only the TTL columns are compared with tshark's single-file reading.
    expect(markdown).toContain('**1 reset from a device on the path, posing as the server.**');
    // Times of day to the microsecond, as tshark prints them; the date is in the first line.
    expect(markdown).toMatch(new RegExp(`\\| \\d+ \\| ${middlebox.time.slice(11, 26)} \\| \\S+ \\| \\S+ \\| ${middlebox.ttl} \\| ${middlebox.initialTtl} \\| ${middlebox.hops} \\|$`, 'm'));
    expect(markdown).toContain(`](${new URL(baseURL!).origin}/`);
    for (const file of files) expect(markdown).toContain(`\`${file}\``);

    const jsonDownload = page.waitForEvent('download');
    await exportPanel.getByRole('button', { name: 'Download JSON' }).click();
    const report = JSON.parse(readFileSync((await (await jsonDownload).path())!, 'utf8'));
    expect(report.packets).toBe(totalPackets);
    expect(report.tcp.conversations).toHaveLength(conversations.length);
    expect(report.files.map((file: { name: string }) => file.name)).toEqual(files);
    // Ladders travel as packed rows inside the page; the JSON spells out each packet.
    type JsonConversation = { packets: number; ladderOmitted: number; ladder: Array<{ origin: string; ttl: number; hops: number }> };
    const jsonConversations: JsonConversation[] = report.tcp.conversations;
    expect(jsonConversations.every((conversation) => Array.isArray(conversation.ladder) && conversation.ladder.length === conversation.packets - conversation.ladderOmitted)).toBe(true);
    const fromPath = jsonConversations.flatMap((conversation) => conversation.ladder).filter((packet) => packet.origin === 'path');
    expect(fromPath).toEqual([expect.objectContaining({ ttl: middlebox.ttl, hops: middlebox.hops })]);

    await exportPanel.getByRole('button', { name: 'Copy Markdown summary' }).click();
    await expect(exportPanel.getByRole('status')).toHaveText('Markdown summary copied to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(markdown);
  });
});

test('a filter in the link is applied to the conversation list once a trace is read', async ({ page }) => {
  const files = ['refused.pcap', 'middlebox-reset.pcapng', 'node-8060.pcap'];
  const expression = 'TCP.Port == 8060';
  await open(page, `${FULL}?filter=${encodeURIComponent(expression)}`);
  // Before any capture there is no filter box: the page says the link brought one.
  await expect(widget(page).getByTestId('capture-pending-filter')).toHaveText(`The link you opened carries a filter, ${expression}: it will narrow the conversations of the capture you choose.`);
  expect(await analyzePaths(page, files.map(scenarioPath))).toBe('done');
  await expect(widget(page).getByTestId('capture-pending-filter')).toHaveCount(0);
  const filter = widget(page).getByTestId('capture-filter');
  await expect(filter).toHaveValue(expression);
  const expected = files.flatMap((file) => scenarioTruth(file).tcp.conversations).filter((conversation) => /:8060$/.test(conversation.client) || /:8060$/.test(conversation.server));
  expect(expected.length).toBeGreaterThan(0);
  await expect(widget(page).getByTestId('capture-conversations').locator('tbody tr:not(.capture-spacer)')).toHaveCount(expected.length);
  // A hand-edited link whose filter does not parse is not promised to narrow anything.
  await open(page, `${FULL}?filter=${encodeURIComponent('tcp.port ==')}`);
  await expect(widget(page).getByTestId('capture-pending-filter')).toHaveText('The link you opened carries a filter, tcp.port ==: it does not parse, and the filter box will say why once a capture is chosen.');
});

test('the address follows the filter as it is typed, so a copied link opens the same view', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await open(page);
  expect(await analyzePaths(page, [scenarioPath('node-8060.pcap')])).toBe('done');
  const filter = widget(page).getByTestId('capture-filter');
  const historyLength = await page.evaluate(() => history.length);
  await filter.fill('tcp.port == 8060');
  await expect.poll(() => new URL(page.url()).searchParams.get('filter')).toBe('tcp.port == 8060');
  await filter.fill('');
  await expect.poll(() => new URL(page.url()).searchParams.has('filter')).toBe(false);
  // Replaced, not pushed: Back still leaves the page rather than undoing keystrokes.
  expect(await page.evaluate(() => history.length)).toBe(historyLength);
  await filter.fill('ip.addr == 10.0.0.5');
  await widget(page).getByRole('button', { name: 'Copy a link with this filter' }).click();
  await expect(widget(page).locator('.capture-filter__share [role="status"]')).toHaveText(/^Link copied/);
  const copied = new URL(await page.evaluate(() => navigator.clipboard.readText()));
  expect(copied.searchParams.get('filter')).toBe('ip.addr == 10.0.0.5');
  expect(copied.pathname).toBe(FULL);
  await page.reload();
  await waitForIslands(page);
  expect(await analyzePaths(page, [scenarioPath('node-8060.pcap')])).toBe('done');
  await expect(widget(page).getByTestId('capture-filter')).toHaveValue('ip.addr == 10.0.0.5');
});

test('a result survives following a finding\'s link and coming back, and a reload', async ({ page }) => {
  const file = 'middlebox-reset.pcapng';
  await open(page);
  expect(await analyzePaths(page, [scenarioPath(file)])).toBe('done');
  const verdict = widget(page).locator('.capture-verdict[data-kind="middlebox-reset"]');
  const target = await verdict.getByRole('link', { name: 'What to do' }).getAttribute('href');
  await verdict.getByRole('link', { name: 'What to do' }).click();
  await expect(page).toHaveURL(new RegExp(`${target!.replace(/[/#]/g, '\\$&')}$`));
  await page.goBack();
  await waitForIslands(page);
  await expect(widget(page)).toHaveAttribute('data-phase', 'done');
  await expect(widget(page).locator('.capture-verdict[data-kind="middlebox-reset"]')).toBeVisible();
  await page.reload();
  await waitForIslands(page);
  await expect(widget(page)).toHaveAttribute('data-phase', 'done');
  await expect(widget(page).getByTestId('capture-packets')).toHaveText(String(scenarioTruth(file).packets));
  // The ladder's packed rows come back too.
  await expect(widget(page).getByRole('region', { name: /^Conversation \d+$/ }).locator('.capture-ladder__label', { hasText: 'RST' }).first()).toBeVisible();
});

test('a trace that recorded each packet twice says so, and its ladder marks the copies', async ({ page }) => {
  const file = 'duplicate-packets.pcapng';
  const truth = scenarioTruth(file);
  await open(page);
  expect(await analyzePaths(page, [scenarioPath(file)])).toBe('done');
  await expect(widget(page).getByTestId('capture-summary')).toContainText(`${truth.tcp.duplicateFrames.length} packets recorded twice`);
  const verdict = widget(page).locator('.capture-verdict[data-kind="duplicate-packets"]');
  await expect(verdict).toContainText('pktmon start --capture --comp nics');
  await expect(verdict.getByRole('link', { name: 'What to do' })).toHaveAttribute('href', '/traces/collect/#collect-pktmon');
  // The clean HTTP exchange: every one of its copies is labelled in the ladder, and no packet is called retransmitted.
  const exchange = truth.tcp.conversations.find((conversation) => conversation.state === 'closed')!;
  await widget(page).getByTestId('capture-conversations').locator('tbody tr', { hasText: exchange.client }).getByRole('button').click();
  const ladder = widget(page).getByRole('region', { name: /^Conversation \d+$/ });
  const copiesInExchange = truth.tcp.duplicateFrames.filter((frame) => frame >= exchange.firstFrame && frame <= exchange.lastFrame);
  await expect(ladder.locator('.capture-ladder__label', { hasText: 'capture copy' })).toHaveCount(copiesInExchange.length);
  await expect(ladder.locator('.capture-ladder__label', { hasText: 'retransmitted' })).toHaveCount(0);
});

test('the empty state offers a sample trace from our own origin, which shows a middlebox reset', async ({ page, baseURL }) => {
  const requests = recordRequests(page, new URL(baseURL!).origin);
  await open(page);
  await expect(widget(page).getByText('Drop capture files here')).toBeVisible();
  await widget(page).getByRole('button', { name: 'Try the sample trace' }).click();
  expect(await waitForOutcome(page)).toBe('done');
  await expect(widget(page).locator('[data-kind="middlebox-reset"]')).toBeVisible();
  expect(requests.all().some((url) => url.endsWith('/samples/middlebox-reset.pcapng'))).toBe(true);
  expect(requests.foreign()).toEqual([]);
});

test('names from the capture are shown as text, never as markup', async ({ page }) => {
  const hostile = '<img src=x onerror="window.__injected=1">.pcap';
  await open(page);
  await fileInput(page).setInputFiles({ name: hostile, mimeType: 'application/octet-stream', buffer: readFileSync(join(FORMAT_FIXTURES, 'base.pcap')) });
  expect(await waitForOutcome(page)).toBe('done');
  await expect(widget(page).getByRole('list', { name: 'Files' })).toContainText(hostile);
  await expect(widget(page).locator('img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
});
