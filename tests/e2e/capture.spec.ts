/**
 * The capture analyzer in real Chromium against the built site: every format, damaged input,
 * cancel and scale. Expected counts come from tshark's reading of the fixtures (expected.json
 * files), never from our own output.
 */
import { expect, test } from '@playwright/test';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  analyzePaths,
  CAPTURE_FIXTURES,
  dropFiles,
  dropFromDesktop,
  fileInput,
  FORMAT_FIXTURES,
  formatFrames,
  manyConversationsPcap,
  open,
  promisedVerdicts,
  scenarioPath,
  scenarioTruth,
  selectedCounts,
  waitForOutcome,
  widget,
  writeLargePcap,
} from './capture-support';

test.describe('formats', () => {
  const cases: Array<{ file: string; label: RegExp }> = [
    { file: 'base.pcap', label: /^pcap/ },
    { file: 'base-be.pcap', label: /^pcap.*big-endian/ },
    { file: 'base.pcapng', label: /^pcapng/ },
    { file: 'netmon2.cap', label: /^Network Monitor 2/ },
    { file: 'netmon23-specials.cap', label: /^Network Monitor 2\.3/ },
    { file: 'base.pcapng.gz', label: /gzip/ },
  ];
  for (const { file, label } of cases) {
    test(`${file}: names the format and counts tshark's frames`, async ({ page }) => {
      await open(page);
      expect(await analyzePaths(page, [join(FORMAT_FIXTURES, file)])).toBe('done');
      const item = widget(page).getByRole('list', { name: 'Files' }).getByRole('listitem');
      await expect(item).toContainText(file);
      await expect(item.getByTestId('capture-format')).toHaveText(label);
      await expect(widget(page).getByTestId('capture-packets')).toHaveText(String(formatFrames(file).length));
    });
  }

  test('a chained Network Monitor set picked together is one trace', async ({ page }) => {
    const parts = ['chain.cap', 'chain(1).cap', 'chain(2).cap'];
    await open(page);
    expect(await analyzePaths(page, parts.map((part) => join(FORMAT_FIXTURES, part)))).toBe('done');
    const items = widget(page).getByRole('list', { name: 'Files' }).getByRole('listitem');
    await expect(items).toHaveCount(3);
    for (const [index, part] of parts.entries()) {
      await expect(items.nth(index)).toContainText(part);
      await expect(items.nth(index)).toContainText(`${formatFrames(part).length} packets`);
    }
    const total = parts.reduce((sum, part) => sum + formatFrames(part).length, 0);
    await expect(widget(page).getByTestId('capture-packets')).toHaveText(String(total));
    const first = formatFrames('chain.cap')[0].time;
    await expect(widget(page).getByTestId('capture-summary')).toContainText(new Date(Number(first.split('.')[0]) * 1000).toISOString().slice(0, 19).replace('T', ' '));
  });

  test('a drop with a DataTransfer is read like picked files', async ({ page }) => {
    await open(page);
    // Two different captures: chain.cap repeats packets of base.pcapng, which are now read once.
    const files = ['refused.pcap', 'middlebox-reset.pcapng'];
    await dropFiles(page, files.map((name) => ({ name, path: scenarioPath(name) })));
    expect(await waitForOutcome(page)).toBe('done');
    await expect(widget(page).getByRole('list', { name: 'Files' }).getByRole('listitem')).toHaveCount(2);
    const total = files.reduce((sum, name) => sum + scenarioTruth(name).packets, 0);
    await expect(widget(page).getByTestId('capture-packets')).toHaveText(String(total));
  });
});

test.describe('scenarios recorded between network namespaces', () => {
  // One scenario per format variant, so every reader meets a real conversation.
  const cases = [
    'refused.pcap',
    'syn-timeout.nm23.cap',
    'middlebox-reset.pcapng',
    'dns.cap',
    'node-8060.nm1.cap',
    'ipv6.pcapng',
    'tls-sni.pcapng.gz',
    'clean.ns.pcap',
    'proxy-connect.nm22.cap',
    'reset-on-close.pcap',
  ];
  for (const file of cases) {
    test(`${file}: verdicts and counts match tshark`, async ({ page }) => {
      const truth = scenarioTruth(file);
      await open(page);
      expect(await analyzePaths(page, [scenarioPath(file)])).toBe('done');
      await expect(widget(page).getByTestId('capture-packets')).toHaveText(String(truth.packets));
      await expect(widget(page).getByTestId('capture-conversation-count')).toHaveText(String(truth.tcp.conversations.length));
      // A trace without TCP names no reset count at all (capture-summary.spec checks that line).
      if (truth.tcp.conversations.length > 0) await expect(widget(page).getByTestId('capture-summary')).toContainText(`${truth.tcp.resets.length} reset`);
      const verdicts = widget(page).getByRole('region', { name: 'Verdicts' }).locator('[data-kind]');
      const shown = await verdicts.evaluateAll((items) => items.map((item) => item.getAttribute('data-kind')));
      for (const kind of promisedVerdicts(truth)) expect(shown, `verdicts for ${file}`).toContain(kind);
      if (promisedVerdicts(truth).length === 0) await expect(widget(page).locator('.capture-verdict--error')).toHaveCount(0);
      // Every verdict links into the guide.
      for (const link of await verdicts.getByRole('link', { name: 'What to do' }).all()) await expect(link).toHaveAttribute('href', /^\/[a-z-]+\/[a-z0-9-]+\/#[a-z0-9-]+$/);
      const table = widget(page).getByTestId('capture-conversations');
      for (const conversation of truth.tcp.conversations) {
        const row = table.locator('tbody tr', { hasText: conversation.client }).filter({ hasText: conversation.server });
        await expect(row).toHaveAttribute('data-state', conversation.state);
        // The guide's column is too narrow for the count columns; the selected conversation states them.
        await row.getByRole('button').click();
        await expect(widget(page).getByTestId('capture-selected-counts')).toHaveText(selectedCounts(conversation));
      }
      for (const name of truth.tls.serverNames) await expect(table).toContainText(name);
      // A tunnel through a proxy shows where the CONNECT asked to go, beside the proxy's address.
      for (const tunnel of truth.proxyTunnels) {
        const { client, server } = truth.tcp.conversations[tunnel.stream];
        await expect(table.locator('tbody tr', { hasText: client }).filter({ hasText: server })).toContainText(`→ ${tunnel.target}`);
      }
    });
  }

  test('a chained set of the clean scenario adds up to the unsplit trace', async ({ page }) => {
    const parts = ['clean.cap', 'clean(1).cap', 'clean(2).cap'].map((part) => join(CAPTURE_FIXTURES, 'chained', part));
    const whole = scenarioTruth('clean.ns.pcap');
    await open(page);
    expect(await analyzePaths(page, parts)).toBe('done');
    await expect(widget(page).getByRole('list', { name: 'Files' }).getByRole('listitem')).toHaveCount(3);
    await expect(widget(page).getByTestId('capture-packets')).toHaveText(String(whole.packets));
    await expect(widget(page).getByTestId('capture-conversation-count')).toHaveText(String(whole.tcp.conversations.length));
  });

  test('a folder holding a chained set, dropped from the desktop, is one trace in chain order', async ({ page }, testInfo) => {
    const folder = testInfo.outputPath('nmcap-set');
    mkdirSync(folder, { recursive: true });
    // Written last-part first, so the order the folder lists them in is not the chain order.
    const parts = ['clean.cap', 'clean(1).cap', 'clean(2).cap'];
    for (const part of [...parts].reverse()) copyFileSync(join(CAPTURE_FIXTURES, 'chained', part), join(folder, part));
    const whole = scenarioTruth('clean.ns.pcap');
    await open(page);
    await dropFromDesktop(page, [folder]);
    expect(await waitForOutcome(page)).toBe('done');
    const items = widget(page).getByRole('list', { name: 'Files' }).getByRole('listitem');
    await expect(items).toHaveCount(3);
    for (const [index, part] of parts.entries()) await expect(items.nth(index)).toContainText(part);
    await expect(widget(page).getByTestId('capture-packets')).toHaveText(String(whole.packets));
    await expect(widget(page).getByTestId('capture-conversation-count')).toHaveText(String(whole.tcp.conversations.length));
  });
});

test.describe('damaged and unsupported input', () => {
  test('a file cut inside a record shows where, and what came before is analysed', async ({ page }) => {
    const frames = formatFrames('base.pcap');
    const whole = readFileSync(join(FORMAT_FIXTURES, 'base.pcap'));
    // Cut 10 bytes into the last record's data: tshark's lengths say where that record starts.
    const lastRecord = 24 + frames.slice(0, -1).reduce((sum, frame) => sum + 16 + frame.captured, 0);
    await open(page);
    await fileInput(page).setInputFiles({ name: 'cut.pcap', mimeType: 'application/octet-stream', buffer: whole.subarray(0, lastRecord + 16 + 10) });
    expect(await waitForOutcome(page)).toBe('done');
    const faults = widget(page).getByTestId('capture-faults');
    await expect(faults).toContainText('cut.pcap');
    await expect(faults).toContainText(`offset ${lastRecord}`);
    // Plain words first, with the next step; the engine's own reason stays, as detail.
    await expect(faults).toContainText('the file ends in the middle of a packet: it was cut off');
    await expect(faults.locator('code', { hasText: 'pktmon stop' })).toHaveCount(1);
    await expect(faults.locator('.capture-faults__detail')).toContainText('In detail:');
    await expect(faults).not.toContainText('`');
    await expect(widget(page).getByTestId('capture-status')).toHaveText(new RegExp(`^Analysis finished on the part that could be read: ${frames.length - 1} packets, \\d+ findings?\\.$`));
    await expect(widget(page).getByRole('region', { name: 'Verdicts' })).not.toContainText('in this capture');
    await expect(widget(page).getByTestId('capture-packets')).toHaveText(String(frames.length - 1));
    await expect(widget(page).getByRole('progressbar')).toHaveCount(0);
  });

  test('a Network Monitor file cut before its frame table shows the frames it holds and says what to do', async ({ page }) => {
    // Network Monitor writes the table of its frames last, so a file copied half-way has none; its
    // records are read in file order. Which are whole is known from the whole file's table: a record
    // ends where the next begins.
    const whole = readFileSync(scenarioPath('tls-alert.cap'));
    const cut = whole.length >> 1;
    const tableOffset = whole.readUInt32LE(24);
    const recordOffsets = Array.from({ length: whole.readUInt32LE(28) / 4 }, (_, index) => whole.readUInt32LE(tableOffset + 4 * index));
    const wholeRecords = recordOffsets.filter((_, index) => index + 1 < recordOffsets.length && recordOffsets[index + 1] <= cut).length;
    await open(page);
    await fileInput(page).setInputFiles({ name: 'half.cap', mimeType: 'application/octet-stream', buffer: whole.subarray(0, cut) });
    await waitForOutcome(page);
    await expect(widget(page).getByTestId('capture-packets')).toHaveText(String(wholeRecords));
    await expect(widget(page).getByTestId('capture-status')).toHaveText(new RegExp(`^Analysis finished on the part that could be read: ${wholeRecords} packets, \\d+ findings?\\.$`));
    const faults = widget(page).getByTestId('capture-faults');
    await expect(faults.getByRole('heading')).toHaveText('A file could not be read completely');
    await expect(faults).toContainText('the file ends in the middle of a packet');
    await expect(faults).toContainText('cut short before its frame table');
    await expect(faults.locator('.capture-faults__hint')).toContainText('Stop the capture cleanly before copying the file');
  });

  test('files with nothing readable say so, without a finished analysis of 0 packets', async ({ page }) => {
    // Bytes no capture format starts with (a fixed pseudo-random run), and a text log.
    const noise = Buffer.from(Array.from({ length: 3000 }, (_, index) => (index * 7919 + 13) % 251));
    await open(page);
    await fileInput(page).setInputFiles([
      { name: 'random.cap', mimeType: 'application/octet-stream', buffer: noise },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('2024-01-01 12:00:00 ERROR could not reach the service\n') },
    ]);
    await waitForOutcome(page);
    const status = widget(page).getByTestId('capture-status');
    await expect(status).toHaveText('No packets could be read; the reasons are below.');
    const faults = widget(page).getByTestId('capture-faults');
    await expect(faults.getByRole('heading')).toHaveText('2 files could not be read');
    await expect(faults).toContainText(/random\.cap: not a capture format this tool recognises \(first bytes: 0x[0-9a-f]{8}\)\./);
    // Said once: not again in the file list, nor at the head of the advice.
    expect((await faults.locator('li', { hasText: 'random.cap' }).textContent())!.match(/not a capture/gi)).toHaveLength(1);
    await expect(widget(page).getByRole('list', { name: 'Files' }).locator('li', { hasText: 'random.cap' })).not.toContainText('not a capture');
    // Commands in our hints are code, built from text: no backtick is left over.
    await expect(faults.locator('code', { hasText: 'pktmon etl2pcap' })).toHaveCount(1);
    await expect(faults).not.toContainText('`');
    await expect(widget(page).getByRole('region', { name: 'Verdicts' })).toHaveCount(0);
    // The text log is sent to the log analyzer, by name and by link, not to a capture step.
    const notes = faults.locator('li', { hasText: 'notes.txt' });
    await expect(notes).toContainText('Paste it into the log analyzer');
    await expect(notes.getByRole('link')).toHaveText('Open the log analyzer');
    await expect(notes.getByRole('link')).toHaveAttribute('href', '/start/triage/#triage-error-text');
  });

  test('a zip next to a capture is named with what to do, and the capture is still read', async ({ page }) => {
    await open(page);
    expect(await analyzePaths(page, [join(FORMAT_FIXTURES, 'archive.zip'), join(FORMAT_FIXTURES, 'base.pcap')])).toBe('done');
    const faults = widget(page).getByTestId('capture-faults');
    await expect(faults).toContainText('archive.zip');
    await expect(faults).toContainText(/zip/i);
    await expect(faults).toContainText('What to do:');
    // Said once: the engine's own finding about the zip is not repeated among the verdicts.
    await expect(widget(page).getByRole('region', { name: 'Verdicts' })).not.toContainText('archive.zip');
    await expect(faults.getByRole('link', { name: 'More in the guide' })).toHaveAttribute('href', /^\/[a-z-]+\/[a-z0-9-]+\/#[a-z0-9-]+$/);
    await expect(widget(page).getByTestId('capture-packets')).toHaveText(String(formatFrames('base.pcap').length));
  });

  test('a worker that cannot start is reported, not left spinning', async ({ page }) => {
    await page.route(/capture\.worker/, (route) => route.abort());
    await open(page);
    expect(await analyzePaths(page, [join(FORMAT_FIXTURES, 'base.pcap')])).toBe('failed');
    await expect(widget(page).getByTestId('capture-crash')).toBeVisible();
    await expect(widget(page).getByRole('progressbar')).toHaveCount(0);
  });
});

test('cancel stops a long analysis within moments and keeps the widget usable', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const path = testInfo.outputPath('large.pcap');
  await writeLargePcap(path, 400);
  await open(page);
  await fileInput(page).setInputFiles(path);
  const progress = widget(page).getByRole('progressbar');
  await expect(progress).toBeVisible();
  await expect(widget(page).getByTestId('capture-progress')).toContainText(/\d+(\.\d+)?\u00a0(KiB|MiB) of \d+\u00a0MiB · [\d,]+ packets · [\d.]+\u00a0MiB\/s · .+ left/);
  // Findings arrive with progress, before the file is finished.
  await expect(widget(page).getByRole('heading', { name: 'Findings so far' })).toBeVisible();
  await expect(widget(page).locator('[data-kind="syn-timeout"]').first()).toBeVisible();
  await expect(progress).toBeVisible();
  // From the keyboard, as a screen-reader user would: the button then disappears.
  await widget(page).getByRole('button', { name: 'Cancel' }).focus();
  await page.keyboard.press('Enter');
  expect(await waitForOutcome(page, 5_000)).toBe('cancelled');
  // It says how far it got, and focus lands on that line rather than falling back to the page.
  const status = widget(page).getByTestId('capture-status');
  await expect(status).toHaveText(/^Analysis cancelled after [\d.]+\u00a0(KiB|MiB) of 40\d\u00a0MiB \([\d,]+ packets\)\. Findings up to that point are shown below\.$/);
  await expect(status).toBeFocused();
  await expect(progress).toHaveCount(0);
  // The same worker answers the next request, and nothing of the stopped run stays on the page.
  expect(await analyzePaths(page, [join(FORMAT_FIXTURES, 'base.pcap')])).toBe('done');
  await expect(widget(page).getByRole('list', { name: 'Files' }).getByRole('listitem')).toHaveText([/^base\.pcap /]);
  await expect(widget(page).getByRole('heading', { name: 'Findings so far' })).toHaveCount(0);
  // The stopped run's findings were about 20.0.0.1 (see writeLargePcap); base.pcap never names it.
  await expect(widget(page).getByRole('region', { name: 'Verdicts' })).not.toContainText('20.0.0.1');
});

test('100,000 conversations: only the visible rows exist, sorting and scrolling reach any row', async ({ page }) => {
  test.setTimeout(120_000);
  const count = 100_000;
  await open(page);
  await fileInput(page).setInputFiles({ name: 'many.pcap', mimeType: 'application/octet-stream', buffer: manyConversationsPcap(count) });
  expect(await waitForOutcome(page, 90_000)).toBe('done');
  await expect(widget(page).getByTestId('capture-conversation-count')).toHaveText('100,000');
  const table = widget(page).getByTestId('capture-conversations');
  await expect(table).toHaveAttribute('aria-rowcount', String(count + 1));
  expect(await table.locator('tbody tr:not(.capture-spacer)').count()).toBeLessThan(60);
  await table.getByRole('button', { name: /^#/ }).click(); // id descending
  await expect(table.locator('tbody tr:not(.capture-spacer)').first().getByRole('button')).toHaveText(String(count - 1));
  const firstRow = table.locator('tbody tr:not(.capture-spacer)').first().getByRole('button');
  await firstRow.focus();
  await page.keyboard.press('End');
  await expect(page.locator(':focus')).toHaveText('0');
  // Source ports cycle through 60,000 values, so port 1024 is used by conversations 0 and 60,000.
  await widget(page).getByTestId('capture-filter').fill('tcp.srcport == 1024');
  await expect(table.locator('tbody tr:not(.capture-spacer)')).toHaveCount(2);
  await expect(widget(page).getByText('2 of 100,000 conversations match.')).toBeVisible();
});
