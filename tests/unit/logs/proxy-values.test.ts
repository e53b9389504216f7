// A text that names a proxy names two places: where the request went (the service) and what it went
// through (the proxy). Checks of the destination must not test the proxy in its place, and the proxy
// itself deserves its own check, since with a proxy set every connection the node opens goes there.
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { noteReader } from '../../../src/lib/logs/commands';

const powershellLines = (text: string) =>
  analyzeLog(text)
    .commands.filter((command) => command.shell === 'powershell')
    .map((command) => command.text);

describe('a proxy named in the text', () => {
  it('is read after "through proxy" when written with its scheme', () => {
    const report = analyzeLog('Failed to connect to https://wu2.frontend.clouddatahub.net/ through proxy http://proxy.contoso.com:8080');
    expect(report.proxies).toEqual(['http://proxy.contoso.com:8080']);
  });

  it('is not read from prose that merely mentions a proxy', () => {
    expect(analyzeLog('The proxy server returned an error for wu2.frontend.clouddatahub.net').proxies).toEqual([]);
  });

  it('is not tested as the service on port 443', () => {
    const lines = powershellLines("Self-hosted integration runtime can't connect to cloud service. Unable to connect to the remote server. Proxy: http://proxy.contoso.com:3128");
    expect(lines.filter((line) => line.includes('proxy.contoso.com') && line.includes('443'))).toEqual([]);
    expect(lines).toContain('Test-NetConnection -ComputerName <region>.frontend.clouddatahub.net -Port 443');
  });

  it('gets a TCP check of its own, on its own port', () => {
    const lines = powershellLines("Self-hosted integration runtime can't connect to cloud service. Unable to connect to the remote server. Proxy: http://proxy.contoso.com:3128");
    expect(lines).toContain("Test-NetConnection -ComputerName 'proxy.contoso.com' -Port 3128");
  });

  it('is where the timeout entry\'s reachability checks go when the text names no other endpoint', () => {
    const report = analyzeLog("Self-hosted integration runtime can't connect to cloud service. Unable to connect to the remote server. Proxy: http://proxy.contoso.com:3128");
    const timeoutChecks = report.commands.filter((command) => command.issueId === 'connection-timed-out' && command.shell === 'powershell');
    expect(timeoutChecks.map((command) => command.text)).toEqual(["Test-NetConnection -ComputerName 'proxy.contoso.com' -Port 3128", "Test-NetConnection -ComputerName 'proxy.contoso.com' -TraceRoute"]);
    expect(timeoutChecks.every((command) => command.purpose.includes('the host is the proxy'))).toBe(true);
    // No check is left with a gap for a host the text never named, and the proxy is tested once.
    expect(report.commands.filter((command) => command.missing?.includes('host'))).toEqual([]);
    expect(powershellLines("Self-hosted integration runtime can't connect to cloud service. Unable to connect to the remote server. Proxy: http://proxy.contoso.com:3128").filter((line) => line.includes("'proxy.contoso.com' -Port 3128"))).toHaveLength(1);
  });

  it('stays the way, not the target, when the text names the destination too', () => {
    const lines = powershellLines('Unable to connect to the remote server 10.1.2.3:1433. Proxy: http://proxy.contoso.com:3128');
    expect(lines).toContain("Test-NetConnection -ComputerName '10.1.2.3' -Port 1433");
    expect(lines).not.toContain("Test-NetConnection -ComputerName 'proxy.contoso.com' -TraceRoute");
  });

  it('takes HTTP\'s port 80 when written without one', () => {
    expect(powershellLines('Unable to connect to the remote server. Proxy: http://10.20.30.40')).toContain("Test-NetConnection -ComputerName '10.20.30.40' -Port 80");
  });

  it('is the proxy the 407 check goes through, while the service stays the destination', () => {
    const lines = powershellLines('The remote server returned an error: (407) Proxy Authentication Required. Failed to connect to https://wu2.frontend.clouddatahub.net/ through proxy http://proxy.contoso.com:8080');
    expect(lines).toContain(
      "Invoke-WebRequest -Uri 'https://wu2.frontend.clouddatahub.net/' -Proxy 'http://proxy.contoso.com:8080' -ProxyUseDefaultCredentials -UseBasicParsing -TimeoutSec 30 | Select-Object StatusCode, StatusDescription",
    );
    expect(lines).toContain("Test-NetConnection -ComputerName 'wu2.frontend.clouddatahub.net' -Port 443");
  });
});

describe('notes down a list of commands', () => {
  it('are given in full once, then as a reminder', () => {
    const notesOf = noteReader();
    const command = { missing: ['region'] };
    const [first] = notesOf(command);
    const [second] = notesOf(command);
    expect(first).toMatch(/^Replace <region> with your factory's region code/);
    expect(second).toBe('Replace <region> as above.');
  });
});
