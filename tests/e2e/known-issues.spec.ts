import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { renderedLineCount } from './text-layout';

const PAGE = '/reference/known-issues/';

test.use({ viewport: { width: 1280, height: 900 } });

/** Visible entries, and whether each contains every word — read from the page, not from our matcher. */
async function visibleEntries(page: Page, words: string[]) {
  return page.locator('article.known-issue').evaluateAll((articles, wanted) => {
    const normalize = (text: string) => text.toLowerCase().replace(/\s+/g, ' ');
    return articles.map((article) => ({
      id: article.id,
      visible: !(article as HTMLElement).hidden && article.getClientRects().length > 0,
      containsAll: wanted.every((word) => normalize(article.textContent ?? '').includes(word)),
      category: (article as HTMLElement).dataset.category,
    }));
  }, words);
}

async function openFilter(page: Page) {
  await page.goto(PAGE);
  await expect(page.getByRole('search', { name: 'Filter the known issues' })).toBeVisible();
}

test('without JavaScript the page lists every entry and offers no filter or dead buttons', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(PAGE);
  const entries = page.locator('article.known-issue');
  expect(await entries.count()).toBeGreaterThan(50);
  for (const entry of await entries.all()) await expect(entry).toBeAttached();
  expect(await entries.evaluateAll((articles) => articles.filter((article) => article.getClientRects().length === 0).length)).toBe(0);
  await expect(page.locator('form[data-issue-filter]')).toBeHidden();
  await expect(page.getByRole('button', { name: /^Copy/ })).toHaveCount(0);
  // The commands themselves are in the page, for reading and for the search index.
  await expect(page.locator('[data-command-holder] code').first()).toHaveText(/\S/);
  await context.close();
});

test('typed words narrow the entries, empty sections disappear, and the count is announced politely', async ({ page }) => {
  await openFilter(page);
  const total = await page.locator('article.known-issue').count();
  const status = page.locator('[data-issue-filter-status]');
  await expect(status).toHaveAttribute('role', 'status');

  const box = page.getByRole('searchbox', { name: 'Words from the error' });
  await box.focus();
  // Words in another order and case than the catalog's "actively refused".
  await page.keyboard.type('REFUSED actively');
  const words = ['refused', 'actively'];
  await expect(status).toHaveText(/^Showing \d+ of \d+ entries\.$/);
  const entries = await visibleEntries(page, words);
  const shown = entries.filter((entry) => entry.visible);
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.length).toBeLessThan(total);
  for (const entry of entries) expect(entry.visible, entry.id).toBe(entry.containsAll);
  await expect(status).toHaveText(`Showing ${shown.length} of ${total} entries.`);

  // A category heading is shown exactly when some entry under it is.
  const sections = await page.locator('[data-issue-group]').evaluateAll((groups) =>
    groups.map((group) => ({
      heading: group.previousElementSibling?.querySelector('h2')?.textContent ?? '',
      headingVisible: (group.previousElementSibling?.getClientRects().length ?? 0) > 0,
      entriesVisible: [...group.querySelectorAll('article')].some((article) => article.getClientRects().length > 0),
    })),
  );
  for (const section of sections) expect(section.headingVisible, section.heading).toBe(section.entriesVisible);

  await box.fill('no such error text qqq');
  await expect(status).toHaveText(/^No entry matches \(0 of \d+\)/);
  await expect(page.locator('article.known-issue:visible')).toHaveCount(0);

  await box.fill('');
  await expect(status).toHaveText(`Showing all ${total} entries.`);
  await expect(page.locator('article.known-issue:visible')).toHaveCount(total);
});

test('the category list narrows to one section, and combines with the words', async ({ page }) => {
  await openFilter(page);
  const inSection = await page.locator('[data-issue-group]:has(article[data-category="proxy-auth"]) article').count();
  expect(inSection).toBeGreaterThan(0);
  await page.getByLabel('Category').selectOption({ label: 'Proxy authentication' });
  await expect(page.locator('article.known-issue:visible')).toHaveCount(inSection);
  for (const entry of await visibleEntries(page, [])) expect(entry.visible, entry.id).toBe(entry.category === 'proxy-auth');

  await page.getByRole('searchbox', { name: 'Words from the error' }).fill('407');
  const entries = await visibleEntries(page, ['407']);
  for (const entry of entries) expect(entry.visible, entry.id).toBe(entry.containsAll && entry.category === 'proxy-auth');
  await expect(page.locator('[data-issue-filter-status]')).toHaveText(/^Showing \d+ of \d+ entries\.$/);
});

test('the filter is reached and used with the keyboard alone', async ({ page }) => {
  await openFilter(page);
  const box = page.getByRole('searchbox', { name: 'Words from the error' });
  // From the paragraph before it, Tab reaches the words box, then the category list.
  await page.locator('.sl-markdown-content p').nth(1).click();
  for (let presses = 0; presses < 5 && !(await box.evaluate((element) => element === document.activeElement)); presses++) await page.keyboard.press('Tab');
  await expect(box).toBeFocused();
  // A mark on the window survives only if Enter does not load a page.
  await page.evaluate(() => Object.assign(window, { filterPageMark: true }));
  await page.keyboard.type('407');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${PAGE}\\?q=407$`));
  expect(await page.evaluate(() => 'filterPageMark' in window)).toBe(true);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Category')).toBeFocused();
  await expect(page.locator('[data-issue-filter-status]')).toHaveText(/^Showing \d+ of \d+ entries\.$/);

  // Next the hint's link, then the matching titles; Enter on one brings its entry into view.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'log analyzer' })).toBeFocused();
  await page.keyboard.press('Tab');
  const first = page.getByRole('list', { name: 'Matching entries' }).getByRole('link').first();
  await expect(first).toBeFocused();
  const target = (await first.getAttribute('href')) ?? '';
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`\\?q=407${target}$`));
  await expect(page.locator(target)).toBeInViewport();
});

test('the table of contents lists the categories and follows the reader through the entries', async ({ page }) => {
  await page.goto(PAGE);
  const toc = page.locator('starlight-toc nav');
  const headings = await page.locator('.sl-markdown-content h2').allTextContents();
  await expect(toc.getByRole('link')).toHaveText(['Overview', ...headings.map((heading) => heading.trim())]);
  // An entry deep inside a section: the list marks that section as where the reader is.
  const entry = page.locator('[data-issue-group]:has(article[data-category="proxy-auth"]) article').last();
  await entry.scrollIntoViewIfNeeded();
  await entry.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await expect(toc.locator('a[aria-current="true"]')).toHaveText('Proxy authentication');
  await page.locator('[data-issue-group]:has(article[data-category="disk-full"]) article').first().evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await expect(toc.locator('a[aria-current="true"]')).toHaveText('Disk space');
});

test("each command has the log analyzer's Copy button, which copies it and says so", async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL!).origin });
  await page.goto(PAGE);
  const holder = page.locator('[data-command-holder]').nth(3);
  await holder.scrollIntoViewIfNeeded();
  const button = holder.getByRole('button', { name: /^Copy command: / });
  await expect(button).toBeVisible();
  await expect(button).toHaveAccessibleName(`Copy command: ${await holder.getAttribute('data-purpose')}`);
  await button.click();
  await expect(page.locator('[data-command-copy-status]')).toHaveText('Copied');
  // Seen as well as heard: the button says it for a moment, then offers to copy again.
  await expect(holder.locator('button')).toHaveText(/^Copied command: /);
  await expect(holder.locator('button')).toHaveText(/^Copy command: /, { timeout: 5000 });
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await holder.locator('code').textContent());
  expect(copied).toMatch(/\S/);
});

test('on a phone commands keep their lines as written and scroll sideways by keyboard', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  await page.goto(PAGE);
  const commands = page.locator('[data-command-holder] pre');
  const longest = await commands.evaluateAll((blocks) =>
    blocks.reduce((best, block, index, all) => ((block.textContent ?? '').length > (all[best].textContent ?? '').length ? index : best), 0),
  );
  const command = commands.nth(longest);
  await command.scrollIntoViewIfNeeded();
  const text = (await command.textContent()) ?? '';
  expect(text.length).toBeGreaterThan(60);
  expect(await renderedLineCount(command)).toBe(text.split('\n').length);
  await expect(command).toHaveAttribute('tabindex', '0');
  await command.focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => command.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);

  // Short commands that fit are not extra Tab stops.
  const fitting = await commands.evaluateAll((blocks) => blocks.filter((block) => block.scrollWidth <= block.clientWidth && block.hasAttribute('tabindex')).length);
  expect(fitting).toBe(0);
  await context.close();
});

test('printed, every command is whole on the page and the Copy buttons are left out', async ({ page }) => {
  await page.goto(PAGE);
  await page.emulateMedia({ media: 'print' });
  // An A4 page's text width, about 700 CSS px.
  await page.setViewportSize({ width: 700, height: 1000 });
  const commands = page.locator('[data-command-holder] pre');
  expect(await commands.count()).toBeGreaterThan(10);
  const cut = await commands.evaluateAll((blocks) => blocks.filter((block) => block.scrollWidth > block.clientWidth + 1).map((block) => block.textContent));
  expect(cut).toEqual([]);
  await expect(page.locator('[data-command-holder]').getByRole('button', { name: /^Copy/ }).first()).toBeHidden();
});

test('search excerpts of an entry quote the entry, not its anchor\'s hidden "Link to" text nor its category line', async ({ page }) => {
  await page.goto(PAGE);
  // Each entry heading is a Pagefind sub-result whose excerpt starts at the heading: searching a
  // word every entry holds ("Why it happens") reaches every entry.
  const excerpts = await page.evaluate(async () => {
    const pagefind = await import(/* @vite-ignore */ `${location.origin}/pagefind/pagefind.js`);
    const search = await pagefind.search('happens');
    const pages = await Promise.all(search.results.map((result: { data: () => Promise<unknown> }) => result.data()));
    return (pages as { url: string; sub_results: { url: string; excerpt: string }[] }[])
      .filter((found) => found.url.startsWith('/reference/known-issues/'))
      .flatMap((found) => found.sub_results.filter((sub) => sub.url.includes('#issue-')).map((sub) => sub.excerpt));
  });
  expect(excerpts.length).toBeGreaterThan(5);
  for (const excerpt of excerpts) {
    expect(excerpt).not.toContain('Link to');
    expect(excerpt).not.toMatch(/Category:|· id /);
  }
});

test('the page passes axe with a filter applied, on desktop and on a phone', async ({ browser }) => {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 740 }]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await openFilter(page);
    await page.getByRole('searchbox', { name: 'Words from the error' }).fill('proxy');
    await expect(page.locator('[data-issue-filter-status]')).toHaveText(/^Showing/);
    await expect(page.locator('[data-command-holder]:visible button').first()).toBeVisible();
    await expect(page.getByRole('list', { name: 'Matching entries' })).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
    expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`), `${viewport.width}px`).toEqual([]);
    await context.close();
  }
});

/** Ids of the entries a reader sees, in page order. */
async function shownEntryIds(page: Page): Promise<string[]> {
  return (await visibleEntries(page, [])).filter((entry) => entry.visible).map((entry) => entry.id);
}

test('the filter is kept in the address, replaced rather than pushed, and a copied link opens the same view', async ({ page, browser }) => {
  await openFilter(page);
  const historyLength = await page.evaluate(() => history.length);
  await page.getByRole('searchbox', { name: 'Words from the error' }).fill('  refused   8060 ');
  await expect(page).toHaveURL(new RegExp(`${PAGE}\\?q=refused\\+8060$`));
  await page.getByLabel('Category').selectOption({ label: 'Node-to-node communication' });
  await expect(page).toHaveURL(new RegExp(`${PAGE}\\?q=refused\\+8060&category=node-communication$`));
  expect(await page.evaluate(() => history.length)).toBe(historyLength);
  const status = page.locator('[data-issue-filter-status]');
  await expect(status).toHaveText(/^Showing \d+ of \d+ entries\.$/);
  const announced = await status.textContent();
  const shown = await shownEntryIds(page);
  expect(shown.length).toBeGreaterThan(0);

  // The link a support engineer would paste, opened fresh.
  const shared = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await shared.goto(page.url());
  await expect(shared.getByRole('searchbox', { name: 'Words from the error' })).toHaveValue('refused 8060');
  await expect(shared.getByLabel('Category')).toHaveValue('node-communication');
  await expect(shared.locator('[data-issue-filter-status]')).toHaveText(announced ?? '');
  expect(await shownEntryIds(shared)).toEqual(shown);
  await shared.close();

  // Cleared, the address is the plain page again.
  await page.getByRole('searchbox', { name: 'Words from the error' }).fill('');
  await page.getByLabel('Category').selectOption({ label: 'All categories' });
  await expect(page).toHaveURL(new RegExp(`${PAGE}$`));
});

test('an address naming an unknown category or blank words shows every entry and is tidied', async ({ page }) => {
  await page.goto(`${PAGE}?q=%20%20&category=no-such-category&from=ticket`);
  await expect(page.getByRole('search', { name: 'Filter the known issues' })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`${PAGE}\\?from=ticket$`));
  await expect(page.getByRole('searchbox', { name: 'Words from the error' })).toHaveValue('');
  await expect(page.getByLabel('Category')).toHaveValue('');
  const total = await page.locator('article.known-issue').count();
  await expect(page.locator('article.known-issue:visible')).toHaveCount(total);

  // A known category with unknown words: the words stay, so the reader sees why nothing matches.
  await page.goto(`${PAGE}?q=qqq-no-such-text&category=proxy-auth`);
  await expect(page.locator('[data-issue-filter-status]')).toHaveText(/^No entry matches \(0 of \d+\)/);
  await expect(page.getByRole('list', { name: 'Matching entries' })).toBeHidden();
});

test('a narrowed page starts with a list of the matching titles, and entry titles stay below section size', async ({ page }) => {
  await page.goto(`${PAGE}?q=8060`);
  const matches = page.getByRole('list', { name: 'Matching entries' });
  await expect(matches).toBeVisible();
  const shown = await shownEntryIds(page);
  expect(shown.length).toBeGreaterThan(1);
  const listed = await matches.getByRole('link').evaluateAll((links) =>
    links.map((link) => ({ href: link.getAttribute('href'), text: link.textContent })),
  );
  const titles = await page.locator('article.known-issue:visible h3').allTextContents();
  const byHref = (left: { href: string | null }, right: { href: string | null }) => String(left.href).localeCompare(String(right.href));
  expect([...listed].sort(byHref)).toEqual(shown.map((id, index) => ({ href: `#${id}`, text: titles[index] })).sort(byHref));
  // The list is not in the live region: only the count is announced.
  await expect(page.getByRole('status').filter({ has: matches })).toHaveCount(0);

  const sizes = await page.evaluate(() => {
    const size = (selector: string) => parseFloat(getComputedStyle(document.querySelector(selector)!).fontSize);
    return { section: size('.sl-markdown-content h2'), entry: size('article.known-issue h3'), body: size('article.known-issue p') };
  });
  expect(sizes.entry).toBeLessThanOrEqual(sizes.section * 0.6);
  expect(sizes.entry).toBeGreaterThan(sizes.body);

  // Nothing narrowed, nothing to list.
  await page.getByRole('searchbox', { name: 'Words from the error' }).fill('');
  await expect(matches).toBeHidden();
});

test('matching titles are listed by how many of the words they hold, the best first', async ({ page }) => {
  await page.goto(`${PAGE}?q=port+8060+refused`);
  const titles = await page.getByRole('list', { name: 'Matching entries' }).getByRole('link').allTextContents();
  expect(titles.length).toBeGreaterThan(1);
  expect(titles[0]).toBe('Node-to-node port 8060 refused');
  const hits = titles.map((title) => ['port', '8060', 'refused'].filter((word) => title.toLowerCase().includes(word)).length);
  expect(hits).toEqual([...hits].sort((left, right) => right - left));
  // The entries themselves stay in their sections, in page order.
  const pageOrder = await page.locator('article.known-issue:visible h3').allTextContents();
  expect([...pageOrder].sort()).toEqual([...titles].sort());
});

test('a filter link opened on a phone brings the filter and its matches into view', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${PAGE}?q=8060`);
  const filter = page.getByRole('search', { name: 'Filter the known issues' });
  await expect(filter).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Words from the error' })).toBeInViewport();
  await expect(page.getByRole('list', { name: 'Matching entries' }).getByRole('link').first()).toBeInViewport();
  // Clear of the sticky header: the box is not covered by it.
  const covered = await page.getByRole('searchbox', { name: 'Words from the error' }).evaluate((box) => {
    const { left, top, width, height } = box.getBoundingClientRect();
    const hit = document.elementFromPoint(left + width / 2, top + height / 2);
    return hit !== box;
  });
  expect(covered).toBe(false);
  // Without a filter in the address the page opens at its top as usual.
  await page.goto(PAGE);
  await expect(filter).toBeVisible();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await context.close();
});

test('while filtering, "On this page" lists only the sections with matches, on desktop and phone', async ({ browser }) => {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 740 }]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await openFilter(page);
    const phone = viewport.width < 800;
    const toc = phone ? page.locator('mobile-starlight-toc') : page.locator('starlight-toc nav');
    if (phone) await toc.locator('summary').click();
    const contentsLinks = async () => (await toc.getByRole('link').allTextContents()).map((text) => text.trim());
    const visibleHeadings = async () => (await page.locator('.sl-markdown-content h2:visible').allTextContents()).map((text) => text.trim());
    const allHeadings = await visibleHeadings();

    await page.getByLabel('Category').selectOption({ label: 'Proxy authentication' });
    await expect.poll(contentsLinks).toEqual(['Overview', 'Proxy authentication']);
    await page.getByLabel('Category').selectOption({ label: 'All categories' });
    await page.getByRole('searchbox', { name: 'Words from the error' }).fill('8060');
    await expect(page.locator('[data-issue-filter-status]')).toHaveText(/^Showing \d+ of/);
    const narrowed = await visibleHeadings();
    expect(narrowed.length).toBeLessThan(allHeadings.length);
    expect(await contentsLinks()).toEqual(['Overview', ...narrowed]);

    await page.getByRole('searchbox', { name: 'Words from the error' }).fill('');
    await expect.poll(contentsLinks).toEqual(['Overview', ...allHeadings]);
    await context.close();
  }
});

test('a link to an entry lands on it, and clears a filter that hides it', async ({ page }) => {
  const target = page.locator('#issue-proxy-authentication-required');
  // The log analyzer's links: the Copy buttons that appear as the page comes to life must not push
  // the entry down and out of view.
  await page.goto(`${PAGE}#issue-proxy-authentication-required`);
  await expect(page.getByRole('button', { name: /^Copy/ }).first()).toBeVisible();
  await expect(target).toBeInViewport();
  expect(await target.evaluate((entry) => entry.getBoundingClientRect().top)).toBeLessThan(300);

  // Opened with a filter that leaves the entry out, as a pasted address might be.
  await page.goto(`${PAGE}?q=refused+8060#issue-proxy-authentication-required`);
  await expect(target).toBeVisible();
  await expect(target).toBeInViewport();
  await expect(page.getByRole('searchbox', { name: 'Words from the error' })).toHaveValue('');
  await expect(page).toHaveURL(new RegExp(`${PAGE}#issue-proxy-authentication-required$`));

  // Reached again by the address (typed, or Back) after the reader moved on and filtered it away.
  await page.evaluate(() => {
    location.hash = '#issue-filter-text';
  });
  await page.getByRole('searchbox', { name: 'Words from the error' }).fill('refused 8060');
  await expect(target).toBeHidden();
  await page.evaluate(() => {
    location.hash = '#issue-proxy-authentication-required';
  });
  await expect(target).toBeInViewport();
  await expect(page.locator('[data-issue-filter-status]')).toHaveText(/^Showing all \d+ entries\.$/);
});
