/**
 * Display conditions a reader may bring. WCAG reflow: at 320 CSS px (a small phone, or a 1280 px
 * window at 400% / a 640 px one at 200% zoom) the analyzer's results and the known-issues page
 * read top to bottom without the page scrolling sideways; only tables and the ladder, inside their
 * own scroll boxes, may. Forced colours (Windows high contrast): what colour alone showed still
 * shows. Screen readers: each control is read once. Print: the result without the controls, and a word where the virtual table cannot print
whole. The capture is a fixture whose content tshark describes (tests/fixtures/capture/tls-alert).
 */
import { expect, test, type Page } from '@playwright/test';
import { analyzePaths, fileInput, ladderCollisions, manyConversationsPcap, open, scenarioPath, scenarioTruth, waitForOutcome, widget } from './capture-support';
import { waitForIslands } from './support';

const WIDTH = 320;

async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test('at 320 px the findings, the conversations, the ladder and the filter syntax fit the column', async ({ page }) => {
  await page.setViewportSize({ width: WIDTH, height: 800 });
  await open(page);
  expect(await analyzePaths(page, [scenarioPath('tls-alert.pcapng')])).toBe('done');
  const column = (await widget(page).boundingBox())!;
  // Each finding names a server like "wu2.frontend.clouddatahub.net", longer than a narrow line.
  const cards = widget(page).locator('.capture-verdict');
  expect(await cards.count()).toBeGreaterThan(0);
  for (const card of await cards.all()) {
    const box = (await card.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(column.x + column.width + 0.5);
  }
  // The conversations fit without sideways scrolling: each row's state is whole and in view.
  const conversations = widget(page).getByRole('region', { name: 'TCP conversations, scrollable' });
  expect(await conversations.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(1);
  for (const state of await conversations.getByTestId('capture-state').all()) {
    const box = (await state.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(column.x + column.width);
    expect(await state.locator('span').evaluateAll((spans) => spans.filter((span) => span.scrollWidth > span.clientWidth).length)).toBe(0);
  }
  // The ladder is drawn at the column's width: the server lane and its address are in view.
  const ladder = widget(page).getByTestId('capture-ladder');
  expect(await ladder.getByRole('region', { name: /^Sequence diagram/ }).evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
  for (const part of ['.capture-ladder__lane-title', '.capture-ladder__lane-address']) {
    const box = (await ladder.locator(`[data-lane="server"] ${part}`).boundingBox())!;
    expect(box.x + box.width, part).toBeLessThanOrEqual(column.x + column.width);
  }
  expect(await ladderCollisions(ladder.locator('svg'))).toEqual([]);
  await widget(page).getByText('Filter syntax').click();
  const help = widget(page).locator('.capture-filter__help');
  await expect(help.getByText('tls.handshake.extensions_server_name contains "servicebus"')).toBeVisible();
  const helpBox = (await help.boundingBox())!;
  expect(helpBox.x + helpBox.width).toBeLessThanOrEqual(column.x + column.width + 0.5);
  for (const code of await help.locator('code').all()) {
    const box = (await code.boundingBox())!;
    expect(box.x + box.width, await code.innerText()).toBeLessThanOrEqual(WIDTH);
  }
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
});

test('at 320 px a ladder with a path lane keeps its three lane titles apart', async ({ page }) => {
  await page.setViewportSize({ width: WIDTH, height: 800 });
  await open(page);
  expect(await analyzePaths(page, [scenarioPath('middlebox-reset.pcapng')])).toBe('done');
  const ladder = widget(page).getByTestId('capture-ladder');
  await expect(ladder.locator('[data-lane="path"]')).toHaveCount(1);
  expect(await ladderCollisions(ladder.locator('svg'))).toEqual([]);
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
});

test('at 320 px the known-issues page does not scroll sideways, long titles wrap', async ({ page }) => {
  await page.setViewportSize({ width: WIDTH, height: 800 });
  await page.goto('/reference/known-issues/');
  await waitForIslands(page);
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  for (const title of await page.locator('.known-issue-header h3').all()) {
    const box = (await title.boundingBox())!;
    expect(box.x + box.width, await title.innerText()).toBeLessThanOrEqual(WIDTH);
  }
});

test('in forced colours the selected conversation is still marked apart from the others', async ({ page }) => {
  await page.emulateMedia({ forcedColors: 'active' });
  const file = 'tls-alert.pcapng';
  const conversations = scenarioTruth(file).tcp.conversations;
  expect(conversations.length).toBeGreaterThan(1);
  await open(page);
  expect(await analyzePaths(page, [scenarioPath(file)])).toBe('done');
  const buttons = widget(page).getByTestId('capture-conversations').locator('tbody .capture-row-button');
  await expect(buttons).toHaveCount(conversations.length);
  const look = (index: number) => buttons.nth(index).evaluate((button) => { const style = getComputedStyle(button); return `${style.backgroundColor} ${style.color}`; });
  const selected = await buttons.evaluateAll((all) => all.findIndex((button) => button.getAttribute('aria-pressed') === 'true'));
  expect(selected).toBeGreaterThanOrEqual(0);
  const other = selected === 0 ? 1 : 0;
  expect(await look(selected)).not.toBe(await look(other));
  // Choosing another moves the mark.
  await buttons.nth(other).click();
  expect(await look(other)).not.toBe(await look(selected));
});

test('printed, the result keeps its findings and drops the controls', async ({ page }) => {
  const file = 'tls-alert.pcapng';
  await open(page);
  expect(await analyzePaths(page, [scenarioPath(file)])).toBe('done');
  await page.emulateMedia({ media: 'print' });
  await expect(widget(page).locator('.capture-verdict').first()).toBeVisible();
  await expect(widget(page).getByTestId('capture-status')).toBeVisible();
  for (const control of [widget(page).getByTestId('capture-drop'), widget(page).getByTestId('capture-result-nav'), widget(page).getByRole('button', { name: 'Copy Markdown summary' }), widget(page).getByRole('button', { name: 'Show the conversation' }).first()]) {
    await expect(control).toBeHidden();
  }
  // Nor the separator before the button left out: "What to do ·" ended the line.
  await expect(widget(page).locator('.capture-verdict__links').first()).not.toContainText('·', { useInnerText: true });
  // Four conversations fit the table: no word about rows left out.
  expect(scenarioTruth(file).tcp.conversations.length).toBeLessThan(12);
  await expect(widget(page).getByTestId('capture-print-rows')).toHaveCount(0);
});

test('printed, a table longer than its window says the paper shows only part of it', async ({ page }) => {
  // 40 unanswered SYNs, each its own conversation (built by capture-support, so known by construction).
  await open(page);
  await fileInput(page).setInputFiles({ name: 'forty.pcap', mimeType: 'application/octet-stream', buffer: manyConversationsPcap(40) });
  expect(await waitForOutcome(page)).toBe('done');
  const note = widget(page).getByTestId('capture-print-rows');
  await expect(note).toBeHidden();
  await page.emulateMedia({ media: 'print' });
  await expect(note).toBeVisible();
  await expect(note).toContainText('not all 40 conversations');
});

test('a screen reader meets "Choose capture files" once, as a button, and it still opens the picker', async ({ page }) => {
  await open(page);
  const drop = widget(page).getByTestId('capture-drop');
  const tree = await drop.ariaSnapshot();
  expect(tree.match(/Choose capture files/g)).toHaveLength(1);
  expect(tree).toContain('button "Choose capture files"');
  // The visible label still opens the file dialog when clicked.
  const chooser = page.waitForEvent('filechooser');
  await drop.getByText('Choose capture files').click();
  await (await chooser).setFiles([scenarioPath('middlebox-reset.pcapng')]);
  expect(await waitForOutcome(page)).toBe('done');
});
