// Facts a review of the catalog's commands found wrong (pktmon options, the runtime's two proxy
// files, the factory's own service host, what Azure Relay carries), checked where users see them:
// in every resolved catalog command and in the analyzer's answer to real-looking texts.
import { describe, expect, it } from 'vitest';
import { GUIDE_STEPS } from '../../../src/lib/guide/steps';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { CATALOG } from '../../../src/lib/logs/catalog';
import { findMisspelledHost } from '../../../src/lib/logs/misspelled-hosts';
import { SHARED_COMMANDS } from '../../../src/lib/logs/shared-commands';
import { SHELLS } from '../../../src/lib/logs/types';

const everyCommand = [
  ...CATALOG.flatMap((entry) => entry.commands.map((command) => ({ where: entry.id, command }))),
  ...Object.entries(SHARED_COMMANDS).map(([name, command]) => ({ where: `shared ${name}`, command })),
];
const linesOf = (command: (typeof everyCommand)[number]['command']) => SHELLS.flatMap((shell) => (command[shell] ? [command[shell]] : []));
const entry = (id: string) => CATALOG.find((candidate) => candidate.id === id);

describe('pktmon capture', () => {
  const captures = everyCommand.filter(({ command }) => linesOf(command).some((line) => line.startsWith('pktmon start')));

  it('records each packet once, at the adapters, wherever the catalog offers it', () => {
    expect(captures.map(({ where }) => where)).toEqual(expect.arrayContaining(['connection-forcibly-closed', 'odbc-source-connection-failed']));
    for (const { where, command } of captures) for (const line of linesOf(command)) expect(line, where).toContain('--capture --comp nics --pkt-size 0');
  });

  it('says how to stop and convert, and what to use on Windows older than 10 2004 / Server 2022', () => {
    for (const { where, command } of captures) {
      expect(command.purpose, where).toContain('pktmon stop');
      expect(command.purpose, where).toContain('pktmon etl2pcap C:\\Temp\\reset.etl --out C:\\Temp\\reset.pcapng');
      expect(command.purpose, where).toMatch(/Windows 10 2004 or Server 2022 and later.*Server 2019 or older use netsh trace/);
    }
    for (const id of ['connection-forcibly-closed', 'odbc-source-connection-failed']) {
      expect(entry(id)?.steps, id).toEqual(expect.arrayContaining([GUIDE_STEPS.collectPktmon, GUIDE_STEPS.collectNetshTrace]));
    }
  });

  it('is what the analyzer offers for a reset', () => {
    const report = analyzeLog('System.IO.IOException: Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host. ---> System.Net.Sockets.SocketException (10054)');
    expect(report.commands.filter((command) => command.text.startsWith('pktmon')).map((command) => command.text)).toEqual([
      'pktmon start --capture --comp nics --pkt-size 0 --file-name C:\\Temp\\reset.etl',
      'pktmon start --capture --comp nics --pkt-size 0 --file-name C:\\Temp\\reset.etl',
    ]);
  });
});

describe("the runtime's proxy settings", () => {
  it('are read from both diahost.exe.config and diawp.exe.config by every command that reads one', () => {
    const readers = everyCommand.filter(({ command }) => linesOf(command).some((line) => line.includes('diahost.exe.config')));
    expect(readers.length).toBeGreaterThanOrEqual(5);
    for (const { where, command } of readers) for (const line of linesOf(command)) expect(line, where).toContain('diawp.exe.config');
  });

  it("warn that a test with the signed-in user's credentials is not the service account's", () => {
    const signedIn = everyCommand.filter(({ command }) => linesOf(command).some((line) => /-ProxyUseDefaultCredentials|--proxy-ntlm/.test(line)));
    expect(signedIn.length).toBeGreaterThanOrEqual(6);
    for (const { where, command } of signedIn) expect(command.purpose, where).toMatch(/as you, the user running it, not as the runtime's service account \(NT SERVICE\\DIAHostService/);
  });

  it('reach the analyzer: a proxy 407 gets the check of both files through the configured proxy', () => {
    const report = analyzeLog('The remote server returned an error: (407) Proxy Authentication Required. https://contoso-adf.eastus.datafactory.azure.net/');
    expect(report.matches[0]?.id).toBe('proxy-authentication-required');
    const check = report.commands.find((command) => command.issueId === 'proxy-authentication-required' && command.text.includes('diawp.exe.config'));
    expect(check?.text).toContain("-Uri 'https://contoso-adf.eastus.datafactory.azure.net/' -Proxy $proxy -ProxyUseDefaultCredentials");
    expect(check?.missing).toBeUndefined();
  });
});

describe("the factory's own service host", () => {
  it('is recognised as the cloud service and tested as written, with no <region> gap', () => {
    const report = analyzeLog('Processed HTTP request failed. Unable to connect to the remote server https://contoso-adf.eastus.datafactory.azure.net/');
    expect(report.matches[0]?.id).toBe('cloud-service-unreachable');
    const service = report.commands.filter((command) => command.issueId === 'cloud-service-unreachable' && /Invoke-WebRequest|curl|Test-NetConnection/.test(command.text));
    expect(service.length).toBeGreaterThanOrEqual(4);
    for (const command of service) {
      expect(command.text).toContain('contoso-adf.eastus.datafactory.azure.net');
      expect(command.missing).toBeUndefined();
    }
  });

  it('is recognised in Azure Government and Azure China too', () => {
    for (const text of [
      'The integration runtime node failed to connect to cloud service due to network connectivity issue. failed to connect to contoso-gov-df.usgovvirginia.datafactory.azure.us',
      'Processed HTTP request failed. Unable to connect to the remote server https://contoso-cn-df.chinanorth3.datafactory.azure.cn/',
    ]) {
      expect(analyzeLog(text).matches[0]?.id, text).toBe('cloud-service-unreachable');
    }
  });

  it('counts as a runtime domain: a typo in it is named, the right spelling left alone', () => {
    expect(findMisspelledHost('contoso-adf.eastus.datafactroy.azure.net')?.didYouMean).toBe('contoso-adf.eastus.datafactory.azure.net');
    expect(findMisspelledHost('contoso-gov-df.usgovvirginia.datafactory.azure.uss')?.didYouMean).toBe('contoso-gov-df.usgovvirginia.datafactory.azure.us');
    for (const host of ['contoso-adf.eastus.datafactory.azure.net', 'contoso-gov-df.usgovvirginia.datafactory.azure.us', 'contoso-cn-df.chinanorth3.datafactory.azure.cn']) {
      expect(findMisspelledHost(host), host).toBeNull();
    }
  });

  it('is named beside the older front end where the catalog explains the service host', () => {
    const cloud = entry('cloud-service-unreachable');
    for (const text of [cloud?.cause, cloud?.symptoms.join('\n')]) {
      expect(text).toContain('<factory>.<region>.datafactory.azure.net');
      expect(text).toContain('<region>.frontend.clouddatahub.net');
    }
    expect(cloud?.cause).toMatch(/\.datafactory\.azure\.us in Azure Government, \.datafactory\.azure\.cn in Azure China/);
  });
});

describe('Azure Relay', () => {
  it('is described as the path of interactive authoring only, on 443, in each cloud', () => {
    const cause = entry('service-bus-relay-unreachable')?.cause ?? '';
    expect(cause).toMatch(/\*\.servicebus\.windows\.net name on TCP 443/);
    expect(cause).toContain('*.servicebus.usgovcloudapi.net in Azure Government');
    expect(cause).toContain('*.servicebus.chinacloudapi.cn in Azure China');
    expect(cause).toMatch(/test connection, data preview and browsing/);
    expect(cause).toMatch(/self-contained interactive authoring/);
    expect(cause).not.toMatch(/9350|credential sync|log upload/);
  });

  it('is recognised by its sovereign-cloud names, and the check targets that relay host on 443', () => {
    const report = analyzeLog('Failed to connect to sb://adfrelay-usgv.servicebus.usgovcloudapi.net/0a1b2c3d/ A connection attempt failed because the connected party did not properly respond after a period of time');
    expect(report.matches[0]?.id).toBe('service-bus-relay-unreachable');
    expect(report.commands.find((command) => command.shell === 'powershell' && command.text.startsWith('Test-NetConnection'))?.text).toBe(
      "Test-NetConnection -ComputerName 'adfrelay-usgv.servicebus.usgovcloudapi.net' -Port 443",
    );
  });
});
