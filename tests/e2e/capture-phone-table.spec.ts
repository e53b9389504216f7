/**
 * The conversation table on a phone (375 px), in real Chromium: client and server share a cell,
 * and what tells two rows apart is never what gets cut. The pcap is built packet by packet
 * (capture-synthetic.ts): one client port to servers whose addresses differ only at their end.
 */
import { expect, test } from '@playwright/test';
import { fileInput, open, waitForOutcome, widget } from './capture-support';
import { sameClientPortPcap } from './capture-synthetic';

/** 192.168.100.163 and 192.168.100.168: long IPv4 addresses, alike up to their last digit. */
const SERVERS = [0xc0a864a3, 0xc0a864a8];
const SERVER_TEXTS = ['192.168.100.163:443', '192.168.100.168:443'];

for (const width of [375, 320]) test(`at ${width} px the end of each address and its port stay in view, so rows for different servers read differently`, async ({ page }) => {
  await page.setViewportSize({ width, height: 800 });
  await open(page);
  await fileInput(page).setInputFiles({ name: 'same-port.pcap', mimeType: 'application/octet-stream', buffer: sameClientPortPcap(SERVERS) });
  expect(await waitForOutcome(page)).toBe('done');
  const table = widget(page).getByTestId('capture-conversations');
  await expect(table.locator('th')).toHaveCount(3);
  for (const [index, server] of SERVER_TEXTS.entries()) {
    const cell = table.locator('td.capture-table__pair:not(.capture-table__state)', { hasText: server });
    await expect(cell).toHaveCount(1);
    const endpoints = cell.locator('.capture-table__endpoint');
    await expect(endpoints.nth(1)).toHaveText(`→\u00a0${server}`);
    // The address's end (its <bdi>'s right edge) and the port lie inside the visible cell.
    const geometry = await cell.evaluate((element) => {
      const cellBox = element.getBoundingClientRect();
      return [...element.querySelectorAll('.capture-table__endpoint')].map((endpoint) => ({
        shownStart: endpoint.querySelector('.capture-table__endpoint-address')!.getBoundingClientRect().left,
        addressStart: endpoint.querySelector('bdi')!.getBoundingClientRect().left,
        shown: endpoint.querySelector('.capture-table__endpoint-address')!.getBoundingClientRect().right,
        addressEnd: endpoint.querySelector('bdi')!.getBoundingClientRect().right,
        portEnd: endpoint.querySelector('.capture-table__endpoint-port')!.getBoundingClientRect().right,
        cellEnd: cellBox.right,
      }));
    });
    for (const endpoint of geometry) {
      expect(endpoint.addressEnd, `row ${index}: the address's end is drawn`).toBeLessThanOrEqual(endpoint.shown + 0.5);
      expect(endpoint.portEnd, `row ${index}: the port is drawn`).toBeLessThanOrEqual(endpoint.cellEnd);
    }
    // At 320 px the server's address does not fit whole: it is cut, and from its start.
    if (width === 320) expect(geometry[1].addressStart, `row ${index}: the address is cut at its start`).toBeLessThan(geometry[1].shownStart - 1);
  }
});
