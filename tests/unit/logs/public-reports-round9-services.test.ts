/**
 * Ninth round against real texts, second half: SAP RFC and SNC, managed identity off Azure, FTP
 * passive mode, SFTP host keys, a proxy asking for credentials, SMB port 445 and Windows event
 * blocks (the databases are in public-reports-round9-databases.test.ts). Each text is kept as its
 * source prints it, with its address above it; expected values were read off the text by hand.
 */
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { ids, lines } from './support';

describe('SAP', () => {
  // github.com/SAP-archive/PyRFC/issues/87
  const sncVerification = [
    'Error during connect: ',
    'LOCATION    CPIC (TCP/IP) with Unicode',
    'ERROR       GSS-API(maj): Miscellaneous failure',
    '            GSS-API(min): A2200210:Peer certificate verification failed',
    '            target="p:CN=TEST_01@KKK.KZ"',
    'TIME        Tue Nov 20 17:13:43 2018',
    'COMPONENT   SNC (Secure Network Communication)',
    'MODULE      D:/depot/bas/753_REL/src/krn/snc/sncxxall.c',
    'DETAIL      SncPEstablishContext',
  ].join('\n');

  it('reads an SNC failure as the secured layer, not the network, and shows where SNC_LIB points', () => {
    expect(ids(sncVerification)).toEqual(['sap-snc-failed']);
    expect(lines(sncVerification, 'cmd')).toEqual(['set SNC_LIB & set SECUDIR']);
  });

  // github.com/SAP-archive/PyRFC/issues/366 and github.com/SAP-archive/node-rfc/issues/112: already right, pinned.
  it('keeps a partner that was not reached on the RFC entry, with the port it names', () => {
    const timedOut = [
      "ERROR       partner '10XXXXX:3320' not reached",
      'COMPONENT   NI (network interface)',
      'DETAIL      NiPConnect2: 10XXXX:3320',
      'SYSTEM CALL connect',
      'ERRNO       10060',
      'ERRNO TEXT  WSAETIMEDOUT: Connection timed out',
    ].join('\n');
    expect(ids(timedOut)).toEqual(['sap-rfc-partner-not-reached', 'connection-timed-out']);
    expect(lines(timedOut, 'sh')[0]).toBe('nc -vz -w 5 <host> 3320');
    const noRoute = "    \"ERROR       partner 'xxx.xx.xx.220:3300' not reached\\n\" +\n    'ERRNO       113\\n' +\n    'ERRNO TEXT  No route to host\\n' +";
    expect(ids(noRoute)[0]).toBe('sap-rfc-partner-not-reached');
  });
});

describe('managed identity on a machine outside Azure', () => {
  // github.com/Azure/azure-sdk-for-python/issues/30498
  const python = [
    'azure.identity._exceptions.CredentialUnavailableError: ManagedIdentityCredential authentication unavailable, no response from the IMDS endpoint.    ',
    'DEBUG    azure.identity._internal.decorators:decorators.py:54 ManagedIdentityCredential.get_token failed: ManagedIdentityCredential authentication unavailable, no response from the IMDS endpoint.',
  ].join('\n');
  // github.com/Azure/azure-sdk-for-net/issues/60718
  const dotnet = 'Unhandled exception. Azure.Identity.AuthenticationFailedException: ManagedIdentityCredential authentication failed: All Managed Identity sources are unavailable. The Azure Instance Metadata Service (IMDS) that runs on VMs was not detected: IMDSv2: IMDSv2 probe failed. Exception: Retry failed after 6 tries. (A socket operation was attempted to an unreachable network. (169.254.169.254:80)) (A socket operation was attempted to an unreachable network. (169.254.169.254:80)). IMDSv1: IMDSv1 probe failed. Exception: A socket operation was attempted to an unreachable network. (169.254.169.254:80).';

  it.each([
    ['Python', python],
    ['.NET', dotnet],
  ])('reads the %s credential as having no metadata service here, and asks it directly', (_sdk, text) => {
    expect(ids(text)).toEqual(['managed-identity-unavailable']);
    expect(lines(text, 'sh')).toEqual(["curl -s -m 5 --noproxy '*' -H Metadata:true 'http://169.254.169.254/metadata/instance/compute?api-version=2021-02-01'"]);
  });

  it('takes no endpoint from a Python source position', () => {
    expect(analyzeLog(python).entities.ports).toEqual([]);
  });
});

describe('credentials answered by the other end', () => {
  // github.com/vdesabou/kafka-docker-playground/issues/7716 (Databricks through the Simba Spark JDBC driver)
  const sparkForbidden = [
    'Caused by: com.simba.spark.support.exceptions.ErrorException: [Simba][SparkJDBCDriver](500593) Communication link failure. Failed to connect to server. Reason: HTTP Response code: 403, Error message: Unknown.',
    '\t... 14 more',
    'Caused by: com.simba.spark.jdbc42.internal.apache.thrift.transport.TTransportException: HTTP Response code: 403, Error message: Unknown',
  ].join('\n');

  it('reads a 403 behind "Communication link failure" as the endpoint refusing, not a broken link', () => {
    expect(ids(sparkForbidden)).toEqual(['thrift-http-access-denied']);
    expect(lines(sparkForbidden, 'sh')).toEqual(['dig +short myip.opendns.com @resolver1.opendns.com']);
  });

  // github.com/microsoft/MCW-Azure-Synapse-Analytics-and-AI/issues/97
  const secretMissing = 'Failed to get the secret from key vault, secretName: SQL-USER-ASA, secretVersion: , vaultBaseUrl: https://asakeyvaultct1974.vault.azure.net/. The error message is: A secret with (name/id) SQL-USER-ASA was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command.';

  it('reads a missing Key Vault secret as an answer, and offers no network test of the vault, only its secret lists', () => {
    expect(ids(secretMissing)).toEqual(['key-vault-secret-not-found']);
    expect(analyzeLog(secretMissing).commands.map((command) => [command.text, command.missing])).toEqual([
      ['Get-AzKeyVaultSecret -VaultName <vault-name> | Select-Object Name', ['vault-name']],
      ['Get-AzKeyVaultSecret -VaultName <vault-name> -InRemovedState | Select-Object Name', ['vault-name']],
    ]);
  });
});

describe('FTP, SFTP, proxy and SMB', () => {
  // github.com/SamKirkland/FTP-Deploy-Action/issues/273
  const passiveTimeout = "Error: Error: Can't open data connection in passive mode: connect ETIMEDOUT 162.0.215.157:12102";
  // github.com/pocoproject/poco/issues/4543
  const passive425 = '425 Can\'t open data connection for transfer of "/test.txt"';

  it('reads a data connection that would not open as the passive ports, testing the data port the text names', () => {
    expect(ids(passiveTimeout)).toEqual(['ftp-passive-data-blocked', 'connection-timed-out']);
    expect(lines(passiveTimeout, 'sh').slice(0, 2)).toEqual([
      "nc -vz -w 5 '162.0.215.157' 12102",
      'curl -v --ftp-pasv --connect-timeout 15 --user "$FTP_USER" ftp://\'162.0.215.157\'/',
    ]);
    expect(ids(passive425)).toEqual(['ftp-passive-data-blocked']);
  });

  // github.com/atinux/node-ftps/issues/59
  const hostKey = "null { error: 'cd: Fatal error: Host key verification failed.\\r\\nput: /Users/ruanjiawei/Desktop/ftptest/aa.css: Fatal error: Host key verification failed.\\r\\n',\n  data: '' }";

  it('reads a refused host key as the saved fingerprint, and fetches the current one', () => {
    expect(ids(hostKey)).toEqual(['sftp-host-key-rejected']);
    expect(lines(hostKey, 'sh')).toEqual(['ssh-keyscan -p 22 <host> 2>/dev/null | ssh-keygen -lf -']);
  });

  // github.com/getsentry/raven-csharp/issues/203: already right, pinned.
  it('keeps a 407 on the proxy credentials entry', () => {
    const proxy407 = '[ERROR] System.Net.WebException: The remote server returned an error: (407) Proxy Authentication Required.\n   at System.Net.HttpWebRequest.GetRequestStream(TransportContext& context)';
    expect(ids(proxy407)).toEqual(['proxy-authentication-required']);
  });

  // github.com/Azure-Samples/azure-files-samples/issues/102
  const cifsTimeout = [
    'mount.cifs kernel mount options: ip=20.150.95.8,unc=\\\\logvolume.file.core.windows.net\\aksshare,vers=3.0,dir_mode=0777,file_mode=0777,serverino,user=logvolume,pass=********',
    'mount error(115): Operation now in progress',
    '[ 6328.381224] CIFS: VFS: Error connecting to socket. Aborting operation.',
    '[ 6328.381247] CIFS: VFS: cifs_mount failed w/return code = -115',
  ].join('\n');

  it('reads a CIFS mount timing out as port 445 blocked, tested against the share host', () => {
    expect(ids(cifsTimeout)).toEqual(['smb-port-445-blocked']);
    expect(lines(cifsTimeout, 'sh')[0]).toBe("nc -vz -w 5 'logvolume.file.core.windows.net' 445");
  });
});

describe('Windows event blocks', () => {
  // github.com/ptfpinho23/WinLet/issues/5 (Event Viewer's "Copy details as text")
  const werBlock = [
    'Log Name:      Application',
    'Source:        Windows Error Reporting',
    'Date:          7/28/2025 10:03:11 PM',
    'Event ID:      1001',
    'Task Category: None',
    'Level:         Information',
    'Keywords:      Classic',
    'User:          N/A',
    'Computer:      ROB-DEV4391',
    'Description:',
    'Fault bucket 1748092659895964420, type 4',
    'Event Name: APPCRASH',
    'Response: Not available',
  ].join('\n');

  it('reads the header fields and the Description of a block, and names no issue for a crash report', () => {
    const report = analyzeLog(werBlock);
    expect(report.events).toHaveLength(1);
    expect(report.events[0]).toMatchObject({ logName: 'Application', source: 'Windows Error Reporting', eventId: '1001', level: 'Information' });
    expect(report.events[0].description).toBe('Fault bucket 1748092659895964420, type 4\nEvent Name: APPCRASH\nResponse: Not available');
    expect(report.matches).toEqual([]);
  });

  // github.com/monitoring-plugins/monitoring-plugins/issues/464 (the Windows Server 2003 layout)
  const olderLayout = [
    'Event Type: Error',
    'Event Source:   Application Error',
    'Event Category: (100)',
    'Event ID:   1000',
    'Date:       13/06/2005',
    'Computer:   xxx',
    'Description:',
    'Faulting application pNSClient.exe, version 2.0.1.0,',
    'faulting module unknown, version 0.0.0.0, fault address',
    '0x0084241d.',
    '',
    'For more information, see Help and Support Center at',
    'http://go.microsoft.com/fwlink/events.asp.',
    '',
    '---',
    '',
    'Event Type: Information',
    'Event Source:   NSClient',
    'Event ID:   1',
    'Description:',
    'NSClient is now responding to queries.',
  ].join('\n');

  it('reads the older Event Type / Event Source layout as two events with their descriptions', () => {
    const events = analyzeLog(olderLayout).events;
    expect(events.map((event) => [event.level, event.source, event.eventId])).toEqual([
      ['Error', 'Application Error', '1000'],
      ['Information', 'NSClient', '1'],
    ]);
    expect(events[0].description).toBe('Faulting application pNSClient.exe, version 2.0.1.0,\nfaulting module unknown, version 0.0.0.0, fault address\n0x0084241d.');
  });
});
