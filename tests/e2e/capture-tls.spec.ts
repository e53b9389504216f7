/**
 * A refused TLS handshake in real Chromium, on the tls-alert fixture (openssl between network
 * namespaces, truth from tshark): the conversation a tls-alert finding points at tells the name the
 * client asked for, the certificate the server sent and the alert that ended it, as tshark read them.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { analyzePaths, open, scenarioPath, scenarioTruth, widget } from './capture-support';
import { readFileSync } from 'node:fs';

const FILE = 'tls-alert.pcapng';

interface TlsTruth {
  alerts: Array<{ frame: number; src: string; dst: string; level: number; description: number; descriptionName: string; serverName: string }>;
  certificates: Array<{ frame: number; src: string; subject: string; issuer: string }>;
}

const truth = (JSON.parse(readFileSync(`${scenarioPath(FILE)}.expected.json`, 'utf8')) as { tls: TlsTruth }).tls;

test('a rejected certificate: the finding shows the name asked for, the certificate received and the alert', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page);
  expect(await analyzePaths(page, [scenarioPath(FILE)])).toBe('done');

  const certificate = truth.certificates[0];
  // The alert the client sent on the connection that carried this certificate.
  const alert = truth.alerts.find((candidate) => candidate.dst === certificate.src);
  if (!alert) throw new Error('fixture truth: no alert on the certificate connection');

  const verdict = widget(page).locator('.capture-verdict[data-kind="tls-alert"]', { hasText: alert.serverName });
  await verdict.getByRole('button', { name: 'Show the conversation' }).click();
  const selected = widget(page).locator('.capture-selected');
  await expect(selected.getByRole('heading', { level: 3 })).toContainText(`${alert.src} → ${alert.dst}`);
  await expect(selected).toContainText(`The client's TLS handshake named ${alert.serverName}.`);
  await expect(selected.getByTestId('capture-selected-certificate')).toHaveText(
    `The server's certificate (frame ${certificate.frame}) is for "${certificate.subject}", issued by "${certificate.issuer}".`,
  );
  // tshark's level 2 is fatal; its description names the same alert in title case.
  const said = selected.getByTestId('capture-selected-alert');
  await expect(said).toHaveCount(1);
  await expect(said).toHaveText(new RegExp(`^The client sent a fatal TLS alert, "${alert.descriptionName}" \\(number ${alert.description}, frame ${alert.frame}\\)\\.$`, 'i'));

  // The ladder marks the two frames the finding cites, in the drawing and in its table.
  const ladder = selected.getByTestId('capture-ladder');
  await expect(ladder.locator('g[data-tls="certificate"] .capture-ladder__label')).toContainText('certificate');
  await expect(ladder.locator('g[data-tls^="TLS alert"] .capture-ladder__label')).toContainText(new RegExp(`TLS alert: ${alert.descriptionName}`, 'i'));
  await expect(ladder.locator(`tr[data-frame="${certificate.frame}"]`)).toContainText('(certificate)');
  await expect(ladder.locator(`tr[data-frame="${alert.frame}"]`)).toContainText(new RegExp(`\\(TLS alert: ${alert.descriptionName}\\)`, 'i'));

  const results = await new AxeBuilder({ page }).include('.capture-selected').analyze();
  expect(results.violations.map((violation) => violation.id)).toEqual([]);
});

test("a server's refusal names the server as the alert's sender and shows no certificate it never sent", async ({ page }) => {
  await open(page);
  expect(await analyzePaths(page, [scenarioPath(FILE)])).toBe('done');
  const byServer = truth.alerts.find((candidate) => !truth.certificates.some((certificate) => certificate.src === candidate.src) && candidate.src.endsWith(':8443'));
  if (!byServer) throw new Error('fixture truth: no alert from the 8443 server');

  await widget(page).locator('.capture-verdict[data-kind="tls-alert"]', { hasText: byServer.serverName }).getByRole('button', { name: 'Show the conversation' }).click();
  const selected = widget(page).locator('.capture-selected');
  await expect(selected.getByTestId('capture-selected-alert')).toHaveText(new RegExp(`^The server sent a fatal TLS alert, "${byServer.descriptionName}" \\(number ${byServer.description}, frame ${byServer.frame}\\)\\.$`, 'i'));
  await expect(selected.getByTestId('capture-selected-certificate')).toHaveCount(0);
});

test('on a phone the alert is named on its arrow in place of the flags, inside the lanes', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await open(page);
  expect(await analyzePaths(page, [scenarioPath(FILE)])).toBe('done');
  const certificate = truth.certificates[0];
  const alert = truth.alerts.find((candidate) => candidate.dst === certificate.src);
  if (!alert) throw new Error('fixture truth: no alert on the certificate connection');
  await widget(page).locator('.capture-verdict[data-kind="tls-alert"]', { hasText: alert.serverName }).getByRole('button', { name: 'Show the conversation' }).click();
  const ladder = widget(page).locator('.capture-selected').getByTestId('capture-ladder');
  const label = ladder.locator('g[data-tls^="TLS alert"] .capture-ladder__label').first();
  await expect(label).toHaveText(new RegExp(`^TLS alert: ${alert.descriptionName}$`, 'i'));
  const fits = await label.evaluate((text) => {
    const svg = text.closest('svg') as SVGSVGElement;
    const box = text.getBoundingClientRect();
    const frame = svg.getBoundingClientRect();
    return box.left >= frame.left && box.right <= frame.right;
  });
  expect(fits).toBe(true);
});

test('the State column names the fatal alert that refused a connection; TCP alone calls it closed', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page);
  expect(await analyzePaths(page, [scenarioPath(FILE)])).toBe('done');
  const table = widget(page).getByTestId('capture-conversations');
  // tshark's alert level 2 is fatal; an alert names the connection by either of its ends.
  const refused = new Set(truth.alerts.filter((alert) => alert.level === 2).flatMap((alert) => [alert.src, alert.dst]));
  const conversations = scenarioTruth(FILE).tcp.conversations;
  expect(conversations.some((conversation) => !refused.has(conversation.client))).toBe(true);
  for (const conversation of conversations) {
    const row = table.locator('tbody tr').filter({ has: page.locator(`td[title="${conversation.client}"]`) });
    await expect(row.getByTestId('capture-state')).toHaveText(refused.has(conversation.client) ? `${conversation.state} (TLS alert)` : conversation.state);
  }
});

test('the filter the guide\'s TLS step names keeps the connections tshark saw an alert in; a packet-only field says why it cannot work', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page);
  expect(await analyzePaths(page, [scenarioPath(FILE)])).toBe('done');
  const table = widget(page).getByTestId('capture-conversations');
  const filter = widget(page).getByTestId('capture-filter');
  const conversations = scenarioTruth(FILE).tcp.conversations;
  const withAlert = conversations.filter((conversation) => truth.alerts.some((alert) => [alert.src, alert.dst].includes(conversation.client)));
  await filter.fill('tls.alert_message');
  await expect(widget(page).getByText(`${withAlert.length} of ${conversations.length} conversations match.`)).toBeVisible();
  for (const conversation of withAlert) await expect(table.locator(`td[title="${conversation.client}"]`)).toBeVisible();
  await filter.fill('tls.handshake.type == 1');
  await expect(widget(page).getByTestId('capture-filter-error')).toContainText('This analyzer filters whole TCP conversations, not single packets');
});
