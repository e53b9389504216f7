import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { recordRequests } from './support';
import { readBuiltPages } from './guide-site';

/** Every HTML page of the build, so a new page is scanned without editing this file. */
const PAGE_PATHS = readBuiltPages()
  .map((page) => page.path)
  .filter((path) => path.endsWith('/') || path.endsWith('.html'))
  .sort();

async function setTheme(page: Page, theme: 'light' | 'dark') {
  // Starlight's theme picker is a <select> inside <starlight-theme-select>; it is hidden on
  // narrow screens, where it moves into the menu, so use a desktop viewport.
  await page.locator('starlight-theme-select select').first().selectOption(theme);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

test.use({ viewport: { width: 1280, height: 900 } });

test('the sidebar leads from the landing page through the guide', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Start the triage', exact: true }).click();
  await expect(page).toHaveURL(/\/start\/triage\/$/);
  await expect(page.locator('h1')).toHaveText('Triage: which page fits your failure');

  const sidebar = page.locator('nav[aria-label="Main"]');
  await sidebar.getByRole('link', { name: /Node inactive/ }).click();
  await expect(page).toHaveURL(/\/symptoms\/node-inactive\/$/);
  await expect(sidebar.locator('[aria-current="page"]')).toContainText('Node inactive');

  await sidebar.getByRole('link', { name: 'Read a network trace' }).click();
  await expect(page.locator('h1')).toHaveText('Read a network trace');
  // Starlight's pagination leads on to the next page in sidebar order.
  await page.getByRole('link', { name: /Next.*Command-line tool|Next.*Known/ }).click();
  await expect(page).toHaveURL(/\/reference\//);
});

test('Pagefind search finds the node page by the error code 10061', async ({ page }) => {
  await page.goto('/start/triage/');
  const searchButton = page.locator('button[data-open-modal]');
  await expect(searchButton).toBeEnabled();
  await searchButton.click();
  const input = page.locator('#starlight__search input');
  await input.fill('10061');
  const firstResult = page.locator('#starlight__search .pagefind-ui__result-link').first();
  await expect(firstResult).toHaveAttribute('href', /\/symptoms\/node-inactive\//);
  // Step headings carry ids, so Pagefind offers the step itself as a sub-result.
  await expect(page.locator('#starlight__search a[href$="#node-8060-refused"]').first()).toBeVisible();
});

test('a step URL scrolls to the step and highlights it', async ({ page }) => {
  await page.goto('/symptoms/node-inactive/#node-test-port-8060');
  const step = page.locator('.guide-step:has(#node-test-port-8060)');
  await expect(step).toHaveClass(/guide-step--highlighted/);
  await expect(step).toBeInViewport();
  const highlight = await step.evaluate((element) => {
    const style = getComputedStyle(element);
    return { outline: style.outlineStyle, background: style.backgroundColor, target: element.querySelector(':target')?.id };
  });
  expect(highlight.target).toBe('node-test-port-8060');
  expect(highlight.outline).toBe('solid');
  expect(highlight.background).not.toBe('rgba(0, 0, 0, 0)');
  // The other steps stay plain.
  await expect(page.locator('.guide-step--highlighted')).toHaveCount(1);
  await expect(page.locator('.guide-step:has(#node-event-log)')).not.toHaveClass(/guide-step--highlighted/);
});

test('the arrival animation of a linked step is dropped when the reader asks for reduced motion', async ({ browser }) => {
  const animationOf = async (reducedMotion: 'reduce' | 'no-preference') => {
    const context = await browser.newContext({ reducedMotion, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto('/traces/read/#read-reset');
    const step = page.locator('.guide-step:has(#read-reset)');
    await expect(step).toHaveClass(/guide-step--highlighted/);
    const name = await step.evaluate((element) => getComputedStyle(element).animationName);
    await context.close();
    return name;
  };
  expect(await animationOf('no-preference')).not.toBe('none');
  expect(await animationOf('reduce')).toBe('none');
});

test('the step link control copies the full URL and announces it', async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  await page.goto('/symptoms/cloud-service/');
  const link = page.locator('.guide-step:has(#cloud-proxy-ad-auth) a[data-guide-step-link]');
  await expect(link).toHaveAttribute('href', '#cloud-proxy-ad-auth');
  await link.click();

  await expect(page).toHaveURL(`${origin}/symptoms/cloud-service/#cloud-proxy-ad-auth`);
  await expect(page.locator('[data-guide-step-status]')).toHaveText('Link copied');
  await expect(page.locator('[data-guide-step-status]')).toHaveAttribute('aria-live', 'polite');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(`${origin}/symptoms/cloud-service/#cloud-proxy-ad-auth`);
  await expect(page.locator('.guide-step:has(#cloud-proxy-ad-auth)')).toHaveClass(/guide-step--highlighted/);
});

test('the step link control works from the keyboard', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL!).origin });
  await page.goto('/start/gather-logs/');
  const link = page.locator('.guide-step:has(#logs-report-id) a[data-guide-step-link]');
  await link.focus();
  await expect(link).toBeFocused();
  // A visible focus indicator, not only a change the browser makes internally.
  expect(await link.evaluate((element) => getComputedStyle(element).outlineStyle)).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#logs-report-id$/);
  await expect(page.locator('[data-guide-step-status]')).toHaveText('Link copied');
});

test('on a phone-sized screen the guide passes axe and diagrams stay legible', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto('/traces/read/');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']).analyze();
  expect(results.violations.map((violation) => violation.id)).toEqual([]);
  // The diagram scales with the screen, and its labels with it: they must stay at 10.5px or more.
  const renderedFontSize = await page.locator('.sequence-diagram .label').first().evaluate((element) => {
    const svg = (element as SVGTextElement).ownerSVGElement!;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return parseFloat(getComputedStyle(element).fontSize) * scale;
  });
  expect(renderedFontSize).toBeGreaterThanOrEqual(10.5);
  await context.close();
});

test('the step link works as a plain anchor without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto('/traces/read/');
  await page.locator('.guide-step:has(#read-ttl-example) a[data-guide-step-link]').click();
  await expect(page).toHaveURL(/\/traces\/read\/#read-ttl-example$/);
  const outline = await page.locator('.guide-step:has(#read-ttl-example)').evaluate((element) => getComputedStyle(element).outlineStyle);
  expect(outline).toBe('solid');
  await context.close();
});

test("the page's table of contents lists the numbered steps and follows the reader", async ({ page }) => {
  await page.goto('/symptoms/node-inactive/');
  const toc = page.locator('starlight-toc nav');
  await expect(toc.getByRole('link')).toHaveText([
    'Overview',
    '1. Filter the Integration Runtime event log on each node',
    /2\. .*10061/,
    '3. Test port 8060 between the nodes, in both directions',
    /4\. .*No DNS entries/,
    /5\. Fix:/,
  ]);
  // Step 2 has enough of the page below it to be scrolled to the top, where Starlight marks it current.
  await toc.getByRole('link', { name: /^2\./ }).click();
  await expect(page).toHaveURL(/#node-8060-refused$/);
  await expect(toc.locator('a[aria-current="true"]')).toHaveAttribute('href', '#node-8060-refused');
});

test('dark and light themes both render the guide and its diagrams', async ({ page }, testInfo) => {
  await page.goto('/traces/read/#read-handshake');
  const colours = async () =>
    page.evaluate(() => ({
      background: getComputedStyle(document.body).backgroundColor,
      text: getComputedStyle(document.querySelector('.sl-markdown-content p')!).color,
      diagramText: getComputedStyle(document.querySelector('.sequence-diagram text')!).fill,
    }));

  await setTheme(page, 'dark');
  const dark = await colours();
  await testInfo.attach('dark.png', { body: await page.screenshot(), contentType: 'image/png' });
  await setTheme(page, 'light');
  const light = await colours();
  await testInfo.attach('light.png', { body: await page.screenshot(), contentType: 'image/png' });

  expect(dark.background).not.toBe(light.background);
  expect(dark.text).not.toBe(light.text);
  // Diagrams draw with the text colour, so they switch with the theme.
  expect(dark.diagramText).toBe(dark.text);
  expect(light.diagramText).toBe(light.text);
});

test('every page passes axe in both themes and requests nothing from other origins', async ({ page, baseURL }) => {
  // Widget pages have large DOMs; axe takes several seconds on each in both themes.
  test.setTimeout(30_000 + PAGE_PATHS.length * 25_000);
  expect(PAGE_PATHS.length).toBeGreaterThan(8);
  const requests = recordRequests(page, new URL(baseURL!).origin);
  const violations: string[] = [];
  for (const path of PAGE_PATHS) {
    await page.goto(path);
    // Starlight loads Pagefind when the browser is idle; wait so those requests are recorded too.
    await page.waitForLoadState('networkidle');
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      // Experimental rules included: they catch label-in-name problems such as the search button's.
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice', 'experimental'])
        .analyze();
      for (const violation of results.violations) {
        const targets = violation.nodes.map((node) => node.target.join(' ')).join(', ');
        violations.push(`${path} (${theme}): ${violation.id} — ${violation.help} — ${targets}`);
      }
    }
  }
  expect(violations).toEqual([]);
  expect(requests.foreign()).toEqual([]);
});

test('a highlighted step keeps enough contrast in both themes', async ({ page }) => {
  await page.goto('/symptoms/cloud-service/#cloud-test-no-proxy');
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    const results = await new AxeBuilder({ page }).include('.guide-step:has(#cloud-test-no-proxy)').withRules(['color-contrast']).analyze();
    expect(results.violations.map((violation) => violation.nodes.map((node) => node.target.join(' ')))).toEqual([]);
  }
});
