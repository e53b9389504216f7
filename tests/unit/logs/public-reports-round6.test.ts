/**
 * Sixth round of checking the analyzer against real error texts (earlier rounds: public-reports.test.ts,
 * public-reports-connectors.test.ts, public-reports-round4.test.ts, public-reports-round5.test.ts).
 * This round leans on connectivity: registration and the cloud service, proxies, certificate trust and
 * revocation, name resolution in .NET and Java, socket errors, node-to-node traffic, SQL over the
 * network and storage endpoints. Each text is kept as its source prints it ("..." and masks are the
 * source's own), with its address above it; expected values were read off the text by hand.
 */
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';

const ids = (text: string) => analyzeLog(text).matches.map((match) => match.id);
const commandsOf = (text: string, shell: 'powershell' | 'cmd' | 'sh') => analyzeLog(text).commands.filter((command) => command.shell === shell);
const lines = (text: string, shell: 'powershell' | 'cmd' | 'sh') => commandsOf(text, shell).map((command) => command.text);

describe('a storage URL in a check of the service URL (round 5 leftover)', () => {
  // Shape of round 5's #21 with the URL .NET prints: the HTTP timeout entry's checks are written for the
  // service URL and take any URL the text gives, so the request goes to storage and must say so.
  const storageTimeout = 'System.Net.WebException: The operation has timed out. at Microsoft.WindowsAzure.Storage.Core.Executor.Executor.ExecuteSync Request https://contosodata.blob.core.windows.net/raw/sales.csv?sv=2020-08-04&sig=abc';

  it('requests the storage account root and words the check for storage', () => {
    const [direct] = commandsOf(storageTimeout, 'sh');
    expect(direct.text).toBe("curl -sSI --noproxy '*' 'https://contosodata.blob.core.windows.net/'");
    expect(direct.purpose).toMatch(/^Request the storage endpoint your text names/);
    for (const command of analyzeLog(storageTimeout).commands) expect(command.purpose).not.toContain('service URL');
  });

  it('keeps the service wording when the URL is the service', () => {
    const [direct] = commandsOf('The operation has timed out. https://wu.frontend.clouddatahub.net/', 'sh');
    expect(direct.text).toBe("curl -sSI --noproxy '*' 'https://wu.frontend.clouddatahub.net/'");
    expect(direct.purpose).toMatch(/service URL/);
  });
});
