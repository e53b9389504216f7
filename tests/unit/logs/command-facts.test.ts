// Facts a review of the catalog's commands found wrong (pktmon options, the runtime's two proxy
// files), checked where users see them:
// in every resolved catalog command and in the analyzer's answer to real-looking texts.
import { describe, expect, it } from 'vitest';
import { GUIDE_STEPS } from '../../../src/lib/guide/steps';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { CATALOG } from '../../../src/lib/logs/catalog';
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
