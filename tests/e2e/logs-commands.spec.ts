import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { waitForIslands } from './support';

const TRIAGE = '/start/triage/';

/** Texts from public reports, as a reader would paste them (the same ones the engine's unit tests read). */
const INVALID_KEY =
  'Failed to get service token from ADF service with key *** and time cost is: 1.3600719 seconds, the error code is: InvalidGatewayKey, activityId is: *** and detailed error message is Processed HTTP request failed.';
const REMOTE_ACCESS =
  "Registration of new node is forbidden when Remote Access is disabled on another node. To enable it, you can login the machine where the other node is installed and run 'dmgcmd.exe -EnableRemoteAccess \"<port>\" [\"<thumbprint>\"]'.";

async function analyzeOnTriage(page: Page, text: string) {
  await page.goto(TRIAGE);
  await waitForIslands(page);
  await page.getByLabel('Paste an error message or a log').fill(text);
  await page.getByRole('button', { name: 'Analyze' }).click();
  await expect(page.locator('.log-results')).toBeVisible();
}

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).include('.log-analyzer').analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
}

test.describe('log analyzer commands and notes', () => {
  test('an invalid key gets no region it never named, and the network checks are headed by their own issue', async ({ page }) => {
    await analyzeOnTriage(page, INVALID_KEY);
    const results = page.locator('.log-results');
    await expect(page.locator('.log-card-best')).toHaveAttribute('data-issue', 'authentication-key-invalid');
    // "Most likely" is said once, by the best card.
    await expect(results.getByText(/most likely/i)).toHaveCount(1);
    await expect(results.locator('.log-summary')).toHaveText('2 known issues match this text, the best fit first.');

    const panel = page.getByRole('tabpanel', { name: 'PowerShell' });
    const groups = panel.locator('.log-command-group');
    await expect(groups).toHaveCount(1);
    await expect(groups.getByRole('heading')).toHaveText('Checks for: Runtime cannot connect to the cloud service (also possible)');
    const serviceChecks = panel.locator('.log-command').filter({ hasText: 'clouddatahub.net' });
    expect(await serviceChecks.count()).toBeGreaterThan(1);
    const notes: string[] = [];
    for (const check of await serviceChecks.all()) {
      await expect(check.locator('code')).toContainText('<region>.frontend.clouddatahub.net');
      notes.push((await check.locator('.log-command-missing').textContent()) ?? '');
    }
    // Said in full once, then as a reminder.
    expect(notes[0]).toMatch(/^Replace <region> with your factory's region code, .*View Service URLs; .*datafactory\.azure\.net .*whole address\.$/);
    expect(notes.slice(1)).toEqual(notes.slice(1).map(() => 'Replace <region> as above.'));
    await expect(results.locator('code', { hasText: 'wu2.' })).toHaveCount(0);
    await expectNoAxeViolations(page);
  });

  test('a text with no values says so under "Values found" and still shows where the error matched', async ({ page }) => {
    await analyzeOnTriage(page, REMOTE_ACCESS);
    const section = page.locator('.log-subsection').filter({ has: page.getByRole('heading', { name: 'Values found' }) });
    await expect(section.getByText('No host names, addresses, ports or error codes in this text')).toBeVisible();
    await expect(section.locator('.log-values')).toHaveCount(0);
    await expect(section.getByRole('region', { name: 'Your text (matched error text underlined)' })).toBeVisible();
    await expect(section.locator('.log-evidence-text').first()).toBeVisible();
    // A port the text does not give is taken as the usual one, and the command says so.
    const assumed = page.getByRole('tabpanel', { name: 'PowerShell' }).locator('.log-command').filter({ hasText: '-EnableRemoteAccess 8060' });
    await expect(assumed.locator('.log-command-missing')).toHaveText('Your text names no port: port 8060 is the usual one; change it if yours differs.');
    await expectNoAxeViolations(page);
  });

  test('a misspelled service domain gets a "did you mean"', async ({ page }) => {
    await analyzeOnTriage(page, 'Unable to connect to the remote server https://wu2.frontend.cloudatahub.net/ No such host is known');
    const note = page.locator('.log-misspelled');
    await expect(note).toHaveCount(1);
    await expect(note).toContainText('The host wu2.frontend.cloudatahub.net looks misspelled: did you mean wu2.frontend.clouddatahub.net?');
    await expectNoAxeViolations(page);
  });

  test('a screen reader meets "Load a .txt or .log file" once, as the file button', async ({ page }) => {
    await page.goto('/start/triage/');
    await waitForIslands(page);
    const actions = page.locator('.log-actions').first();
    const tree = await actions.ariaSnapshot();
    expect(tree.match(/Load a \.txt or \.log file/g)).toHaveLength(1);
    expect(tree).toContain('button "Load a .txt or .log file"');
  });

  test('printed, the results keep their commands whole and leave the buttons out', async ({ page }) => {
    await analyzeOnTriage(page, REMOTE_ACCESS);
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 700, height: 1000 });
    const analyzer = page.locator('.log-analyzer').first();
    await expect(analyzer.locator('.log-results')).toBeVisible();
    for (const name of ['Analyze', 'Copy a link with this error']) await expect(analyzer.getByRole('button', { name, exact: true })).toBeHidden();
    const commands = analyzer.locator('.log-command-text');
    expect(await commands.count()).toBeGreaterThan(0);
    await expect(analyzer.locator('.log-command-line').getByRole('button').first()).toBeHidden();
    expect(await commands.evaluateAll((blocks) => blocks.filter((block) => block.scrollWidth > block.clientWidth + 1).length)).toBe(0);
  });
});
