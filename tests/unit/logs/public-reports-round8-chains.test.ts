/**
 * Eighth round against real texts, second half: .NET HTTP chains, Java, SFTP, Oracle and mixed pastes
 * (the SQL Server clients are in public-reports-round8.test.ts). Each text is kept as its source prints
 * it, cut after a few stack frames, with its address above it; expected values were read off the
 * text by hand.
 */
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { ids, lines } from './support';

describe('the wrapper that names the step ranks above the reset it carries', () => {
  // github.com/AdhocAdam/smletsexchangeconnector/discussions/359 (four layers repeat the reset)
  const sendReset = 'Error: System.Management.Automation.MethodInvocationException: Exception calling "Bind" with "2" argument(s): "The request failed. The underlying connection was closed: An unexpected error occurred on a send." ---> Microsoft.Exchange.WebServices.Data.ServiceRequestException: The request failed. The underlying connection was closed: An unexpected error occurred on a send. ---> System.Net.WebException: The underlying connection was closed: An unexpected error occurred on a send. ---> System.IO.IOException: Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host. ---> System.Net.Sockets.SocketException: An existing connection was forcibly closed by the remote host';

  it('puts the closed TLS send first, although the reset collects more evidence', () => {
    const report = analyzeLog(sendReset);
    expect(report.matches.map((match) => [match.id, match.score])).toEqual([
      ['tls-secure-channel-failed', 2],
      ['connection-forcibly-closed', 4],
    ]);
  });

  // github.com/microsoft/fhir-server/issues/1982 (an HTTPS client aimed at port 1433)
  const httpsToSqlPort = [
    'schema-manager available -s https://fhirsrvdemo.database.windows.net:1433',
    'failUnhandled exception: : SchemaManager.Core.SqlSchemaManager[0]',
    '      Unable to connect to host "https://fhirsrvdemo.database.windows.net:1433/".',
    '      System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner exception.',
    '       ---> System.IO.IOException: Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host..',
    '       ---> System.Net.Sockets.SocketException (10054): An existing connection was forcibly closed by the remote host.',
    '         --- End of inner exception stack trace ---',
    '         at System.Net.Sockets.Socket.AwaitableSocketAsyncEventArgs.ThrowException(SocketError error, CancellationToken cancellationToken)',
    '         at System.Net.Sockets.Socket.AwaitableSocketAsyncEventArgs.GetResult(Int16 token)',
    '         at System.Net.Security.SslStream.<FillHandshakeBufferAsync>g__InternalFillHandshakeBufferAsync|182_0[TIOAdapter](TIOAdapter adap, ValueTask`1 task, Int32 minSize)',
    '         at System.Net.Security.SslStream.ReceiveBlobAsync[TIOAdapter](TIOAdapter adapter)',
    '         at System.Net.Security.SslStream.ForceAuthenticationAsync[TIOAdapter](TIOAdapter adapter, Boolean receiveFirst, Byte[] reAuthenticationData, Boolean isApm)',
  ].join('\n');

  // Round 9: an HTTPS URL on 1433 is a setting holding the wrong kind of address, not a TLS fault to chase.
  it('reads an HTTPS client on port 1433 as the wrong protocol for the port, the reset as how it surfaced', () => {
    expect(ids(httpsToSqlPort)).toEqual(['sql-port-wrong-protocol', 'connection-forcibly-closed']);
    expect(lines(httpsToSqlPort, 'sh')[0]).toBe("nc -vz -w 5 'fhirsrvdemo.database.windows.net' 1433");
  });

  // github.com/sshnet/SSH.NET/issues/537
  const sshReset = [
    'Renci.SshNet.Common.SshConnectionException: An existing connection was forcibly closed by the remote host ---> System.Net.Sockets.SocketException: An existing connection was forcibly closed by the remote host',
    '   at System.Net.Sockets.Socket.Receive(Byte[] buffer, Int32 offset, Int32 size, SocketFlags socketFlags)',
    '   at Renci.SshNet.Abstractions.SocketAbstraction.Read(Socket socket, Byte[] buffer, Int32 offset, Int32 size, TimeSpan timeout)',
    '   at Renci.SshNet.Session.TrySocketRead(Byte[] buffer, Int32 offset, Int32 length)',
    '   at Renci.SshNet.Session.ReceiveMessage()',
    '   at Renci.SshNet.Session.MessageListener()',
    '   --- End of inner exception stack trace ---',
    '   at Renci.SshNet.Session.WaitOnHandle(WaitHandle waitHandle, TimeSpan timeout)',
    '   at Renci.SshNet.Session.WaitOnHandle(WaitHandle waitHandle)',
    '   at Renci.SshNet.Session.Connect()',
    '   at Renci.SshNet.BaseClient.Connect()',
    '   at FtpEngine.ftp.Upload.UploadFilestoSFTPUsingSSH(tb_ftpconfig _configs)',
  ].join('\n');

  it('reads SSH.NET\'s reset during Session.Connect as the SFTP server refusing, tested on port 22', () => {
    expect(ids(sshReset)).toEqual(['sftp-server-unreachable', 'connection-forcibly-closed']);
    expect(lines(sshReset, 'sh').slice(0, 2)).toEqual(['nc -vz -w 5 <host> 22', 'nc -w 10 <host> 22 </dev/null | head -n 1']);
  });

  // github.com/googleapis/google-api-dotnet-client/issues/1714
  const untrustedChain = [
    'System.Net.Http.HttpRequestException: An error occurred while sending the request. ---> System.Net.WebException: The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel. ---> System.Security.Authentication.AuthenticationException: The remote certificate is invalid according to the validation procedure.',
    '   at System.Net.TlsStream.EndWrite(IAsyncResult asyncResult)',
    '   at System.Net.PooledStream.EndWrite(IAsyncResult asyncResult)',
    '   at System.Net.ConnectStream.WriteHeadersCallback(IAsyncResult ar)',
    '   --- End of inner exception stack trace ---',
    '   at System.Net.HttpWebRequest.EndGetResponse(IAsyncResult asyncResult)',
    '   at System.Net.Http.HttpClientHandler.GetResponseCallback(IAsyncResult ar)',
    '   --- End of inner exception stack trace ---',
    '   at Google.Apis.Requests.ClientServiceRequest`1.Execute() in C:\\Users\\mdril\\Documents\\GitHub\\google-api-dotnet-client\\Src\\GoogleApis\\Apis\\Requests\\ClientServiceRequest.cs:line 96',
  ].join('\n');

  it('reads the innermost AuthenticationException of an HTTP chain as a trust failure', () => {
    expect(ids(untrustedChain)).toEqual(['tls-trust-failure']);
  });
});

describe('name resolution wrapped in HTTP errors', () => {
  // github.com/cyanlabs/Syn3Updater/issues/99
  const threeMessages = [
    'Error: System.Net.WebException',
    '',
    'Message: Unable to connect to the remote server',
    'Message: The remote server returned an error: (503) Server Unavailable.',
    'Message: The remote name could not be resolved: \'ivsubinaries.azureedge.net\'',
  ].join('\n');

  it('puts the unresolved name above the failed connection and the 503 around it', () => {
    expect(ids(threeMessages)).toEqual(['dns-remote-name-not-resolved', 'connection-timed-out']);
    expect(lines(threeMessages, 'sh')[0]).toBe("nslookup 'ivsubinaries.azureedge.net'");
  });

  // github.com/sendgrid/sendgrid-csharp/issues/463
  const aggregateDns = [
    'System.AggregateException: One or more errors occurred. ---> System.Net.Http.HttpRequestException: An error occurred while sending the request. ---> System.Net.WebException: The remote name could not be resolved: ‘api.sendgrid.com’',
    '',
    'at System.Net.HttpWebRequest.EndGetRequestStream(IAsyncResult asyncResult, TransportContext& context)',
    'at System.Net.Http.HttpClientHandler.GetRequestStreamCallback(IAsyncResult ar)',
    '--- End of inner exception stack trace ---',
    'at System.Runtime.CompilerServices.TaskAwaiter.ThrowForNonSuccess(Task task)',
  ].join('\n');

  it('reads the innermost WebException of an AggregateException as the unresolved name', () => {
    expect(ids(aggregateDns)).toEqual(['dns-remote-name-not-resolved']);
    expect(lines(aggregateDns, 'sh')).toEqual(["nslookup 'api.sendgrid.com'"]);
  });

  // github.com/Jackett/Jackett/issues/3705 (log lines around the error; PERSONNAL_IP masks an address)
  const monoNameFailure = [
    'Aug 29, 2018 10:19:57 AM | Info | Executed action Jackett.Server.Controllers.IndexerApiController.Config (JackettConsole) in 3.3237ms',
    'Aug 29, 2018 10:19:57 AM | Info | Executing ObjectResult, writing value of type \'Newtonsoft.Json.Linq.JArray\'.',
    'Aug 29, 2018 10:19:57 AM | Info | Authorization was successful.',
    'Aug 29, 2018 10:19:57 AM | Info | Request starting HTTP/1.1 GET http://PERSONNAL_IP:9117/api/v2.0/indexers/torrent9/config?_=1535530794273',
    'Aug 29, 2018 10:19:55 AM | Info | Request finished in 131.7401ms 500 application/json',
    'Aug 29, 2018 10:19:55 AM | Error | Jackett.Common.IndexerException: Exception (torrent9): Error: NameResolutionFailure ---> System.Net.Http.HttpRequestException: An error occurred while sending the request ---> System.Net.WebException: Error: NameResolutionFailure',
    '  at System.Net.WebConnection+<Connect>d__16.MoveNext () [0x00044] in <8ee4894d1ff9491db5d213c2533abdee>:0 ',
  ].join('\n');

  it('reads Mono\'s NameResolutionFailure as DNS and leaves the poster\'s placeholder out of the look-up', () => {
    const report = analyzeLog(monoNameFailure);
    expect(report.matches.map((match) => match.id)).toEqual(['dns-remote-name-not-resolved']);
    expect(report.entities.hosts).toEqual([]);
    expect(lines(monoNameFailure, 'sh')[0]).toBe('nslookup <host>');
  });
});

describe('one transport symptom in a longer chain', () => {
  // github.com/equinor/witsml-explorer/issues/1993
  const wcfReset = [
    'An unexpected exception has occured: "System.ServiceModel.CommunicationException: An error occurred while sending the request.',
    ' ---> System.Net.Http.HttpRequestException: An error occurred while sending the request.',
    ' ---> System.IO.IOException: Unable to read data from the transport connection: Connection reset by peer.',
    ' ---> System.Net.Sockets.SocketException (104): Connection reset by peer',
    '   --- End of inner exception stack trace ---',
    '...',
    '--- End of stack trace from previous location ---',
    '   at Witsml.WitsmlClient.UpdateInStoreAsync[T](T query) in /build/Src/Witsml/WitsmlClient.cs:line 295',
  ].join('\n');

  it('reads a CommunicationException whose innermost SocketException is a reset', () => {
    expect(ids(wcfReset)).toEqual(['connection-forcibly-closed']);
  });

  // github.com/microsoft/mssql-jdbc/issues/588 (the "Caused by" of the post, wrapped lines rejoined)
  const javaReset = [
    'Caused by: java.net.SocketException: Connection reset',
    '        at java.net.SocketOutputStream.socketWrite(SocketOutputStream.java:113)',
    '        at java.net.SocketOutputStream.write(SocketOutputStream.java:153)',
    '        at com.microsoft.sqlserver.jdbc.TDSChannel$ProxyOutputStream.writeInternal(IOBuffer.java:1109)',
    '        at com.microsoft.sqlserver.jdbc.TDSChannel$ProxyOutputStream.write(IOBuffer.java:1100)',
    '        at sun.security.ssl.OutputRecord.writeBuffer(OutputRecord.java:431)',
    '        at sun.security.ssl.OutputRecord.write(OutputRecord.java:417)',
    '        at sun.security.ssl.SSLSocketImpl.writeRecordInternal(SSLSocketImpl.java:876)',
    '        at sun.security.ssl.SSLSocketImpl.writeRecord(SSLSocketImpl.java:847)',
    '        at sun.security.ssl.AppOutputStream.write(AppOutputStream.java:123)',
  ].join('\n');

  it('reads Java\'s \'java.net.SocketException: Connection reset\' as a reset', () => {
    expect(ids(javaReset)).toEqual(['connection-forcibly-closed']);
  });

  // github.com/microsoft/azure-pipelines-tasks/issues/9219
  const servicePrincipalTimeout = '2018-12-14T17:38:43.1589619Z ##[debug]System.Exception: There was an error with the service principal used for the deployment. ---> System.Net.Http.HttpRequestException: An error occurred while sending the request. ---> System.Net.WebException: Unable to connect to the remote server ---> System.Net.Sockets.SocketException: A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond 52.162.120.220:443';

  it('tests the address and port at the end of a four-layer chain', () => {
    expect(ids(servicePrincipalTimeout)).toEqual(['connection-timed-out']);
    expect(lines(servicePrincipalTimeout, 'sh')[0]).toBe("nc -vz -w 5 '52.162.120.220' 443");
  });

  // github.com/Azure/azure-sdk-for-net/issues/37694
  const sdkNetworkTimeout = [
    ' ---> (Inner Exception #2) System.Threading.Tasks.TaskCanceledException: The operation was cancelled because it exceeded the configured timeout of 0:01:40. Network timeout can be adjusted in ClientOptions.Retry.NetworkTimeout.',
    ' ---> System.Threading.Tasks.TaskCanceledException: A task was canceled.',
    '   at System.Net.Http.HttpClient.HandleFailure(Exception e, Boolean telemetryStarted, HttpResponseMessage response, CancellationTokenSource cts, CancellationToken cancellationToken, CancellationTokenSource pendingRequestsCts)',
    '   at System.Net.Http.HttpClient.Send(HttpRequestMessage request, HttpCompletionOption completionOption, CancellationToken cancellationToken)',
    '   at Azure.Core.Pipeline.HttpClientTransport.ProcessAsync(HttpMessage message, Boolean async)',
    '   at Azure.Core.Pipeline.HttpClientTransport.Process(HttpMessage message)',
  ].join('\n');

  it('reads the Azure SDK\'s exceeded network timeout as an HTTP timeout', () => {
    expect(ids(sdkNetworkTimeout)).toEqual(['http-request-timeout']);
  });

  // github.com/linq2db/linq2db/issues/2302
  const oracleReadTimeout = [
    'System.AggregateException: One or more errors occurred. (ORA-12570: Network Session: Unexpected packet read error) (ORA-12570: Network Session: Unexpected packet read error)',
    ' ---> Oracle.ManagedDataAccess.Client.OracleException (0x80004005): ORA-12570: Network Session: Unexpected packet read error',
    ' ---> OracleInternal.Network.NetworkException (0x80004005): ORA-12570: Network Session: Unexpected packet read error',
    ' ---> System.Net.Sockets.SocketException (10060): A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond.',
    '   at OracleInternal.Network.ReaderStream.Read(OraBuf OB)',
    '   at OracleInternal.Network.ReaderStream.Read(OraBuf OB)',
    '   at OracleInternal.TTC.OraBufReader.GetDataFromNetwork()',
    '   at OracleInternal.TTC.OraBufReader.Read(Boolean bIgnoreData)',
  ].join('\n');

  // Round 9: the session was dropped on the way (an idle timeout in a firewall or NAT); the socket timeout is how it surfaced.
  it('reads ORA-12570 over a socket timeout as a dropped Oracle session, the timeout second', () => {
    expect(ids(oracleReadTimeout)).toEqual(['oracle-session-dropped', 'connection-timed-out']);
  });

  // github.com/oracle/node-oracledb/issues/502 (one log line)
  const tnsTimeout = '2016-09-06T16:25:40.665Z, [request,info] data: ORA-12170: TNS: Connect timeout occurred';

  it('reads ORA-12170 in a log line as Oracle\'s connect timeout on 1521', () => {
    expect(ids(tnsTimeout)).toEqual(['oracle-tns-connect-timeout']);
    expect(lines(tnsTimeout, 'sh')[0]).toBe('nc -vz -w 5 <host> 1521');
  });
});

describe('separate records keep their own order', () => {
  // github.com/Azure/Azure-DataFactory/issues/478 (the activity error and the Windows log line, pasted together)
  const activityAndEventLog = [
    'Error in ADF activity: "Operation on target LookupTables failed: The Self-hosted Integration Runtime \'[IR-Name]\' is offline, last connect time is \'11/21/2022 04:23:29.828 UTC\', Self-hosted Integration Runtime id is \'[Id]\'."',
    '',
    'Error in windows log: "Failed to get service token from ADF service with key [Key] and time cost is: 28.6497341 seconds, the error code is: UnexpectedFault, activityId is: [Id] and detailed error message is Processed HTTP request failed."',
  ].join('\n');

  it('puts the failed token request from the event log above the offline runtime it explains', () => {
    expect(ids(activityAndEventLog)).toEqual(['cloud-service-unreachable', 'runtime-offline']);
  });

  // github.com/Mimetis/Dotmim.Sync/issues/1306, a blank line, then github.com/dotnet/corefx/issues/22725
  const twoPastesApart = [
    '2/25/2025 9:24:16 AM: Dotmim.Sync.SyncException: [NeedsToUpgradeAsync]..A transport-level error has occurred when receiving results from the server. (provider: TCP Provider, error: 0 - An existing connection was forcibly closed by the remote host.)',
    ' ---> Microsoft.Data.SqlClient.SqlException (0x80131904): A transport-level error has occurred when receiving results from the server. (provider: TCP Provider, error: 0 - An existing connection was forcibly closed by the remote host.)',
    ' ---> System.ComponentModel.Win32Exception (10054): An existing connection was forcibly closed by the remote host.',
    '   at Microsoft.Data.SqlClient.SqlCommand.EndExecuteReaderAsync(IAsyncResult asyncResult)',
    '   at System.Threading.Tasks.TaskFactory`1.FromAsyncCoreLogic(IAsyncResult iar, Func`2 endFunction, Action`1 endAction, Task`1 promise, Boolean requiresSynchronization)',
    '--- End of stack trace from previous location ---',
    '   at Dotmim.Sync.SqlServer.SqlManagementUtils.GetTableAsync(String tableName, String schemaName, SqlConnection connection, SqlTransaction transaction) in /_/Projects/Dotmim.Sync.SqlServer/SqlManagementUtils.cs:line 129',
    '   at Dotmim.Sync.RemoteOrchestrator.NeedsToUpgradeAsync(SyncContext context) in /_/Projects/Dotmim.Sync.Core/Orchestrators/Upgrade/RemoteOrchestrator.Upgrade.cs:line 40',
    '',
    'System.Data.SqlClient.SqlException occurred',
    '  HResult=0x80131904',
    '  Message=A network-related or instance-specific error occurred while establishing a connection to SQL Server. The server was not found or was not accessible. Verify that the instance name is correct and that SQL Server is configured to allow remote connections. (provider: TCP Provider, error: 35 - An internal exception was caught)',
    '  Source=Core .Net SqlClient Data Provider',
    '  StackTrace:',
    '   at System.Data.SqlClient.SqlInternalConnectionTds..ctor(DbConnectionPoolIdentity identity, SqlConnectionString connectionOptions, Object providerInfo, Boolean redirectedUserInstance, SqlConnectionString userConnectionOptions, SessionData reconnectSessionData, Boolean applyTransientFaultHandling)',
  ].join('\n');

  it('keeps a reset from another paste in its place when a blank line separates the two', () => {
    expect(ids(twoPastesApart)).toEqual(['connection-forcibly-closed', 'sql-network-related-error']);
  });

  // github.com/microsoft/azure-pipelines-tasks/issues/9219, then github.com/robertpopa22/mRemoteNG/issues/165 on the next lines
  const twoLogLines = [
    '2018-12-14T17:38:43.1589619Z ##[debug]System.Exception: There was an error with the service principal used for the deployment. ---> System.Net.Http.HttpRequestException: An error occurred while sending the request. ---> System.Net.WebException: Unable to connect to the remote server ---> System.Net.Sockets.SocketException: A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond 52.162.120.220:443',
    '> 2026-08-10 13:05:28,009 [2] ERROR - SaveExternalAppsToSQL failed',
    '> A network-related or instance-specific error occurred while establishing a connection to SQL Server. The server was not found or was not accessible. Verify that the instance name is correct and that SQL Server is configured to allow remote connections. (provider: TCP Provider, error: 0 - The wait operation timed out.)',
    '>    at void Microsoft.Data.SqlClient.SqlInternalConnection.OnError(SqlException exception, bool breakConnection, Action<Action> wrapCloseInAction)',
    '>    at void Microsoft.Data.SqlClient.TdsParser.ThrowExceptionAndWarning(TdsParserStateObject stateObj, SqlCommand command, bool callerHasConnectionLock, bool asyncClose)',
    '>    at void Microsoft.Data.SqlClient.TdsParser.Connect(ServerInfo serverInfo, SqlInternalConnectionTds connHandler, TimeoutTimer timeout, SqlConnectionString connectionOptions, bool withFailover)',
  ].join('\n');

  it('reads a timestamped line as a new record, so the earlier timeout keeps its higher score', () => {
    expect(ids(twoLogLines)).toEqual(['connection-timed-out', 'sql-network-related-error']);
  });
});
