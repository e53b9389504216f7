/**
 * Error texts that users of the self-hosted integration runtime posted in public threads, run
 * through the analyzer as a user would paste them. The expected issue, values and commands are read
 * off each text by hand; factory names and key material in the fixtures are anonymised.
 */
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { fixture } from './support';

function commandsOf(text: string, shell: 'powershell' | 'cmd' | 'sh'): string[] {
  return analyzeLog(text).commands.filter((command) => command.shell === shell).map((command) => command.text);
}

describe('cloud service reached through a host written without a scheme', () => {
  // github.com/MicrosoftDocs/azure-docs/issues/30720
  const registration = 'issue on registering - failed to connect to uks.frontend.clouddatahub.net';

  it('tests the region\'s own service URL, not the example region', () => {
    const report = analyzeLog(registration);
    expect(report.matches[0].id).toBe('cloud-service-unreachable');
    const powershell = commandsOf(registration, 'powershell');
    expect(powershell).toContain("Test-NetConnection -ComputerName 'uks.frontend.clouddatahub.net' -Port 443");
    expect(powershell.some((text) => text.startsWith("Invoke-WebRequest -Uri 'https://uks.frontend.clouddatahub.net/'"))).toBe(true);
    expect(powershell.join('\n')).not.toContain('wu2.frontend');
  });

  // github.com/Azure/azure-quickstart-templates/issues/8069
  it('takes the ServiceEndpoint of the key as the service to test when the token request fails', () => {
    const text = fixture('public-service-token-unexpected-fault.txt');
    const report = analyzeLog(text);
    expect(report.matches[0].id).toBe('cloud-service-unreachable');
    expect(report.entities.hosts).toEqual(['contoso-df.eastus2.datafactory.azure.net']);
    expect(report.errorCodes.map((code) => code.value)).toEqual(['UnexpectedFault']);
    expect(report.entities.exceptions).toEqual(['Microsoft.DataTransfer.DIAgentClient.HostServiceException']);
    expect(commandsOf(text, 'sh')).toContain("curl -sSI --noproxy '*' 'https://contoso-df.eastus2.datafactory.azure.net/'");
  });

  it('does not list the GUID inside the authentication key as an id', () => {
    const text = fixture('public-service-token-unexpected-fault.txt');
    const report = analyzeLog(text);
    expect(report.ids).toEqual([]);
    expect(report.highlights.filter((highlight) => highlight.kind === 'id')).toEqual([]);
  });
});

describe('service token refused for the key itself', () => {
  // github.com/Azure/Azure-Data-Factory-Integration-Runtime-in-Windows-Container/issues/29
  const invalidKey = 'Failed to get service token from ADF service with key *** and time cost is: 1.3600719 seconds, the error code is: InvalidGatewayKey, activityId is: *** and detailed error message is Processed HTTP request failed.';

  it('names the invalid key before the network, and reads the code the runtime wrote', () => {
    const report = analyzeLog(invalidKey);
    expect(report.matches.map((match) => match.id).slice(0, 2)).toEqual(['authentication-key-invalid', 'cloud-service-unreachable']);
    expect(report.errorCodes.map((code) => code.value)).toEqual(['InvalidGatewayKey']);
  });

  it('tests no region the text never named: the service host is a gap to fill, and the checks belong to the network issue', () => {
    const report = analyzeLog(invalidKey);
    const serviceChecks = report.commands.filter((command) => command.text.includes('clouddatahub.net'));
    expect(serviceChecks.length).toBeGreaterThan(0);
    for (const command of serviceChecks) {
      expect(command.text).toContain('<region>.frontend.clouddatahub.net');
      expect(command.missing).toEqual(['region']);
      expect(command.issueId).toBe('cloud-service-unreachable');
    }
    expect(report.commands.some((command) => /wu2\./.test(command.text))).toBe(false);
  });

  it('fills the region when the text names the service host', () => {
    const report = analyzeLog(`${invalidKey} Unable to connect to the remote server https://uks.frontend.clouddatahub.net/`);
    const serviceChecks = report.commands.filter((command) => command.text.includes('clouddatahub.net'));
    expect(serviceChecks.length).toBeGreaterThan(0);
    for (const command of serviceChecks) {
      expect(command.text).toContain('uks.frontend.clouddatahub.net');
      expect(command.missing).toBeUndefined();
    }
  });
});

describe('errors a copy activity reports from its driver', () => {
  // github.com/Azure/Azure-DataFactory/issues/330
  it('tells a dropped ODBC connection from a missing ODBC driver', () => {
    const report = analyzeLog(fixture('public-odbc-oracle-socket-closed.txt'));
    const ids = report.matches.map((match) => match.id);
    expect(ids[0]).toBe('odbc-source-connection-failed');
    expect(ids).not.toContain('odbc-driver-missing');
    expect(report.errorCodes.map((code) => code.value)).toEqual(['UserErrorFailedToConnectOdbcSource']);
    // The text names no database host, so the reachability check shows its gaps instead of guessing.
    const reachability = report.commands.find((command) => command.shell === 'powershell' && command.text.startsWith('Test-NetConnection'));
    expect(reachability).toMatchObject({ text: 'Test-NetConnection -ComputerName <host> -Port <port>', missing: ['host', 'port'] });
  });
});

describe('SQL Server errors', () => {
  // github.com/MicrosoftDocs/azure-docs/issues/7825
  const loginFailed = "Connection failed\nUserError: Cannot connect to SQL Server: '(localDB)\\MSSQLLocalDB', Database: 'DataFactoryTest', User: 'haydenhancock'.'Type=,Message=Login failed for user 'haydenhancock'.,Source=,SqlErrorNumber=18456,Class=14,State=1,', activityId: dfc1dba9-ae9b-46c5-b0ba-57df4dc488bb";

  it('does not suggest the server is unreachable when the login itself was refused', () => {
    const report = analyzeLog(loginFailed);
    expect(report.matches.map((match) => match.id)).toEqual(['sql-login-failed']);
    expect(report.sqlErrors.map((code) => code.value)).toEqual(['18456']);
    expect(report.commands.filter((command) => command.missing)).toEqual([]);
  });

  it('still names the unreachable server when the wrapper comes without a login failure', () => {
    const unreachable = loginFailed.slice(0, loginFailed.indexOf("'Type="));
    expect(analyzeLog(unreachable).matches.map((match) => match.id)).toEqual(['sql-network-related-error']);
  });
});

describe('FTP over TLS', () => {
  // github.com/MicrosoftDocs/azure-docs/issues/49591 (Test Connection of an FTP linked service)
  const untrusted = 'Failed to connect to FTP server. Please make sure the provided server informantion is correct, and try again. The remote certificate is invalid according to the validation procedure.';

  it('checks the certificate after AUTH TLS on the FTP port, not with a bare handshake on 443', () => {
    const report = analyzeLog(untrusted);
    expect(report.matches.map((match) => match.id)).toEqual(['ftps-certificate-not-trusted']);
    expect(commandsOf(untrusted, 'sh')).toEqual(['openssl s_client -connect <host>:21 -starttls ftp -servername <host> -showcerts </dev/null']);
    expect(commandsOf(untrusted, 'powershell').join('\n')).not.toContain('443');
  });

  it('takes the host and port from an FTP URL next to the error', () => {
    const withUrl = `Copy from ftp://ftp.contoso.com:2121/in/ failed: ${untrusted}`;
    expect(commandsOf(withUrl, 'sh')).toEqual(["openssl s_client -connect 'ftp.contoso.com':2121 -starttls ftp -servername 'ftp.contoso.com' -showcerts </dev/null"]);
  });
});

describe('setup scripts', () => {
  // github.com/Azure/azure-quickstart-templates/issues/7425 (line breaks as the portal wrapped them)
  it('reads a host service that does not answer on its named pipe across wrapped lines', () => {
    expect(analyzeLog(fixture('public-named-pipe-host-service.txt')).matches[0].id).toBe('registration-host-service-unreachable');
  });

  // github.com/Azure/data-landing-zone/issues/248
  it('does not take a script position ("install.ps1:85 char:3") for host:port', () => {
    const report = analyzeLog(fixture('public-install-script-dns.txt'));
    expect(report.matches[0].id).toBe('dns-remote-name-not-resolved');
    expect(report.entities.hosts).toEqual(['go.microsoft.com']);
    expect(report.entities.ports).toEqual([]);
  });

  it('still reads host:port after a word or a URL scheme', () => {
    const report = analyzeLog('proxy=proxy.contoso.local:8080 and net.tcp://node2.contoso.local:8060/ExternalService.svc');
    expect(report.entities.ports).toEqual([8080, 8060]);
  });
});

describe('registering a second node', () => {
  // github.com/Azure/Azure-Data-Factory-Integration-Runtime-in-Windows-Container/issues/11
  const refused = `Registration of new node is forbidden when Remote Access is disabled on another node. To enable it, you can login the machine where the other node is installed and run 'dmgcmd.exe -EnableRemoteAccess "<port>" ["<thumbprint>"]'.`;

  it('offers the command that switches remote access on, on the default node-to-node port', () => {
    const report = analyzeLog(refused);
    expect(report.matches[0].id).toBe('remote-access-disabled');
    expect(commandsOf(refused, 'powershell')).toContain("& 'C:\\Program Files\\Microsoft Integration Runtime\\5.0\\Shared\\dmgcmd.exe' -EnableRemoteAccess 8060");
  });
});

describe('runtime state and setup, third round', () => {
  // github.com/Azure/Azure-DataFactory/issues/478 (the activity error; names in brackets anonymised by the poster)
  it('reads an offline runtime from the activity error, and the placeholders are no ids', () => {
    const report = analyzeLog("Operation on target LookupTables failed: The Self-hosted Integration Runtime '[IR-Name]' is offline, last connect time is '11/21/2022 04:23:29.828 UTC', Self-hosted Integration Runtime id is '[Id]'.");
    expect(report.matches[0].id).toBe('runtime-offline');
    expect(report.ids).toEqual([]);
    expect(report.entities.ports).toEqual([]);
  });

  // github.com/MicrosoftDocs/azure-docs/issues/25489 (registration dialog, host as the poster typed it:
  // "cloudatahub" lacks a d, so the name as written can never resolve)
  it('shows the typed name does not resolve, then tests the likely spelling of the service host by TCP and by HTTPS', () => {
    const registration = 'The integration runtime node failed to connect to cloud service due to network connectivity issue.\nfailed to connect to we.frontend.cloudatahub.net';
    const report = analyzeLog(registration);
    expect(report.matches.map((match) => match.id)).toEqual(['cloud-service-unreachable']);
    expect(report.misspelledHosts).toEqual([{ host: 'we.frontend.cloudatahub.net', didYouMean: 'we.frontend.clouddatahub.net' }]);
    const powershell = commandsOf(registration, 'powershell');
    expect(powershell[0]).toBe("Resolve-DnsName -Name 'we.frontend.cloudatahub.net'");
    expect(powershell).toContain("Test-NetConnection -ComputerName 'we.frontend.clouddatahub.net' -Port 443");
    expect(powershell.some((text) => text.startsWith("Invoke-WebRequest -Uri 'https://we.frontend.clouddatahub.net/'"))).toBe(true);
    // Only the look-up that shows the typo uses the name as written.
    expect(powershell.filter((text) => text.includes('cloudatahub'))).toHaveLength(1);
    const respelled = report.commands.find((command) => command.text.startsWith('Test-NetConnection'));
    expect(respelled?.respelled).toEqual({ host: 'we.frontend.cloudatahub.net', didYouMean: 'we.frontend.clouddatahub.net' });
    expect(powershell.join('\n')).not.toContain('wu2.frontend');
  });

  // github.com/MicrosoftDocs/azure-docs/issues/23145 (installer, service account without the logon right)
  it('reads the installer\'s Error 1920 as the service failing to start, with the logon-right check', () => {
    const report = analyzeLog("Error 1920. Service 'Integration Runtime Service' (DIAHostService) failed to start. Verify that you have sufficient privileges to start system services.");
    expect(report.matches[0].id).toBe('service-failed-to-start');
    expect(commandsOf("Error 1920. Service 'Integration Runtime Service' (DIAHostService) failed to start.", 'powershell').join('\n')).toContain('SeServiceLogonRight');
  });

  // github.com/MicrosoftDocs/azure-docs/issues/42597 (Key Vault reached through the runtime)
  it('reads a reset by the far end from the bare Windows message, and shows the endpoint test with its gaps', () => {
    const report = analyzeLog('We get error message "An existing connection was forcibly closed by the remote host" when using key vault with Self-Hosted Integration Runtime.');
    expect(report.matches[0].id).toBe('connection-forcibly-closed');
    expect(report.socketErrors.map((error) => error.code)).toEqual([10054]);
    expect(report.commands.find((command) => command.text.startsWith('Test-NetConnection'))?.missing).toEqual(['host', 'port']);
  });
});
