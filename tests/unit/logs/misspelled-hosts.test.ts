import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { commandNotes } from '../../../src/lib/logs/commands';
import { findMisspelledHost, oneEditApart, respellValues } from '../../../src/lib/logs/misspelled-hosts';

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

describe('checks for a misspelled host', () => {
  it('respells the host inside a host, a URL and a proxy value, and reports nothing to respell otherwise', () => {
    const misspelled = [{ host: 'wu2.frontend.cloudatahub.net', didYouMean: 'wu2.frontend.clouddatahub.net' }];
    expect(respellValues({ host: 'WU2.frontend.cloudatahub.net', url: 'https://wu2.frontend.cloudatahub.net/x', port: '443' }, misspelled)).toEqual({
      values: { host: 'wu2.frontend.clouddatahub.net', url: 'https://wu2.frontend.clouddatahub.net/x', port: '443' },
      respelled: misspelled[0],
    });
    expect(respellValues({ proxy: 'http://wu2.frontend.cloudatahub.net:8080' }, misspelled)?.values.proxy).toBe('http://wu2.frontend.clouddatahub.net:8080');
    expect(respellValues({ host: 'proxy.contoso.com' }, misspelled)).toBeNull();
  });

  it('without a matching issue, looks the typed name up once and runs the generic checks on the likely spelling, saying so', () => {
    const report = analyzeLog('Got no answer from https://wu2.frontend.cloudatahub.net/ in time');
    const powershell = report.commands.filter((command) => command.shell === 'powershell');
    expect(powershell.filter((command) => command.text.includes('cloudatahub')).map((command) => command.text)).toEqual(["Resolve-DnsName -Name 'wu2.frontend.cloudatahub.net'"]);
    const request = powershell.find((command) => command.text.startsWith('Invoke-WebRequest'));
    expect(request?.text).toContain("-Uri 'https://wu2.frontend.clouddatahub.net/'");
    expect(commandNotes(request!)[0].text).toBe('Tests wu2.frontend.clouddatahub.net, the likely spelling of wu2.frontend.cloudatahub.net in your text.');
    // Checks that name no host are not marked.
    expect(powershell.find((command) => command.text.startsWith('Get-Service'))?.respelled).toBeUndefined();
  });
});
