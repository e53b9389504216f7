/**
 * Copy-activity and linked-service errors from connectors that run on the self-hosted integration
 * runtime, as users posted them in public threads (third round of checking the analyzer against
 * real texts; the first two are in public-reports.test.ts). Expected issues and values are read
 * off each text by hand. Texts whose cause is not the network or the runtime itself (a refused
 * password, a missing path) must match nothing rather than send the reader to network checks.
 */
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { fixture } from './support';

function commandsOf(text: string, shell: 'powershell' | 'cmd' | 'sh'): string[] {
  return analyzeLog(text).commands.filter((command) => command.shell === shell).map((command) => command.text);
}

describe('SFTP server not answering', () => {
  // github.com/Mmodarre/AzureDataFactoryHOL/issues/28 (testing the SFTP linked service)
  const timedOut = "Meet network issue when connect to Sftp server 'adflabsftp.westus2.cloudapp.azure.com', SocketErrorCode: 'TimedOut'.\nA connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond";

  it('names the SFTP issue before the generic timeout and tests the SSH port, with no gap to fill', () => {
    const report = analyzeLog(timedOut);
    expect(report.matches.map((match) => match.id)).toEqual(['sftp-server-unreachable', 'connection-timed-out']);
    expect(report.entities.hosts).toEqual(['adflabsftp.westus2.cloudapp.azure.com']);
    expect(report.socketErrors.map((error) => error.code)).toEqual([10060]);
    expect(commandsOf(timedOut, 'powershell')).toContain("Test-NetConnection -ComputerName 'adflabsftp.westus2.cloudapp.azure.com' -Port 22");
    // The generic timeout entry's port test would have a blank port; the SFTP one fills it.
    expect(report.commands.filter((command) => command.missing)).toEqual([]);
  });

  // github.com/Azure/Azure-DataFactory/issues/212 (error line and the linked service JSON, as posted)
  it('takes the address and the port from the linked service JSON pasted with the error', () => {
    const report = analyzeLog(fixture('public-sftp-session-timeout.txt'));
    expect(report.matches.map((match) => match.id)).toEqual(['sftp-server-unreachable']);
    expect(report.entities.ips).toEqual(['10.0.86.20']);
    expect(report.entities.ports).toEqual([22]);
    expect(commandsOf(fixture('public-sftp-session-timeout.txt'), 'sh')).toContain("nc -vz -w 5 '10.0.86.20' 22");
  });

  // github.com/Azure/Azure-DataFactory/issues/320
  it('leaves a path that does not exist on the server unmatched: the connection worked', () => {
    const notFound = "Failure happened on 'Sink' side. ErrorCode=SftpPathNotFound,'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,Message=Can't find SFTP path '/Genesys Sample Call Recordings/callrecordings/00QTLVGRKG8BF9E18AU362LAES06QH9J/00QTLVGRKG8BF9E18AU362LAES06QH9J_2021-08-23_13-34-01-00QTLVGRKG8BF9E18AU362LAES06QH9J_fad2973a343a4fe88ddff263533880df_2021_08_23_13_34_02_4Z58Hvt8RxO1jw780NnUfA.mp4'. Please check if the path exists. If the path you configured does not start with '/', note it is a relative path under the given user's default folder '/'.,Source=Microsoft.DataTransfer.ClientLibrary.SftpConnector,''Type=Renci.SshNet.Common.SftpPathNotFoundException,Message=No such file,Source=Renci.SshNet,'";
    const report = analyzeLog(notFound);
    expect(report.matches).toEqual([]);
    expect(report.errorCodes.map((code) => code.value)).toEqual(['SftpPathNotFound']);
    expect(report.entities.exceptions).toEqual(['Microsoft.DataTransfer.Common.Shared.HybridDeliveryException', 'Renci.SshNet.Common.SftpPathNotFoundException']);
    expect(report.entities.hosts).toEqual([]);
  });
});

describe('FTP and SFTP messages documented for the connectors', () => {
  // learn.microsoft.com/azure/data-factory/connector-troubleshoot-ftp-sftp-http (FtpFailedToReadFtpData)
  it('reads a 227 reply followed by a failure as a blocked passive data port, not a failed login', () => {
    const passive = 'Failed to read data from ftp: The remote server returned an error: 227 Entering Passive Mode (*,*,*,*,*,*).';
    expect(analyzeLog(passive).matches.map((match) => match.id)).toEqual(['ftp-passive-data-blocked']);
    expect(commandsOf(passive, 'sh')).toContain('curl -v --ftp-pasv --connect-timeout 15 --user "$FTP_USER" ftp://<host>/');
  });

  // Same page (FtpFailedToConnectToFtpServer)
  it('tests the FTP control port when the control connection fails, and drops that test once TLS shows the server answered', () => {
    const control = 'Failed to connect to FTP server. Please make sure the provided server information is correct, and try again.';
    expect(analyzeLog(control).matches.map((match) => match.id)).toEqual(['ftp-server-unreachable']);
    expect(commandsOf(control, 'powershell')[0]).toBe('Test-NetConnection -ComputerName <host> -Port 21');
    const certificate = `${control} The remote certificate is invalid according to the validation procedure.`;
    expect(analyzeLog(certificate).matches.map((match) => match.id)).toEqual(['ftps-certificate-not-trusted']);
  });

  // Same page (SftpFailedToConnectToSftpServer): the two strings it says the error may contain
  it('reads an SFTP server that answers without SSH, or not in time, as the SFTP connection failing', () => {
    for (const text of ['Socket read operation has timed out after 30,000 milliseconds', "Server response doesn't contain SSH protocol identification"]) {
      expect(analyzeLog(text).matches.map((match) => match.id), text).toEqual(['sftp-server-unreachable']);
    }
  });

  // Same page (SFTP key exchange algorithms)
  it('names a key exchange the two sides could not agree on', () => {
    expect(analyzeLog('Failed to negotiate key exchange algorithm.').matches.map((match) => match.id)).toEqual(['sftp-key-exchange-unsupported']);
  });
});

describe('REST and OData sources', () => {
  // github.com/MicrosoftDocs/azure-docs/issues/77902
  const odata = "Operation on target Copy Statements failed: Failure happened on 'Source' side. 'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,Message=Requesting response from path Statements and query $filter=RowChangedDatetime gt 2021-06-30T15:59:57.0000000Z failed with status code Unauthorized and message .,Source=Microsoft.DataTransfer.Runtime.ODataConnector,'";

  it('reads the status .NET printed by name as HTTP 401, and no port from the query\'s timestamp', () => {
    const report = analyzeLog(odata);
    expect(report.matches[0].id).toBe('http-unauthorized');
    expect(report.httpStatus.map((code) => code.value)).toEqual(['401']);
    expect(report.entities.ports).toEqual([]);
    expect(report.entities.hosts).toEqual([]);
  });

  // github.com/MicrosoftDocs/azure-docs/issues/72725 (QuickBooks linked service)
  it('reads the REST driver\'s "Couldn\'t resolve host name" as a DNS failure', () => {
    const report = analyzeLog("ERROR [HY000] [Microsoft][QuickBooks] (20) Error while attempting to use REST API: Couldn't resolve host name");
    expect(report.matches.map((match) => match.id)).toEqual(['dns-remote-name-not-resolved']);
  });
});

describe('components on the runtime machine', () => {
  // github.com/MicrosoftDocs/azure-docs/issues/42866
  it('names the missing Java runtime for a Parquet sink, with the codes and both exceptions', () => {
    const report = analyzeLog("Operation on target Copy data1 failed: Failure happened on 'Sink' side. ErrorCode=UserErrorJreNotFound,'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,Message=Java Runtime Environment could not be found.,Source=Microsoft.DataTransfer.Common,''Type=System.DllNotFoundException,Message=Unable to load DLL 'jvm.dll': The specified module could not be found. (Exception from HRESULT: 0x8007007E),Source=Microsoft.DataTransfer.Richfile.HiveOrcBridge,'");
    expect(report.matches[0].id).toBe('java-runtime-not-found');
    expect(report.errorCodes.map((code) => code.value)).toEqual(['UserErrorJreNotFound']);
    expect(report.hresults.map((code) => code.value)).toEqual(['0x8007007E']);
    expect(report.entities.exceptions).toEqual(['Microsoft.DataTransfer.Common.Shared.HybridDeliveryException', 'System.DllNotFoundException']);
  });

  // github.com/npgsql/npgsql/issues/5989 (PostgreSQL copy through the runtime)
  it('reads a type missing from the loaded assembly version as an assembly problem, and the version is no address', () => {
    const report = analyzeLog("Source=Microsoft.DataTransfer.Common,''Type=System.TypeLoadException,Message=Could not load type 'NpgsqlTypes.NpgsqlInterval' from assembly 'Npgsql, Version=4.0.9.2, Culture=neutral, PublicKeyToken=5d8b90d52f46fda7'.,Source=Microsoft.Connectors.AzurePostgreSql,'");
    expect(report.matches.map((match) => match.id)).toEqual(['assembly-load-failed']);
    expect(report.entities.ips).toEqual([]);
  });

  // github.com/MicrosoftDocs/azure-docs/issues/18960 (ODBC linked service, SQL Anywhere)
  it('names the missing ODBC driver or DSN', () => {
    const report = analyzeLog('[{"code":9603,"message":"ERROR [IM002] [Microsoft][ODBC Driver Manager] Data source name not found and no default driver specified"}]');
    expect(report.matches.map((match) => match.id)).toEqual(['odbc-driver-missing']);
  });
});

describe('SQL Server not reachable', () => {
  // github.com/Azure/Test-Drive-Azure-Synapse-with-a-1-click-POC/issues/20 (the copy activity's error JSON, cut where the post repeats it)
  const namedPipes = `    "errorCode": "2100",
    "message": "ErrorCode=SqlFailedToConnect,'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,Message=Cannot connect to SQL Database. Please contact SQL server team for further support. Server: 'conuwwzj3yu5h2vcpocws1', Database: 'conuwwzj3yu5h2vcpocws1p1 (conuwwzj3yu5h2vcpocws1/conuwwzj3yu5h2vcpocws1p1)', User: 'sqladminuser'. Check the linked service configuration is correct, and make sure the SQL Database firewall allows the integration runtime to access.,Source=Microsoft.DataTransfer.ClientLibrary,''Type=System.Data.SqlClient.SqlException,Message=A network-related or instance-specific error occurred while establishing a connection to SQL Server. The server was not found or was not accessible. Verify that the instance name is correct and that SQL Server is configured to allow remote connections. (provider: Named Pipes Provider, error: 40 - Could not open a connection to SQL Server),Source=.Net SqlClient Data Provider,SqlErrorNumber=53,Class=20,ErrorCode=-2146232060,State=0,`;

  it('tests the server name as written, on 1433 and in DNS, without calling it a firewall refusal', () => {
    const report = analyzeLog(namedPipes);
    expect(report.matches.map((match) => match.id)).toEqual(['sql-network-related-error']);
    expect(report.entities.hosts).toEqual(['conuwwzj3yu5h2vcpocws1']);
    expect(report.sqlErrors.map((code) => code.value)).toEqual(['40', '53']);
    const powershell = commandsOf(namedPipes, 'powershell');
    expect(powershell).toContain("Test-NetConnection -ComputerName 'conuwwzj3yu5h2vcpocws1' -Port 1433");
    expect(powershell).toContain("Resolve-DnsName -Name 'conuwwzj3yu5h2vcpocws1'");
  });
});

describe('database logins refused (not network faults)', () => {
  // github.com/MicrosoftDocs/azure-docs/issues/18764 (Oracle through the ODBC wire protocol driver)
  it('matches nothing for an Oracle password refusal', () => {
    const report = analyzeLog('Connection failed\n[{"code":9603,"message":"ERROR [28000] [Microsoft][ODBC Oracle Wire Protocol driver][Oracle]ORA-01017: invalid username/password; logon denied\\r\\nERROR [28000] [Microsoft][ODBC Oracle Wire Protocol driver][Oracle]ORA-01017: invalid username/password; logon denied"}]');
    expect(report.matches).toEqual([]);
    expect(report.commands.some((command) => command.text.startsWith('Test-NetConnection'))).toBe(false);
  });

  // github.com/Azure/Azure-DataFactory/issues/386 (DB2 on a port the user could telnet to)
  it('matches nothing for a DB2 authentication mechanism mismatch', () => {
    expect(analyzeLog('Have not received expected codepoint: EUSRIDNWPWD. SQLSTATE=HY000 SQLCODE=-1040').matches).toEqual([]);
  });
});
