import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { readBuiltPages } from './guide-site';
import { renderedLineCount, wordsBrokenAcrossLines } from './text-layout';

/** Every HTML page of the build, so a new page with a table or a command is checked without editing this file. */
const PAGE_PATHS = readBuiltPages()
  .map((page) => page.path)
  .filter((path) => path.endsWith('/'))
  .sort();

test('on phones, table cells break between words only and tables fit the screen', async ({ browser }) => {
  test.setTimeout(30_000 + PAGE_PATHS.length * 6_000);
  const problems: string[] = [];
  let tablesSeen = 0;
  // 375 px: a common phone, where rows stay rows. 320 px: the narrowest (400 % zoom), where rows stack.
  for (const width of [375, 320]) {
    const context = await browser.newContext({ viewport: { width, height: 740 } });
    const page = await context.newPage();
    for (const path of PAGE_PATHS) {
      await page.goto(path);
      for (const [index, table] of (await page.locator('.sl-markdown-content table').all()).entries()) {
        tablesSeen += 1;
        const broken = await wordsBrokenAcrossLines(table);
        if (broken.length > 0) problems.push(`${path} table ${index + 1} at ${width}px splits: ${broken.join(', ')}`);
        const overflow = await table.evaluate((element) => element.scrollWidth - element.clientWidth);
        if (overflow > 1) problems.push(`${path} table ${index + 1} at ${width}px is ${overflow}px wider than the screen`);
      }
    }
    await context.close();
  }
  expect(tablesSeen).toBeGreaterThan(10);
  expect(problems).toEqual([]);
});

test('on a phone, step commands keep their lines as written and scroll sideways by keyboard', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  await page.goto('/symptoms/node-inactive/');
  const blocks = page.locator('.guide-step-body .expressive-code pre[data-language="powershell"]');
  expect(await blocks.count()).toBeGreaterThan(0);
  for (const block of await blocks.all()) {
    await block.scrollIntoViewIfNeeded();
    expect(await renderedLineCount(block.locator('code'))).toBe(await block.locator('.ec-line').count());
  }

  const portTest = blocks.filter({ hasText: 'Test-NetConnection -ComputerName' }).first();
  expect(await portTest.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
  // Expressive Code makes it focusable; Steps.astro names the region after its step.
  await expect(portTest).toHaveAttribute('tabindex', '0');
  await expect(portTest).toHaveAttribute('role', 'region');
  await expect(portTest).toHaveAccessibleName(/^Code (\d+ of \d+ )?in step: Test port 8060/);
  await portTest.focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => portTest.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
  await context.close();
});

test('every page passes axe on a phone, where code blocks and tables scroll or stack', async ({ browser }) => {
  test.setTimeout(30_000 + PAGE_PATHS.length * 15_000);
  const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  const violations: string[] = [];
  for (const path of PAGE_PATHS) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    // Expressive Code assigns focus and roles to overflowing blocks when the browser is idle.
    await page.waitForTimeout(600);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
    for (const violation of results.violations) {
      violations.push(`${path}: ${violation.id} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    }
  }
  expect(violations).toEqual([]);
  await context.close();
});
