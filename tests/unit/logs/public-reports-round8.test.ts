/**
 * Eighth round against real texts: ranking in longer pastes, where one failure arrives wrapped in
 * several messages. This file holds the SQL Server clients (SqlClient, ODBC, OLE DB, sqlcmd, JDBC);
 * the HTTP, Java, SFTP and Oracle chains are in public-reports-round8-chains.test.ts. Each text is kept
 * as its source prints it (cut after a few stack frames), with its address above it; the expected
 * entry and values were read off the text by hand. SA = github.com/MicrosoftDocs/SupportArticles-docs,
 * support/sql/database-engine/connect/.
 *
 * The rule under test: a reset or timeout that is part of the same error as a specific entry (the SQL
 * Server handshake, the ODBC source) ranks after it, however many times the chain repeats the reset.
 */
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { ids, lines } from './support';

describe('a reset while the SQL Server client is still connecting is the TLS handshake', () => {
  // github.com/dotnet/SqlClient/issues/2053 (the error as the reporter pasted it, lines rejoined)
  const loginProcessReset = [
    'Microsoft.Data.SqlClient.SqlException (0x80131904): A connection was successfully established with the server, but then an error occurred during the login process. (provider: SSL Provider, error: 0 - An existing connection was forcibly closed by the remote host.)',
    ' ---> System.ComponentModel.Win32Exception (10054): An existing connection was forcibly closed by the remote host.',
    '   at Microsoft.Data.SqlClient.SqlInternalConnection.OnError(SqlException exception, Boolean breakConnection, Action`1 wrapCloseInAction)',
    '   at Microsoft.Data.SqlClient.TdsParser.ThrowExceptionAndWarning(TdsParserStateObject stateObj, Boolean callerHasConnectionLock, Boolean asyncClose)',
    '   at Microsoft.Data.SqlClient.TdsParserStateObject.ThrowExceptionAndWarning(Boolean callerHasConnectionLock, Boolean asyncClose)',
    '   at Microsoft.Data.SqlClient.TdsParserStateObject.SNIWritePacket(PacketHandle packet, UInt32& sniError, Boolean canAccumulate, Boolean callerHasConnectionLock, Boolean asyncClose)',
    '   at Microsoft.Data.SqlClient.TdsParserStateObject.WriteSni(Boolean canAccumulate)',
    '   at Microsoft.Data.SqlClient.TdsParserStateObject.WritePacket(Byte flushMode, Boolean canAccumulate)',
  ].join('\n');

  it('ranks the SSL Provider reset during login as the handshake, the reset after it', () => {
    expect(ids(loginProcessReset)).toEqual(['sql-prelogin-handshake-failed', 'connection-forcibly-closed']);
    expect(lines(loginProcessReset, 'sh')[0]).toBe('nc -vz -w 5 <host> 1433');
  });

  // github.com/microsoft/aspire/issues/1168
  const preLoginReset = [
    '      Microsoft.Data.SqlClient.SqlException (0x80131904): A connection was successfully established with the server, but then an error occurred during the pre-login handshake. (provider: TCP Provider, error: 0 - An existing connection was forcibly closed by the remote host.)',
    '       ---> System.ComponentModel.Win32Exception (10054): An existing connection was forcibly closed by the remote host.',
    '         at Microsoft.Data.SqlClient.SqlInternalConnection.OnError(SqlException exception, Boolean breakConnection, Action`1 wrapCloseInAction)',
    '         at Microsoft.Data.SqlClient.TdsParser.ThrowExceptionAndWarning(TdsParserStateObject stateObj, Boolean callerHasConnectionLock, Boolean asyncClose)',
    '         at Microsoft.Data.SqlClient.TdsParserStateObject.ThrowExceptionAndWarning(Boolean callerHasConnectionLock, Boolean asyncClose)',
    '         at Microsoft.Data.SqlClient.TdsParserStateObject.ReadSniError(TdsParserStateObject stateObj, UInt32 error)',
    '         at Microsoft.Data.SqlClient.TdsParserStateObject.ReadSniSyncOverAsync()',
    '         at Microsoft.Data.SqlClient.TdsParserStateObject.TryReadNetworkPacket()',
  ].join('\n');

  it('keeps the pre-login handshake first over the inner Win32Exception 10054', () => {
    expect(ids(preLoginReset)).toEqual(['sql-prelogin-handshake-failed', 'connection-forcibly-closed']);
  });

  // github.com/MicrosoftDocs/sql-docs/issues/5446 (Windows 7 client, SQL Server 2019 on Linux)
  const sqlcmdSslReset = [
    'Sqlcmd: Error: Microsoft ODBC Driver 17 for SQL Server : SSL Provider: An existing connection was forcibly closed by the remote host.',
    '.',
    'Sqlcmd: Error: Microsoft ODBC Driver 17 for SQL Server : Client unable to establish connection.',
  ].join('\n');

  it('reads sqlcmd\'s \'SSL Provider: … forcibly closed\' and \'Client unable to establish connection\' as the handshake', () => {
    expect(ids(sqlcmdSslReset)).toEqual(['sql-prelogin-handshake-failed', 'connection-forcibly-closed']);
  });

  // SA intermittent-connection-errors-sqlcmd.md (the three messages the article lists, one per line)
  const nativeClientReset = [
    'WARNING: proc_procname returned HResult 0x2746, Level 16, State 1',
    'TCP Provider: An existing connection was forcibly closed by the remote host.',
    'SQLCMD.EXE : Sqlcmd: Error: Microsoft SQL Server Native Client 10.0 : Client unable to establish connection',
  ].join('\n');

  it('reads HResult 0x2746, the reset and "Client unable to establish connection" as the handshake the article traces to TLS', () => {
    expect(ids(nativeClientReset)).toEqual(['sql-prelogin-handshake-failed', 'connection-forcibly-closed']);
    expect(lines(nativeClientReset, 'powershell')[0]).toContain('SchUseStrongCrypto, SystemDefaultTlsVersions');
  });

  // SA intermittent-connection-errors-sqlcmd.md (the ODBC data source test message)
  const odbcDataSourceTest = 'The connection failed with SQL State: \'08001\' SQL Server Error: 10054 [Microsoft][SQL Server Native Client 10.0]TCP Provider: An existing connection was forcibly closed by remote host. [Microsoft][SQL Server Native Client 10.0] Client unable to establish connection.';

  it('reads the data source test\'s 10054 with \'Client unable to establish connection\' as the handshake', () => {
    expect(ids(odbcDataSourceTest)).toEqual(['sql-prelogin-handshake-failed', 'connection-forcibly-closed']);
  });

  // SA connection-to-linked-server-failed.md (cipher suites differ after Windows updates)
  const linkedServerReset = [
    'TCP Provider: An existing connection was forcibly closed by the remote host.',
    'OLE DB provider "MSOLEDBSQL" for linked server "LinkedServer Name" returned message "Client unable to establish connection". (Microsoft SQL Server, Error: 10054)',
  ].join('\n');

  it('reads the linked server\'s reset and OLE DB message as the handshake', () => {
    expect(ids(linkedServerReset)).toEqual(['sql-prelogin-handshake-failed', 'connection-forcibly-closed']);
  });

  // github.com/hasura/graphql-engine/issues/7709 (the issue title as printed, cut by GitHub)
  const odbcHexReset = '"[Microsoft][ODBC Driver 17 for SQL Server]TCP Provider: Error code 0x2746[Microsoft][ODBC Driver 17 for SQL Server]Client unable to establish connection[Microsoft][ODBC Driver 17 for SQL Server]Clien';

  it('reads ODBC\'s \'TCP Provider: Error code 0x2746\' as error 10054 during the handshake', () => {
    expect(ids(odbcHexReset)).toEqual(['sql-prelogin-handshake-failed', 'connection-forcibly-closed']);
  });

  // github.com/dotnet/SqlClient/issues/1151 (TLS 1.3 enabled on the OS)
  const pipeLoginError = [
    'Exception.GetType: Microsoft.Data.SqlClient.SqlException',
    'Exception.Message: A connection was successfully established with the server, but then an error occurred during the login process. (provider: SSL Provider, error: 0 - No process is on the other end of the pipe.)',
    'Exception.Source: Core Microsoft SqlClient Data Provider',
    'Exception.TargetSite: Void OnError(Microsoft.Data.SqlClient.SqlException, Boolean, System.Action`1[System.Action])',
    'SqlException.Errors:',
    'SqlError.Number: 233',
    'SqlError.State: 0',
    'SqlError.Class: 20',
    'SqlError.Server: .',
    'SqlError.Message: A connection was successfully established with the server, but then an error occurred during the login process. (provider: SSL Provider, error: 0 - No process is on the other end of the pipe.)',
  ].join('\n');

  it('keeps an SSL Provider failure without a reset on the handshake entry alone', () => {
    expect(ids(pipeLoginError)).toEqual(['sql-prelogin-handshake-failed']);
  });

  // github.com/bitwarden/server/issues/249
  const preLoginUnknown = [
    'Migrating database.',
    '',
    'Unhandled Exception: System.Data.SqlClient.SqlException: A connection was successfully established with the server, but then an error occurred during the pre-login handshake. (provider: TCP Provider, error: 0 - Unknown error 203) ---> System.ComponentModel.Win32Exception: Unknown error 203',
    '   --- End of inner exception stack trace ---',
    '   at System.Data.SqlClient.SqlInternalConnectionTds..ctor(DbConnectionPoolIdentity identity, SqlConnectionString connectionOptions, Object providerInfo, Boolean redirectedUserInstance, SqlConnectionString userConnectionOptions, SessionData reconnectSessionData, Boolean applyTransientFaultHandling)',
  ].join('\n');

  it('reads the pre-login handshake with an unknown error 203 as the handshake', () => {
    expect(ids(preLoginUnknown)).toEqual(['sql-prelogin-handshake-failed']);
  });

  // docs.particular.net/transports/upgrades/sqlserver-client4 (SqlClient 4 encrypts by default)
  const untrustedSqlCertificate = [
    'System.Data.SqlClient.SqlException',
    '  HResult=0x80131904',
    '  Message=A connection was successfully established with the server, but then an error occurred during the login process. (provider: SSL Provider, error: 0 - The certificate chain was issued by an authority that is not trusted.)',
    '  Source=.Net SqlClient Data Provider',
  ].join('\n');

  it('reads an untrusted SQL Server certificate as SQL Server\'s, with no HTTPS check on port 443', () => {
    const report = analyzeLog(untrustedSqlCertificate);
    expect(report.matches.map((match) => match.id)).toEqual(['sql-server-certificate-not-trusted', 'sql-prelogin-handshake-failed']);
    expect(report.commands.filter((command) => command.shell === 'sh').map((command) => command.text)).toEqual(['nc -vz -w 5 <host> 1433']);
    expect(report.commands.some((command) => command.text.includes('443'))).toBe(false);
  });
});

describe('resets and timeouts after the connection worked', () => {
  // github.com/Mimetis/Dotmim.Sync/issues/1306
  const receiveReset = [
    '2/25/2025 9:24:16 AM: Dotmim.Sync.SyncException: [NeedsToUpgradeAsync]..A transport-level error has occurred when receiving results from the server. (provider: TCP Provider, error: 0 - An existing connection was forcibly closed by the remote host.)',
    ' ---> Microsoft.Data.SqlClient.SqlException (0x80131904): A transport-level error has occurred when receiving results from the server. (provider: TCP Provider, error: 0 - An existing connection was forcibly closed by the remote host.)',
    ' ---> System.ComponentModel.Win32Exception (10054): An existing connection was forcibly closed by the remote host.',
    '   at Microsoft.Data.SqlClient.SqlCommand.EndExecuteReaderAsync(IAsyncResult asyncResult)',
    '   at System.Threading.Tasks.TaskFactory`1.FromAsyncCoreLogic(IAsyncResult iar, Func`2 endFunction, Action`1 endAction, Task`1 promise, Boolean requiresSynchronization)',
    '--- End of stack trace from previous location ---',
    '   at Dotmim.Sync.SqlServer.SqlManagementUtils.GetTableAsync(String tableName, String schemaName, SqlConnection connection, SqlTransaction transaction) in /_/Projects/Dotmim.Sync.SqlServer/SqlManagementUtils.cs:line 129',
    '   at Dotmim.Sync.RemoteOrchestrator.NeedsToUpgradeAsync(SyncContext context) in /_/Projects/Dotmim.Sync.Core/Orchestrators/Upgrade/RemoteOrchestrator.Upgrade.cs:line 40',
  ].join('\n');

  it('reads a reset while receiving results as the reset alone', () => {
    expect(ids(receiveReset)).toEqual(['connection-forcibly-closed']);
  });

  // github.com/dotnet/corefx/issues/14680 (docker-compose log lines)
  const resetByPeer = [
    'deviceone.account.web_1  | fail: Microsoft.AspNetCore.Diagnostics.DeveloperExceptionPageMiddleware[0]',
    'deviceone.account.web_1  |       An unhandled exception has occurred while executing the request',
    'deviceone.account.web_1  | System.Data.SqlClient.SqlException: A transport-level error has occurred when receiving results from the server. (provider: TCP Provider, error: 35 - An internal exception was caught) ---> System.IO.IOException: Unable to read data from the transport connection: Connection reset by peer. ---> System.Net.Sockets',
  ].join('\n');

  it('reads error 35 with \'Connection reset by peer\' inside as a reset', () => {
    expect(ids(resetByPeer)).toEqual(['connection-forcibly-closed']);
  });

  // github.com/dotnet/SqlClient/issues/2621 (pipeline log, every line stamped)
  const networkNameGone = [
    '2024-06-21T15:11:50.9963838Z    at Project.ImportNG.ServiceData.Save(Int32 recordSessionId, Int32 commitUnit)',
    '2024-06-21T15:11:50.9964284Z    at Project.ImportNG.ImportService.Import(Guid sessionId, CancellationToken cancellationToken)',
    '2024-06-21T15:11:50.9964710Z ClientConnectionId:3befdc8d-7c9b-460b-92c0-fa1b9c9e0ee0',
    '2024-06-21T15:11:50.9965051Z Error Number:64,State:0,Class:20',
    '2024-06-21T15:11:50.9965490Z Project.Console Information: 0 : Updating status of session c711964f-9879-4ef3-9099-e23658db1061 to Exception',
    '2024-06-21T15:11:50.9966702Z Project.Console Error: 0 : Exception during process execution: System.Data.SqlClient.SqlException (0x80131904): A transport-level error has occurred when receiving results from the server. (provider: TCP Provider, error: 0 - The specified network name is no longer available.) ---> System.ComponentModel.Win32Exception (0x80004005): The specified network name is no longer available',
    '2024-06-21T15:11:50.9967743Z    at System.Data.SqlClient.SqlConnection.OnError(SqlException exception, Boolean breakConnection, Action`1 wrapCloseInAction)',
  ].join('\n');

  it('reads Windows error 64 as a dropped connection, and the SqlException fields as no endpoint', () => {
    const report = analyzeLog(networkNameGone);
    expect(report.matches.map((match) => match.id)).toEqual(['connection-forcibly-closed']);
    expect(report.entities.hosts).toEqual([]);
    expect(report.entities.ports).toEqual([]);
    expect(lines(networkNameGone, 'powershell')[0]).toBe('Test-NetConnection -ComputerName <host> -Port <port>');
  });

  // github.com/janhebnes/startlist.club/issues/248 (Application Insights summary)
  const innermostReset = [
    '**Problem Id:** System.ComponentModel.Win32Exception at FlightJournal.Web.Validators.ClubValidator.<IsValid>g__Any|0_0',
    '',
    '**Exception Type:** System.ComponentModel.Win32Exception',
    '',
    '**Method:** FlightJournal.Web.Validators.ClubValidator.<IsValid>g__Any|0_0',
    '',
    '**Outer Exception Type:** System.Data.Entity.Core.EntityException',
    '',
    '**Outer Exception Message:** An exception has been raised that is likely due to a transient failure. If you are connecting to a SQL Azure database consider using SqlAzureExecutionStrategy.',
    '',
    '**Outer Exception Method:** System.Data.Entity.SqlServer.DefaultSqlExecutionStrategy.Execute',
    '',
    '**Innermost Exception Type:** System.ComponentModel.Win32Exception',
    '',
    '**Innermost Exception Message:** An existing connection was forcibly closed by the remote host',
  ].join('\n');

  it('reads the innermost exception of a transient-failure summary as the reset', () => {
    expect(ids(innermostReset)).toEqual(['connection-forcibly-closed']);
  });

  // github.com/jdglaser/fast-to-sql/issues/14
  const odbcLinkFailure = 'OperationalError: (\'08S01\', \'[08S01] [Microsoft][ODBC Driver 17 for SQL Server]TCP Provider: An existing connection was forcibly closed by the remote host.\\r\\n (10054) (SQLExecute); [08S01] [Microsoft][ODBC Driver 17 for SQL Server]Communication link failure (10054)\')';

  it('puts the ODBC link failure first and the reset it reports after it', () => {
    expect(ids(odbcLinkFailure)).toEqual(['odbc-source-connection-failed', 'connection-forcibly-closed']);
  });

  // github.com/mkleehammer/pyodbc/issues/879 (backticks of the post removed)
  const odbcLinkTimeout = '    `sqlalchemy.exc.OperationalError: (pyodbc.OperationalError) (\'08S01\', \'[08S01] [Microsoft][ODBC Driver 17 for SQL Server]TCP Provider: A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond.\\r\\n (10060) (SQLExecute); [08S01] [Microsoft][ODBC Driver 17 for SQL Server]Communication link failure (10060)\')`';

  it('puts the ODBC link failure first and the timeout it reports after it', () => {
    expect(ids(odbcLinkTimeout)).toEqual(['odbc-source-connection-failed', 'connection-timed-out']);
  });

  // github.com/pegasystems/docker-pega-web-ready/issues/67
  const jdbcReadTimeout = [
    'com.microsoft.sqlserver.jdbc.SQLServerException: Read timed out',
    '    at com.microsoft.sqlserver.jdbc.SQLServerConnection.terminate(SQLServerConnection.java:2924)',
    '    at com.microsoft.sqlserver.jdbc.TDSChannel.read(IOBuffer.java:2029)',
    '    at com.microsoft.sqlserver.jdbc.TDSReader.readPacket(IOBuffer.java:6418)',
    '    at com.microsoft.sqlserver.jdbc.TDSCommand.startResponse(IOBuffer.java:7581)',
    '    at com.microsoft.sqlserver.jdbc.SQLServerResultSet$CursorFetchCommand.doExecute(SQLServerResultSet.java:5459)',
    '    at com.microsoft.sqlserver.jdbc.TDSCommand.execute(IOBuffer.java:7194)',
    '    at com.microsoft.sqlserver.jdbc.SQLServerConnection.executeCommand(SQLServerConnection.java:2979)',
  ].join('\n');

  it('reads JDBC\'s \'Read timed out\' while fetching as a query timeout', () => {
    expect(ids(jdbcReadTimeout)).toEqual(['sql-execution-timeout']);
  });
});

describe('SQL Server not reachable', () => {
  // github.com/dotnet/corefx/issues/22725
  const internalException = [
    'System.Data.SqlClient.SqlException occurred',
    '  HResult=0x80131904',
    '  Message=A network-related or instance-specific error occurred while establishing a connection to SQL Server. The server was not found or was not accessible. Verify that the instance name is correct and that SQL Server is configured to allow remote connections. (provider: TCP Provider, error: 35 - An internal exception was caught)',
    '  Source=Core .Net SqlClient Data Provider',
    '  StackTrace:',
    '   at System.Data.SqlClient.SqlInternalConnectionTds..ctor(DbConnectionPoolIdentity identity, SqlConnectionString connectionOptions, Object providerInfo, Boolean redirectedUserInstance, SqlConnectionString userConnectionOptions, SessionData reconnectSessionData, Boolean applyTransientFaultHandling)',
  ].join('\n');

  it('reads the network-related error with error 35 as not reachable', () => {
    expect(ids(internalException)).toEqual(['sql-network-related-error']);
    expect(lines(internalException, 'sh')).toEqual(['nc -vz -w 5 <host> 1433', 'nslookup <host>']);
  });

  // github.com/robertpopa22/mRemoteNG/issues/165 (log quoted with "> ")
  const connectWaitTimedOut = [
    '> 2026-08-10 13:05:28,009 [2] ERROR - SaveExternalAppsToSQL failed',
    '> A network-related or instance-specific error occurred while establishing a connection to SQL Server. The server was not found or was not accessible. Verify that the instance name is correct and that SQL Server is configured to allow remote connections. (provider: TCP Provider, error: 0 - The wait operation timed out.)',
    '>    at void Microsoft.Data.SqlClient.SqlInternalConnection.OnError(SqlException exception, bool breakConnection, Action<Action> wrapCloseInAction)',
    '>    at void Microsoft.Data.SqlClient.TdsParser.ThrowExceptionAndWarning(TdsParserStateObject stateObj, SqlCommand command, bool callerHasConnectionLock, bool asyncClose)',
    '>    at void Microsoft.Data.SqlClient.TdsParser.Connect(ServerInfo serverInfo, SqlInternalConnectionTds connHandler, TimeoutTimer timeout, SqlConnectionString connectionOptions, bool withFailover)',
  ].join('\n');

  it('reads a wait that timed out while establishing the connection as not reachable, not as a query timeout', () => {
    expect(ids(connectWaitTimedOut)).toEqual(['sql-network-related-error']);
  });
});
