import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { GUIDE_STEPS } from '../../src/lib/guide/steps';
import { recordRequests, waitForIslands } from './support';
import { renderedLineCount } from './text-layout';

/** The node-to-node failure quoted in the guide's seed article (shared with the log engine's tests). */
const SEED_ERROR = readFileSync(new URL('../unit/logs/fixtures/seed-8060-refused.txt', import.meta.url), 'utf8').trimEnd();

const TRIAGE = '/start/triage/';
const BOX_LABEL = 'Paste an error message or a log';

async function openTriage(page: Page, hash = '') {
  await page.goto(TRIAGE + hash);
  await waitForIslands(page);
}

async function analyze(page: Page, text: string) {
  await page.getByLabel(BOX_LABEL).fill(text);
  await page.getByRole('button', { name: 'Analyze' }).click();
  await expect(page.locator('.log-results')).toBeVisible();
}

const bestCard = (page: Page) => page.locator('.log-card-best');

/** The verdict a reader needs for the seed error: the node-to-node issue, with its values and a port test. */
async function expectNodeToNodeVerdict(page: Page) {
  await expect(bestCard(page)).toHaveAttribute('data-issue', /.+/);
  await expect(bestCard(page).locator('.log-category')).toHaveText('Node communication');
  await expect(bestCard(page).getByRole('heading')).toContainText(/8060|node/i);
  const values = page.locator('.log-values');
  await expect(values.getByText('10.2.4.10', { exact: true })).toBeVisible();
  await expect(values.getByText('8060', { exact: true })).toBeVisible();
  await expect(page.locator('.log-text mark', { hasText: '10.2.4.10' }).first()).toBeVisible();
  await expect(page.locator('.log-text mark', { hasText: '8060' }).first()).toBeVisible();
  const powershell = page.getByRole('tabpanel', { name: 'PowerShell' }).locator('code');
  await expect(powershell.filter({ hasText: /Test-NetConnection/ }).filter({ hasText: '10.2.4.10' }).filter({ hasText: '8060' }).first()).toBeVisible();
}

test.describe('log analyzer', () => {
  test('a message repeated by the stack trace is listed once as evidence, and marked everywhere', async ({ page }) => {
    const host = 'wu2.frontend.clouddatahub.net';
    const message = `The remote name could not be resolved: '${host}'`;
    await openTriage(page);
    await analyze(page, [`Error: ${message}`, `System.Net.WebException: ${message}`, '   at System.Net.HttpWebRequest.GetRequestStream(TransportContext& context)'].join('\n'));
    await expect(bestCard(page).locator('.log-category')).toHaveText('DNS resolution');
    const evidence = bestCard(page).locator('.log-evidence li');
    await expect(evidence).toHaveCount(1);
    await expect(evidence).toContainText(host);
    await expect(evidence).toContainText('(2 places)');
    await expect(page.locator('.log-text .log-evidence-text', { hasText: host })).toHaveCount(2);
  });

  test('names the node-to-node issue in the seed error and leads to the highlighted step', async ({ page }) => {
    await openTriage(page);
    await analyze(page, SEED_ERROR);
    await expectNodeToNodeVerdict(page);

    await bestCard(page).getByRole('link', { name: 'Open the guide step' }).click();
    await expect(page).toHaveURL(new RegExp(`${GUIDE_STEPS.node8060Refused.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`));
    const step = page.locator('#node-8060-refused');
    await expect(step).toBeInViewport();
    expect(await step.evaluate((element) => element.matches(':target'))).toBe(true);
  });

  test('works by keyboard alone: Ctrl+Enter analyses, tabs switch shells, Copy announces', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openTriage(page);
    const box = page.getByLabel(BOX_LABEL);
    await box.focus();
    await page.keyboard.insertText(SEED_ERROR);
    await page.keyboard.press('Control+Enter');
    await expect(page.locator('.log-results')).toBeVisible();

    const firstTab = page.getByRole('tab').first();
    await firstTab.focus();
    await expect(firstTab).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowRight');
    const secondTab = page.getByRole('tab').nth(1);
    await expect(secondTab).toBeFocused();
    await expect(secondTab).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Home');
    await expect(firstTab).toBeFocused();

    // Tab from the selected tab goes into its panel: to the first command if it is wide enough to
    // scroll sideways, then to its Copy button.
    const panel = page.getByRole('tabpanel', { name: 'PowerShell' });
    const firstCommand = panel.locator('.log-command-text').first();
    await page.keyboard.press('Tab');
    if (await firstCommand.evaluate((element) => element.scrollWidth > element.clientWidth)) {
      await expect(firstCommand).toBeFocused();
      await page.keyboard.press('Tab');
    }
    const copy = panel.getByRole('button', { name: /^Copy/ }).first();
    await expect(copy).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('.log-analyzer [aria-live="polite"]')).toHaveText('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    await expect(page.getByRole('tabpanel', { name: 'PowerShell' }).locator('code').first()).toHaveText(copied);
  });

  test('a shared link carries the text in the fragment and reproduces the verdict', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openTriage(page);
    await expect(page.getByText('Nothing you paste leaves your browser; the link keeps the text after # which browsers do not send')).toBeVisible();
    await analyze(page, SEED_ERROR);
    await page.getByRole('button', { name: 'Copy a link with this error' }).click();
    const link = await page.locator('.log-share-link').inputValue();
    expect(link).toMatch(/\/start\/triage\/#log=v1\.[A-Za-z0-9_-]+$/);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    const title = await bestCard(page).getByRole('heading').textContent();

    const opened = await context.newPage();
    const requests = recordRequests(opened, new URL(link).origin);
    await opened.goto(link);
    await waitForIslands(opened);
    await expect(opened.locator('.log-results')).toBeVisible();
    await expect(opened.getByLabel(BOX_LABEL)).toHaveValue(SEED_ERROR);
    await expect(bestCard(opened).getByRole('heading')).toHaveText(title ?? '');
    await expectNodeToNodeVerdict(opened);
    // The server saw only the page path: the text after # never goes on the wire.
    expect(requests.all().filter((url) => url.includes('log=') || url.includes('10.2.4.10'))).toEqual([]);
  });

  test('a shared link leaves out the secret of an authentication key quoted in the text', async ({ page }) => {
    // A public report of the runtime's token failure, with the key's secret put back as a user would paste it.
    const secret = 'c2hpci1kb2N0b3ItdGVzdC1zZWNyZXQtMzItYnl0ZXM=';
    const text = readFileSync(new URL('../unit/logs/fixtures/public-service-token-unexpected-fault.txt', import.meta.url), 'utf8').replace(/@\*{8,}/g, `@${secret}`);
    await openTriage(page);
    await analyze(page, text);
    await page.getByRole('button', { name: 'Copy a link with this error' }).click();
    await expect(page.locator('.log-share')).toContainText('its secret part is left out of the link');
    const link = await page.locator('.log-share-link').inputValue();
    await page.goto(link);
    await waitForIslands(page);
    const shared = await page.getByLabel(BOX_LABEL).inputValue();
    expect(shared).not.toContain(secret);
    expect(shared).toContain('ServiceEndpoint=contoso-df.eastus2.datafactory.azure.net@(secret removed)');
  });

  test('a link pasted into the address bar of an open triage page loads its text', async ({ page }) => {
    await openTriage(page);
    await analyze(page, SEED_ERROR);
    await page.getByRole('button', { name: 'Copy a link with this error' }).click();
    const hash = new URL(await page.locator('.log-share-link').inputValue()).hash;
    await analyze(page, 'Operation on host build-agent-7.example.org port 9443 finished with status 0 after 12 ms.');
    await expect(page.locator('.log-card-best')).toHaveCount(0);
    // Same document, new fragment: the browser fires hashchange instead of loading the page again.
    await page.evaluate((fragment) => {
      location.hash = fragment;
    }, hash);
    await expect(page.getByLabel(BOX_LABEL)).toHaveValue(SEED_ERROR);
    await expectNodeToNodeVerdict(page);
  });

  test('explains a damaged link and a text too long to share', async ({ page }) => {
    await openTriage(page, '#log=v1.qqqqqqqqqqqqqqqq');
    await expect(page.getByRole('alert')).toContainText('could not be opened');
    await expect(page.getByRole('alert')).toContainText('damaged');

    // Hex of random bytes barely compresses, so 100 KB of it stays far above the 32 KB link limit.
    const random = await page.evaluate(() => Array.from(crypto.getRandomValues(new Uint8Array(50_000)), (byte) => byte.toString(16).padStart(2, '0')).join(''));
    await page.getByLabel(BOX_LABEL).fill(random);
    await page.getByRole('button', { name: 'Copy a link with this error' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'too long to share by link' })).toBeVisible();
    await expect(page.locator('.log-share-link')).toHaveCount(0);
  });

  test('renders pasted markup as text, from the box and from a link', async ({ page, context }) => {
    const payload = `Error at <script>window.__pwned = 1</script> host <img src=x onerror="window.__pwned = 2"> <svg onload="window.__pwned = 3"></svg> 10.0.0.5:443 <iframe src="javascript:alert(1)"></iframe>`;
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await openTriage(page);
    const before = await page.evaluate(() => document.querySelectorAll('script, img, svg, iframe').length);
    await analyze(page, payload);
    await expect(page.locator('.log-text')).toContainText('<img src=x onerror="window.__pwned = 2">');
    const widget = page.locator('.log-analyzer');
    await expect(widget.locator('script, img, iframe')).toHaveCount(0);
    expect(await page.evaluate(() => document.querySelectorAll('script, img, svg, iframe').length)).toBe(before);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: 'Copy a link with this error' }).click();
    const opened = await context.newPage();
    opened.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await opened.goto(await page.locator('.log-share-link').inputValue());
    await waitForIslands(opened);
    await expect(opened.locator('.log-text')).toContainText('<script>window.__pwned = 1</script>');
    await expect(opened.locator('.log-analyzer').locator('script, img, iframe')).toHaveCount(0);
    expect(await opened.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  test('analyses without the network: only our own worker and chunks load, and offline works', async ({ page, context, baseURL }) => {
    const origin = new URL(baseURL ?? 'http://127.0.0.1').origin;
    const requests = recordRequests(page, origin);
    await openTriage(page);
    await page.waitForLoadState('networkidle');
    const mark = requests.mark();
    await analyze(page, SEED_ERROR);
    await expectNodeToNodeVerdict(page);
    const during = requests.since(mark);
    expect(during.filter((url) => !url.startsWith(`${origin}/`) || !/\.(js|mjs)(\?.*)?$/.test(new URL(url).pathname))).toEqual([]);
    expect(requests.foreign()).toEqual([]);

    await context.setOffline(true);
    const offlineMark = requests.mark();
    await analyze(page, 'The remote name could not be resolved: \'contoso-shir.servicebus.windows.net\'');
    await expect(page.locator('.log-values')).toContainText('contoso-shir.servicebus.windows.net');
    expect(requests.since(offlineMark)).toEqual([]);
    await context.setOffline(false);
  });

  test('a reader who focused the box and then went offline can still analyse', async ({ page, context }) => {
    await openTriage(page);
    const workerLoaded = page.waitForResponse((response) => /log\.worker[^/]*\.js$/.test(new URL(response.url()).pathname));
    await page.getByLabel(BOX_LABEL).focus();
    await workerLoaded;
    await page.waitForLoadState('networkidle');
    await context.setOffline(true);
    await analyze(page, SEED_ERROR);
    await expectNodeToNodeVerdict(page);
    await context.setOffline(false);
  });

  test('loads a .log file picked from disk and analyses it', async ({ page }, testInfo) => {
    const path = testInfo.outputPath('node-2.log');
    writeFileSync(path, `2026-11-25 09:59:58.120 [Info] Dispatcher started\n2026-11-25 10:00:01.004 [Error] ${SEED_ERROR}\n`);
    await openTriage(page);
    await page.getByLabel('Load a .txt or .log file').setInputFiles(path);
    await expect(page.getByLabel(BOX_LABEL)).toHaveValue(/Dispatcher started/);
    await expectNodeToNodeVerdict(page);
  });

  test('a log file dropped on the box is loaded and analysed; a dropped trace is named, not analysed', async ({ page }) => {
    await openTriage(page);
    const drop = async (name: string, bytes: number[]) => {
      await page.getByLabel(BOX_LABEL).evaluate(
        (box, file) => {
          const dataTransfer = new DataTransfer();
          dataTransfer.items.add(new File([new Uint8Array(file.bytes)], file.name));
          box.dispatchEvent(new DragEvent('dragenter', { dataTransfer, bubbles: true, cancelable: true }));
          box.dispatchEvent(new DragEvent('dragover', { dataTransfer, bubbles: true, cancelable: true }));
          box.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
        },
        { name, bytes },
      );
    };
    await drop('node-2.log', [...Buffer.from(`[Error] ${SEED_ERROR}\n`)]);
    await expectNodeToNodeVerdict(page);

    await drop('node-8060.pcap', [...readFileSync('tests/fixtures/capture/node-8060/node-8060.ns.pcap').subarray(0, 4096)]);
    await expect(page.getByRole('alert')).toContainText('node-8060.pcap is not a text log: it is a network trace');
    await expect(page.locator('.log-results')).toHaveCount(0);
  });

  test('stays responsive while a 10 MB paste is analysed', async ({ page }) => {
    test.setTimeout(120_000);
    await openTriage(page);
    // Count main-thread timer turns between the busy state appearing and the results appearing: were
    // the analysis on the main thread, there could be none.
    await page.evaluate((seedError) => {
      const filler = '2026-11-25 10:00:00.000 [Info] Heartbeat to the cloud service completed.\n';
      const half = filler.repeat(Math.floor(5_000_000 / filler.length));
      const big = `${half}${seedError}\n${half}`;
      const probe = { size: big.length, busySeen: false, turnsWhileBusy: 0, done: false };
      (window as unknown as { __probe: typeof probe }).__probe = probe;
      const tick = () => {
        if (document.querySelector('.log-results')) probe.done = true;
        else if (document.querySelector('.log-busy')) {
          probe.busySeen = true;
          probe.turnsWhileBusy++;
        }
        if (!probe.done) setTimeout(tick, 10);
      };
      tick();
      const box = document.querySelector('textarea') as HTMLTextAreaElement;
      box.focus();
      const clipboardData = new DataTransfer();
      clipboardData.setData('text/plain', big);
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
    }, SEED_ERROR);
    await expect(page.locator('.log-analyzer .log-note').first()).toContainText('the analysis and the link use all of it');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('status')).toContainText(/Analysing 10\.0 million characters/);
    // While the worker runs, the page still answers: the text in the box can be selected and read.
    expect(await page.getByLabel(BOX_LABEL).evaluate((box: HTMLTextAreaElement) => box.value.length)).toBe(100_000);
    await expect(page.locator('.log-results')).toBeVisible({ timeout: 90_000 });
    const probe = await page.evaluate(() => (window as unknown as { __probe: { size: number; busySeen: boolean; turnsWhileBusy: number } }).__probe);
    expect(probe.size).toBeGreaterThan(9_900_000);
    expect(probe.busySeen).toBe(true);
    expect(probe.turnsWhileBusy).toBeGreaterThan(1);
    await expectNodeToNodeVerdict(page);
  });

  test('Stop ends a long analysis and the next one still works', async ({ page }) => {
    test.setTimeout(120_000);
    await openTriage(page);
    await page.evaluate(() => {
      const box = document.querySelector('textarea') as HTMLTextAreaElement;
      const clipboardData = new DataTransfer();
      clipboardData.setData('text/plain', 'The remote name could not be resolved: node7.contoso.local\n'.repeat(150_000));
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
    });
    await page.getByRole('button', { name: 'Analyze' }).click();
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.locator('.log-analyzer [aria-live="polite"]')).toHaveText('Analysis stopped.');
    await expect(page.locator('.log-analyzer .log-status')).toBeEmpty();
    await expect(page.locator('.log-results')).toHaveCount(0);
    await analyze(page, SEED_ERROR);
    await expectNodeToNodeVerdict(page);
  });

  for (const colorScheme of ['dark', 'light'] as const) {
    test(`has no axe violations with results shown (${colorScheme}, 375 px)`, async ({ page }) => {
      await page.setViewportSize({ width: 375, height: 800 });
      await page.emulateMedia({ colorScheme });
      await openTriage(page);
      await analyze(page, SEED_ERROR);
      const results = await new AxeBuilder({ page }).include('.log-analyzer').analyze();
      expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }

  test('compact variant in a guide step links its cards to the catalog entry', async ({ page }) => {
    await page.goto('/symptoms/cloud-service/');
    const widget = page.locator('.log-analyzer-compact');
    await widget.scrollIntoViewIfNeeded();
    await waitForIslands(page);
    await widget.getByLabel('Paste the error message').fill(SEED_ERROR);
    await widget.getByRole('button', { name: 'Analyze' }).click();
    const card = widget.locator('.log-card-best');
    await expect(card).toBeVisible();
    const id = await card.getAttribute('data-issue');
    await expect(card.getByRole('link', { name: 'Read about this issue' })).toHaveAttribute('href', `/reference/known-issues/#issue-${id}`);
    // A link made in a step opens the full analyzer on the triage page.
    await widget.getByRole('button', { name: 'Copy a link with this error' }).click();
    expect(await widget.locator('.log-share-link').inputValue()).toMatch(/\/start\/triage\/#log=v1\./);
    const results = await new AxeBuilder({ page }).include('.log-analyzer-compact').analyze();
    expect(results.violations.map((violation) => violation.id)).toEqual([]);
  });

  test('on a phone, suggested commands keep their lines as written and scroll sideways by keyboard', async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await openTriage(page);
    await analyze(page, 'Invoke failed: https://wu2.frontend.clouddatahub.net/ The operation has timed out.');
    const commands = page.getByRole('tabpanel', { name: 'PowerShell' }).locator('.log-command-text');
    // The command the review saw broken as "-UseBasicParsing -" / "TimeoutSec".
    const request = commands.filter({ hasText: '-UseBasicParsing -TimeoutSec' }).first();
    await expect(request).toBeVisible();
    for (const command of await commands.all()) {
      const lines = ((await command.textContent()) ?? '').split('\n').length;
      expect(await renderedLineCount(command)).toBe(lines);
    }
    expect(await request.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    await expect(request).toHaveAttribute('tabindex', '0');
    await request.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => request.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
    const results = await new AxeBuilder({ page }).include('.log-analyzer').analyze();
    expect(results.violations.map((violation) => violation.id)).toEqual([]);
    await context.close();
  });

  test('says plainly when nothing matches, and still lists values and next steps', async ({ page }) => {
    await openTriage(page);
    await analyze(page, 'Operation on host build-agent-7.example.org port 9443 finished with status 0 after 12 ms.');
    await expect(page.getByRole('heading', { name: 'No known issue matched' })).toBeVisible();
    await expect(page.locator('.log-card')).toHaveCount(0);
    await expect(page.locator('.log-values')).toContainText('build-agent-7.example.org');
    await expect(page.getByRole('heading', { name: 'General next steps' })).toBeVisible();
  });
});
