/**
 * Breaks in the ladder, in real Chromium, on one-connection pcaps built packet by packet
 * (capture-synthetic.ts) so the time between frames is known by construction: a 10.8 s silence
 * before the server's RST is marked in the drawing, in its description and in the table; a
 * 300 ms pause in a conversation paced at 0.5 ms is marked too; an even 250 ms pace is not; and a
 * ladder cut in the middle says how many packets it left out there instead of calling that jump
 * in time a silence.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { fileInput, open, waitForOutcome, widget } from './capture-support';
import { pacedConversationPcap } from './capture-synthetic';

async function analyze(page: Page, microseconds: number[]): Promise<Locator> {
  await open(page);
  await fileInput(page).setInputFiles({ name: 'paced.pcap', mimeType: 'application/octet-stream', buffer: pacedConversationPcap(microseconds) });
  expect(await waitForOutcome(page)).toBe('done');
  const ladder = widget(page).getByTestId('capture-ladder');
  await expect(ladder).toBeVisible();
  return ladder;
}

/** The table's rows in order: a break row's text (its no-break spaces as spaces), or a packet row's frame number. */
function tableRows(ladder: Locator): Promise<string[]> {
  return ladder.locator('table tbody tr').evaluateAll((rows) =>
    rows.map((row) => (row.classList.contains('capture-ladder__break-row') ? `break: ${row.textContent?.replace(/\s+/g, ' ')}` : (row.querySelector('td')?.textContent ?? ''))),
  );
}

/** The vertical middle of each arrow and break band, by frame, as drawn. */
function drawnMiddles(ladder: Locator): Promise<{ arrows: number[]; breaks: number[] }> {
  return ladder.locator('svg').evaluate((svg) => {
    const middle = (element: Element) => {
      const box = element.getBoundingClientRect();
      return box.top + box.height / 2;
    };
    return {
      arrows: [...svg.querySelectorAll('.capture-ladder__packet > line')].map(middle),
      breaks: [...svg.querySelectorAll('.capture-ladder__break > line')].map(middle),
    };
  });
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

for (const colorScheme of ['light', 'dark'] as const) {
  for (const width of [1280, 375]) {
    test(`a 10.8 s silence is marked in the drawing, its description and the table (${colorScheme}, ${width} px)`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: 900 });
      // SYN, SYN-ACK 0.4 ms, ACK 0.8 ms, the server's ACK at 13.168 ms, then its RST 10.845 s in.
      const ladder = await analyze(page, [0, 400, 800, 13_168, 10_845_000]);
      const band = ladder.locator('g[data-break]');
      await expect(band).toHaveCount(1);
      await expect(band).toHaveAttribute('data-break', 'silence');
      await expect(band).toHaveAttribute('data-before-frame', '5');
      // 10.845 s − 13.168 ms = 10.832 s.
      await expect(band.locator('text')).toHaveText('10.8 s later');
      const { arrows, breaks } = await drawnMiddles(ladder);
      expect(arrows).toHaveLength(5);
      expect(breaks[0]).toBeGreaterThan(arrows[3]);
      expect(breaks[0]).toBeLessThan(arrows[4]);
      await expect(ladder.getByText('A dashed break marks a silence')).toBeVisible();
      await expect(ladder.getByRole('img')).toHaveAccessibleDescription(/ 10\.8\ss later, before frame 5\. /);

      // The band's words stay inside the drawing and clear of the arrows' labels and the times.
      const overlaps = await ladder.locator('svg').evaluate((svg) => {
        const text = svg.querySelector('.capture-ladder__break text')!.getBoundingClientRect();
        const drawing = svg.getBoundingClientRect();
        const inside = text.left >= drawing.left && text.right <= drawing.right;
        const others = [...svg.querySelectorAll('.capture-ladder__label, .capture-ladder__time')].map((element) => element.getBoundingClientRect());
        const clash = others.some((box) => box.left < text.right && text.left < box.right && box.top < text.bottom && text.top < box.bottom);
        return { inside, clash, pageWidth: document.documentElement.scrollWidth, viewport: innerWidth };
      });
      expect(overlaps.inside).toBe(true);
      expect(overlaps.clash).toBe(false);
      expect(overlaps.pageWidth).toBeLessThanOrEqual(overlaps.viewport);

      await ladder.getByText('The same packets as a table').click();
      expect(await tableRows(ladder)).toEqual(['1', '2', '3', '4', 'break: 10.8 s later: nothing in this conversation in between', '5']);

      const results = await new AxeBuilder({ page }).include('[data-testid="capture-ladder"]').withTags(AXE_TAGS).analyze();
      expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }
}

test('a pause far longer than the conversation’s usual spacing is marked though under a second', async ({ page }) => {
  // Four packets 0.5 ms apart, 300 ms of nothing, then the RST 0.5 ms later.
  const ladder = await analyze(page, [0, 500, 1000, 1500, 301_500, 302_000]);
  const band = ladder.locator('g[data-break]');
  await expect(band).toHaveCount(1);
  await expect(band).toHaveAttribute('data-before-frame', '5');
  await expect(band.locator('text')).toHaveText('300 ms later');
});

test('an even pace under a second gets no break', async ({ page }) => {
  const ladder = await analyze(page, [0, 250_000, 500_000, 750_000, 1_000_000]);
  await expect(ladder.locator('[data-flags]')).toHaveCount(5);
  await expect(ladder.locator('[data-break]')).toHaveCount(0);
  await expect(ladder.getByText('A dashed break marks a silence')).toHaveCount(0);
  await ladder.getByText('The same packets as a table').click();
  expect(await tableRows(ladder)).toEqual(['1', '2', '3', '4', '5']);
});

test('a cut ladder marks where it left packets out, and does not call that jump a silence', async ({ page }) => {
  // 60 packets 200 ms apart: the ladder keeps 40 (frames 1-20 and 41-60), so 4.2 s pass between
  // frames 20 and 41 with packets all along.
  const ladder = await analyze(page, Array.from({ length: 60 }, (_, index) => index * 200_000));
  const band = ladder.locator('g[data-break]');
  await expect(band).toHaveCount(1);
  await expect(band).toHaveAttribute('data-break', 'omitted');
  await expect(band).toHaveAttribute('data-before-frame', '41');
  await expect(band.locator('text')).toHaveText('20 packets left out');
  await ladder.getByText('The same packets as a table').click();
  const rows = await tableRows(ladder);
  expect(rows.slice(19, 22)).toEqual(['20', 'break: 20 packets left out', '41']);
  expect(rows.filter((row) => row.startsWith('break'))).toHaveLength(1);
});
