import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { findMisspelledHost, oneEditApart } from '../../../src/lib/logs/misspelled-hosts';

describe('one edit apart', () => {
  it('counts a missing, extra, changed or swapped letter as one edit, and nothing more', () => {
    expect(oneEditApart('cloudatahub.net', 'clouddatahub.net')).toBe(true);
    expect(oneEditApart('clouddattahub.net', 'clouddatahub.net')).toBe(true);
    expect(oneEditApart('cloudsatahub.net', 'clouddatahub.net')).toBe(true);
    expect(oneEditApart('cluodatahub.net', 'clouddatahub.net')).toBe(false);
    expect(oneEditApart('servicebus.widnows.net', 'servicebus.windows.net')).toBe(true);
    expect(oneEditApart('clouddatahub.net', 'clouddatahub.net')).toBe(false);
    expect(oneEditApart('datafactory.azure.cn', 'datafactory.azure.net')).toBe(false);
  });
});

describe('misspelled runtime hosts', () => {
  it('names the likely spelling, keeping the region part', () => {
    expect(findMisspelledHost('wu2.frontend.cloudatahub.net')).toEqual({ host: 'wu2.frontend.cloudatahub.net', didYouMean: 'wu2.frontend.clouddatahub.net' });
    expect(findMisspelledHost('uks.frontnd.clouddatahub.net')?.didYouMean).toBe('uks.frontend.clouddatahub.net');
    expect(findMisspelledHost('contoso-relay.servicebus.windws.net')?.didYouMean).toBe('contoso-relay.servicebus.windows.net');
    expect(findMisspelledHost('login.microsoftonlin.com')?.didYouMean).toBe('login.microsoftonline.com');
  });

  it('leaves correct names and unrelated names alone', () => {
    for (const host of ['wu2.frontend.clouddatahub.net', 'contoso.servicebus.windows.net', 'sql01.database.windows.net', 'proxy.contoso.com', 'download.microsoft.com', 'clouddatahub.net']) {
      expect(findMisspelledHost(host)).toBeNull();
    }
  });

  it('reports the misspelling from pasted text', () => {
    const report = analyzeLog('Unable to connect to the remote server https://wu2.frontend.cloudatahub.net/ No such host is known');
    expect(report.misspelledHosts).toEqual([{ host: 'wu2.frontend.cloudatahub.net', didYouMean: 'wu2.frontend.clouddatahub.net' }]);
    expect(analyzeLog('Unable to connect to the remote server https://wu2.frontend.clouddatahub.net/').misspelledHosts).toEqual([]);
  });
});
