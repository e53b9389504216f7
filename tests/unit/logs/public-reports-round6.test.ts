/**
 * Sixth round of checking the analyzer against real error texts (earlier rounds: public-reports.test.ts,
 * public-reports-connectors.test.ts, public-reports-round4.test.ts, public-reports-round5.test.ts).
 * This round leans on connectivity; this file holds the values read from the texts and SQL over the
 * network, public-reports-round6-connectivity.test.ts proxies, name resolution, the relay, certificates
 * and sockets. Each text is kept as its source prints it ("..." and masks are the
 * source's own), with its address above it; expected values were read off the text by hand.
 */
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { commandsOf, ids, lines } from './support';

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

describe('values that are not endpoints', () => {
  // learn.microsoft.com/azure/data-factory/self-hosted-integration-runtime-troubleshoot-guide (connectivity between the runtime and a data source: the guide's placeholder for the address)
  const placeholderAddress = "Copy failed with error:Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,Message=Cannot connect to SQL Server: 'IP address'";

  it('does not take the quoted placeholder "IP address" for a server name', () => {
    const report = analyzeLog(placeholderAddress);
    expect(report.matches.map((match) => match.id)).toEqual(['sql-network-related-error']);
    expect(report.entities.hosts).toEqual([]);
    expect(lines(placeholderAddress, 'powershell')[0]).toBe('Test-NetConnection -ComputerName <host> -Port 1433');
  });

  // github.com/microsoft/azuredatastudio/issues/15950
  const providerError40 = `Microsoft.Data.SqlClient.SqlException (0x80131904): A network-related or instance-specific error occurred while establishing a connection to SQL Server. The server was not found or was not accessible. Verify that the instance name is correct and that SQL Server is configured to allow remote connections. (provider: TCP Provider, error: 40 - Could not open a connection to SQL Server: Could not open a connection to SQL Server)
   at Microsoft.Data.SqlClient.SqlInternalConnection.OnError(SqlException exception, Boolean breakConnection, Action\`1 wrapCloseInAction)
   at Microsoft.Data.SqlClient.TdsParser.ThrowExceptionAndWarning(TdsParserStateObject stateObj, Boolean callerHasConnectionLock, Boolean asyncClose)`;

  it('does not take the sentence after "SQL Server:" for a server named "Could"', () => {
    const report = analyzeLog(providerError40);
    expect(report.matches[0].id).toBe('sql-network-related-error');
    expect(report.entities.hosts).toEqual([]);
    expect(report.sqlErrors.map((code) => code.value)).toEqual(['40']);
  });

  // github.com/jimm98y/MSSQLEXPRESS-M1-Install/issues/45 (SSMS's connection dialog)
  const ssmsDialog = `TITLE: Connect to Server
------------------------------

Cannot connect to ..

------------------------------
ADDITIONAL INFORMATION:

A network-related or instance-specific error occurred while establishing a connection to SQL Server. The server was not found or was not accessible. Verify that the instance name is correct and that SQL Server is configured to allow remote connections. (provider: Named Pipes Provider, error: 40 - Could not open a connection to SQL Server) (Microsoft SQL Server, Error: 2)

For help, click: https://docs.microsoft.com/sql/relational-databases/errors-events/mssqlserver-2-database-engine-error

------------------------------

The system cannot find the file specified`;

  it('reads the dialog\'s error number and leaves its help link out of the checks', () => {
    const report = analyzeLog(ssmsDialog);
    expect(report.matches[0].id).toBe('sql-network-related-error');
    expect(report.entities.urls).toEqual([]);
    expect(report.entities.hosts).toEqual([]);
    expect(report.sqlErrors.map((code) => code.value)).toEqual(['40', '2']);
    expect(lines(ssmsDialog, 'sh')[0]).toBe('nc -vz -w 5 <host> 1433');
  });

  // github.com/dotnet/wcf/issues/1365 (WCF over net.tcp, as the runtime's nodes talk; the URL is inside the certificate's subject)
  const wcfRevocation = `Caught Unexpected exception:System.ServiceModel.Security.SecurityNegotiationException: X509ChainBuildFail, CN=not-real-subject-name, O=DO_NOT_TRUST, OU=Created by https://github.com/dotnet/wcf; 4A5FAEC4A0337250DF6B66D24CF2FAEB04ED70B7, The revocation function was unable to check revocation for the certificate.
 The revocation function was unable to check revocation because the revocation server was offline.
  ---> System.IdentityModel.Tokens.SecurityTokenValidationException: X509ChainBuildFail, CN=not-real-subject-name, O=DO_NOT_TRUST, OU=Created by https://github.com/dotnet/wcf; 4A5FAEC4A0337250DF6B66D24CF2FAEB04ED70B7, The revocation function was unable to check revocation for the certificate.
 The revocation function was unable to check revocation because the revocation server was offline.`;

  it('reads a revocation failure and does not test the URL written in the certificate\'s subject', () => {
    const report = analyzeLog(wcfRevocation);
    expect(report.matches[0].id).toBe('certificate-chain-revocation');
    expect(report.entities.hosts).toEqual([]);
    expect(report.entities.exceptions).toEqual(['System.ServiceModel.Security.SecurityNegotiationException', 'System.IdentityModel.Tokens.SecurityTokenValidationException']);
    expect(lines(wcfRevocation, 'powershell')[0]).toContain('[Net.Sockets.TcpClient]::new(<host>, 443)');
  });

  // github.com/DuendeArchive/IdentityServer4/issues/3911 (address masked by the poster)
  const maskedAddress = 'A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond 164.XXX.XXX.XX:443.';

  it('keeps the port of a masked address for the connection test', () => {
    const report = analyzeLog(maskedAddress);
    expect(report.matches[0].id).toBe('connection-timed-out');
    expect(report.entities.ips).toEqual([]);
    expect(report.entities.ports).toEqual([443]);
    expect(lines(maskedAddress, 'powershell')[0]).toBe('Test-NetConnection -ComputerName <host> -Port 443');
  });
});

describe('SQL Server over the network', () => {
  // github.com/ErikEJ/EntityFramework6PowerTools/issues/146 (private endpoint reached over a VPN gateway)
  const publicAccessDenied = `Reason: An instance-specific error occurred while establishing a connection to SQL Server. Connection was denied since Deny Public Network Access is set to Yes (
https://docs.microsoft.com/azure/azure-sql/database/connectivity-settings#deny-public-network-access).
To connect to this server, use the Private Endpoint from inside your virtual network (
https://docs.microsoft.com/azure/sql-database/sql-database-private-endpoint-overview#how-to-set-up-private-link-for-azure-sql-database).

Connection string is "Server=tcp:OurSQLSrvr.database.windows.net,1433;Initial Catalog=OurDB;Persist Security Info=False;User Id=Us;Password=GuessIt;MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;"`;

  it('reads denied public access as a private endpoint question and checks the server name, not a docs link', () => {
    const report = analyzeLog(publicAccessDenied);
    expect(report.matches.map((match) => match.id)).toEqual(['azure-sql-public-access-denied']);
    expect(report.entities.hosts).toEqual(['OurSQLSrvr.database.windows.net']);
    expect(lines(publicAccessDenied, 'powershell')).toEqual(["Resolve-DnsName -Name 'OurSQLSrvr.database.windows.net'", "Test-NetConnection -ComputerName 'OurSQLSrvr.database.windows.net' -Port 1433"]);
    expect(report.commands.some((command) => command.text.includes('New-AzSqlServerFirewallRule'))).toBe(false);
  });

  // github.com/microsoft/azuredatastudio/issues/23999 (a paused serverless database)
  const postLoginTimeout = `Microsoft.Data.SqlClient.SqlException (0x80131904): Connection Timeout Expired.  The timeout period elapsed during the post-login phase.  The connection could have timed out while waiting for server to complete the login process and respond; Or it could have timed out while attempting to create multiple active connections.  The duration spent while attempting to connect to this server was - 
[Pre-Login] initialization=235; handshake=259; [Login] initialization=1; authentication=2; [Post-Login] complete=14006; 
 ---> System.ComponentModel.Win32Exception (258): The wait operation timed out.
   at Microsoft.Data.SqlClient.SqlInternalConnection.OnError(SqlException exception, Boolean breakConnection, Action\`1 wrapCloseInAction)`;

  it('reads a post-login timeout as a connection timeout, not a slow query', () => {
    const report = analyzeLog(postLoginTimeout);
    expect(report.matches.map((match) => match.id)).toEqual(['sql-connection-timeout']);
    expect(lines(postLoginTimeout, 'powershell')).toEqual(['Test-NetConnection -ComputerName <host> -Port 1433']);
  });

  // github.com/Azure/node-sqlserver/issues/193
  const odbcTimeout = "We're having problems with an Azure deployment where the connections are failing occasionally with `TCP Provider: Timeout error [258]`.";

  it('reads the ODBC driver\'s connection timeout', () => {
    expect(ids(odbcTimeout)).toEqual(['sql-connection-timeout']);
  });

  // github.com/dotnet/efcore/issues/34154
  const executionTimeout = `Microsoft.Data.SqlClient.SqlException: Execution Timeout Expired.  The timeout period elapsed prior to completion of the operation or the server is not responding.
Operation cancelled by user.
---> System.ComponentModel.Win32Exception: Unknown error 258`;

  it('keeps an execution timeout a query timeout', () => {
    expect(ids(executionTimeout)).toEqual(['sql-execution-timeout']);
  });

  // github.com/bezkoder/spring-boot-sql-server/issues/2 (the JDBC driver)
  const jdbcLocalhost = 'The TCP/IP connection to the host localhost, port 1433 has failed. Error: "connect timed out. Verify the connection properties. Make sure that an instance of SQL Server is running on the host and accepting TCP/IP connections at the port. Make sure that TCP connections to the port are not blocked by a firewall.".';
  // github.com/dbeaver/dbeaver/issues/18108 (the JDBC driver, a server by its NetBIOS name)
  const jdbcNetbios = `com.microsoft.sqlserver.jdbc.SQLServerException: The TCP/IP connection to the host STLSQL02, port 1433 has failed. Error: "connect timed out. Verify the connection properties. Make sure that an instance of SQL Server is running on the host and accepting TCP/IP connections at the port. Make sure that TCP connections to the port are not blocked by a firewall.".
	at com.microsoft.sqlserver.jdbc.SQLServerException.makeFromDriverError(SQLServerException.java:234)`;

  it.each([
    [jdbcLocalhost, 'localhost'],
    [jdbcNetbios, 'STLSQL02'],
  ])('reads the JDBC driver\'s failed TCP/IP connection and tests the host and port it names', (text, host) => {
    const report = analyzeLog(text);
    expect(report.matches[0].id).toBe('sql-network-related-error');
    expect(report.entities.hosts).toEqual([host]);
    expect(lines(text, 'sh')[0]).toBe(`nc -vz -w 5 '${host}' 1433`);
  });

  // github.com/microsoft/mssql-jdbc/issues/1667 (addresses masked by the poster)
  const redirected = '2021-09-22 08:25:15,164 [ERROR] DPFramework | WorkerThread.processRequest  - com.sap.hana.dp.adapter.sdk.AdapterException: Adapter validation failed. [DB_HIST]Failed to establish JDBC connection. Error: The TCP/IP connection to the host abf8a96418cb.tr6469.westus2-a.worker.database.windows.net (redirected from n0-qa.database.windows.net), port 11019 has failed. Error: "connect timed out (local port 9846 to address 1x.x.x.17x (xxx.com), remote port 11019 to address 1x.6x.13x.3x). Verify the connection properties. Make sure that an instance of SQL Server is running on the host and accepting TCP/IP connections at the port. Make sure that TCP connections to the port are not blocked by a firewall.".';

  it('reads a failed redirect as the 11000-11999 range blocked and tests the worker on its port', () => {
    const report = analyzeLog(redirected);
    expect(report.matches[0].id).toBe('azure-sql-redirect-ports-blocked');
    expect(report.entities.ports).toEqual([11019]);
    // "(xxx.com)" is the poster's mask beside a masked address, not a host to look up.
    expect(report.entities.hosts).toEqual(['abf8a96418cb.tr6469.westus2-a.worker.database.windows.net', 'n0-qa.database.windows.net']);
    expect(lines(redirected, 'powershell')[0]).toBe("Test-NetConnection -ComputerName 'abf8a96418cb.tr6469.westus2-a.worker.database.windows.net' -Port 11019");
    expect(lines(redirected, 'sh')).toContain('az sql server conn-policy show --resource-group <resource-group> --server <server>');
  });

  // github.com/microsoft/mssql-jdbc/issues/1462
  const namedInstance = 'The connection to the host localhost, named instance sqlexpress failed. Error: "java.net.SocketTimeoutException: Receive timed out". Verify the server and instance names and check that no firewall is blocking UDP traffic to port 1434.  For SQL Server 2005 or later, verify that the SQL Server Browser Service is running on the host.';

  it('reads the JDBC named-instance lookup as SQL Browser on UDP 1434, without a TCP test of 1434', () => {
    const report = analyzeLog(namedInstance);
    expect(report.matches[0].id).toBe('sql-instance-not-found');
    expect(report.entities.ports).toEqual([]);
    expect(lines(namedInstance, 'cmd')).toContain('portqry -n localhost -p UDP -e 1434');
    expect(lines(namedInstance, 'powershell')).toEqual(["Test-NetConnection -ComputerName 'localhost' -Port 1433"]);
  });
});
