/**
 * Sixth round of checking the analyzer against real error texts (earlier rounds: public-reports.test.ts,
 * public-reports-connectors.test.ts, public-reports-round4.test.ts, public-reports-round5.test.ts).
 * This round leans on connectivity: registration and the cloud service, proxies, certificate trust and
 * revocation, name resolution in .NET and Java, socket errors, node-to-node traffic, SQL over the
 * network and storage endpoints. Each text is kept as its source prints it ("..." and masks are the
 * source's own), with its address above it; expected values were read off the text by hand.
 */
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';

const ids = (text: string) => analyzeLog(text).matches.map((match) => match.id);
const commandsOf = (text: string, shell: 'powershell' | 'cmd' | 'sh') => analyzeLog(text).commands.filter((command) => command.shell === shell);
const lines = (text: string, shell: 'powershell' | 'cmd' | 'sh') => commandsOf(text, shell).map((command) => command.text);

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

describe('proxies', () => {
  // github.com/microsoft/AzureStorageExplorer/issues/627 (the client's error, then the proxy's own log line; address masked by the poster)
  const proxyLog = `"message": "\\"ERR_TUNNEL_CONNECTION_FAILED\\""

As you can see, Username and Password is not send to the Proxy:

2018-08-31 07:26:01 2 xx.xx.xx.xx TCP_DENIED 407 300 277 CONNECT tcp://login.microsoftonline.com:443/ - - - "Technology/Internet" DENIED - http.proxy "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) StorageExplorer/1.4.1 Chrome/61.0.3163.100 Electron/2.0.0 Safari/537.36"`;

  it('reads the proxy log\'s TCP_DENIED 407 and requests the tunnelled host over HTTPS', () => {
    const report = analyzeLog(proxyLog);
    expect(report.matches.map((match) => match.id)).toEqual(['proxy-authentication-required', 'proxy-rejected-request']);
    expect(report.proxies).toEqual([]);
    const request = commandsOf(proxyLog, 'powershell').find((command) => command.text.startsWith('$settings'));
    expect(request?.text).toContain("-Uri 'https://login.microsoftonline.com/'");
  });

  // github.com/Azure/azure-powershell/issues/26402 (Connect-AzAccount's error records)
  const errorRecords = `Message        : An error occurred while sending the request.
StackTrace     :    at System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw()
                    at System.Runtime.CompilerServices.TaskAwaiter.HandleNonSuccessAndDebuggerNotification(Task task)
                    at Azure.Core.Pipeline.HttpClientTransport.<ProcessSyncOrAsync>d__12.MoveNext()
Exception      : System.Net.Http.HttpRequestException
InvocationInfo : {Connect-AzAccount}
Line           : connect-azaccount -DeviceCode
Position       : At line:1 char:1
                 + connect-azaccount -DeviceCode
                 + ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
HistoryId      : 2

Message        : The remote server returned an error: (407) Proxy Authentication Required.
StackTrace     :    at System.Net.HttpWebRequest.EndGetResponse(IAsyncResult asyncResult)
                    at System.Net.Http.HttpClientHandler.GetResponseCallback(IAsyncResult ar)
Exception      : System.Net.WebException
InvocationInfo : {Connect-AzAccount}
Line           : connect-azaccount -DeviceCode
Position       : At line:1 char:1
                 + connect-azaccount -DeviceCode
                 + ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
HistoryId      : 2`;
  // github.com/Azure/azure-sdk-for-net/issues/29011
  const sdkStatus = `Azure.RequestFailedException: Service request failed.  Status: 407 (Proxy Authentication Required) 
Your credentials could not be authenticated: "Credentials are missing.". You will not be permitted access until your credentials can be verified.
incorrect username and/or password, but could also be caused by network problems.`;
  // github.com/Azure/azure-sdk-for-java/issues/2030
  const javaTunnel = `java.lang.RuntimeException: java.io.IOException: java.io.IOException: Unable to tunnel through proxy. Proxy returns "HTTP/1.1 407 Proxy Authentication Required"

	at rx.exceptions.Exceptions.propagate(Exceptions.java:58)
	at rx.observables.BlockingObservable.blockForSingle(BlockingObservable.java:464)
	at com.microsoft.azure.management.resources.implementation.SubscriptionsInner.list(SubscriptionsInner.java:244)`;

  it.each([errorRecords, sdkStatus, javaTunnel])('reads a 407 from .NET, the Azure SDK and Java alike, and checks the service account', (text) => {
    const report = analyzeLog(text);
    expect(report.matches[0].id).toBe('proxy-authentication-required');
    expect(report.httpStatus.map((code) => code.value)).toEqual(['407']);
    expect(report.proxies).toEqual([]);
    expect(lines(text, 'cmd')).toContain('sc qc DIAHostService');
  });

  // github.com/git-tfs/git-tfs/issues/997
  const badGateway = `One or more errors.
HTTP code 502: Bad Gateway
The remote server returned an error: (502) Bad Gateway.`;

  it('reads a 502 as a device in the middle answering', () => {
    const report = analyzeLog(badGateway);
    expect(report.matches.map((match) => match.id)).toEqual(['proxy-rejected-request']);
    expect(report.httpStatus.map((code) => code.value)).toEqual(['502']);
  });
});

describe('name resolution', () => {
  // github.com/Azure/Azure-Media-Services-Explorer/issues/88 (Azure China storage without "core")
  const chinaStorage = "The remote name could not be resolved: 'fornorthmedia.blob.chinacloudapi.cn'";

  it('spots a storage name without its core label and looks up the likely spelling', () => {
    const report = analyzeLog(chinaStorage);
    expect(report.matches[0].id).toBe('dns-remote-name-not-resolved');
    expect(report.misspelledHosts).toEqual([{ host: 'fornorthmedia.blob.chinacloudapi.cn', didYouMean: 'fornorthmedia.blob.core.chinacloudapi.cn' }]);
    expect(lines(chinaStorage, 'powershell').slice(0, 2)).toEqual(["Resolve-DnsName -Name 'fornorthmedia.blob.chinacloudapi.cn'", "Resolve-DnsName -Name 'fornorthmedia.blob.core.chinacloudapi.cn'"]);
  });

  // github.com/ohhsodead/FileMasta/issues/113
  const webClient = "System.Net.WebException: The remote name could not be resolved: 'uc1d084e07af043cf727a07b7e48.dl.dropboxusercontent.com'   at System.Net.HttpWebRequest.GetResponse()   at FileMasta.MainForm.GetTopSearches()   at FileMasta.MainForm.<LoadTopSearches>b__52_0()";
  // github.com/liprec/vsts-release-aas/issues/97 (a pipeline agent's Invoke-WebRequest)
  const pipelineAgent = `##[error]System.Net.WebException: The remote name could not be resolved: 'management.azure.com'
   at Microsoft.PowerShell.Commands.WebRequestPSCmdlet.GetResponse(WebRequest request)
   at Microsoft.PowerShell.Commands.WebRequestPSCmdlet.ProcessRecord()`;
  // github.com/microsoft/AzureStorageExplorer/issues/5840 (an Azure Files share)
  const filesShare = `Unable to retrieve child resources.

Details:
getaddrinfo ENOTFOUND etypestorage.file.core.windows.net`;
  // github.com/apache/seatunnel/issues/6927 (Java, a single-label HDFS name)
  const javaUnknownHost = `org.apache.seatunnel.connectors.seatunnel.file.source.reader.AbstractReadStrategy.getFileNamesByPath(AbstractReadStrategy.java:127)
		at org.apache.seatunnel.connectors.seatunnel.file.hdfs.source.BaseHdfsFileSource.prepare(BaseHdfsFileSource.java:76)
		... 2 more
	Caused by: java.net.UnknownHostException: fmxprod`;

  it.each([
    [webClient, 'uc1d084e07af043cf727a07b7e48.dl.dropboxusercontent.com'],
    [pipelineAgent, 'management.azure.com'],
    [filesShare, 'etypestorage.file.core.windows.net'],
    [javaUnknownHost, 'fmxprod'],
  ])('reads a failed lookup from .NET, Node and Java and looks the name up', (text, host) => {
    const report = analyzeLog(text);
    expect(report.matches[0].id).toBe('dns-remote-name-not-resolved');
    expect(report.entities.hosts).toEqual([host]);
    expect(lines(text, 'cmd')[0]).toBe(`nslookup ${host}`);
  });

  // github.com/microsoft/AzureStorageExplorer/issues/824 (the lookup failed, a reset came later)
  const nodeLookup = `{
  "name": "Error",
  "message": "getaddrinfo ENOTFOUND saeusceprod01.blob.core.windows.net saeusceprod01.blob.core.windows.net:443",
  "stack": "Error: getaddrinfo ENOTFOUND saeusceprod01.blob.core.windows.net saeusceprod01.blob.core.windows.net:443\\n    at errnoException (dns.js:50:10)\\n    at GetAddrInfoReqWrap.onlookup [as oncomplete] (dns.js:92:26)",
  "code": "ENOTFOUND",
  "errno": "ENOTFOUND",
  "syscall": "getaddrinfo",
  "hostname": "saeusceprod01.blob.core.windows.net",
  "host": "saeusceprod01.blob.core.windows.net",
  "port": "443",
  "innerError": {
    "code": "ECONNRESET",
    "errno": "ECONNRESET",
    "syscall": "read"
  }
}`;

  it('ranks the failed lookup before the later reset and tests the storage host on 443', () => {
    const report = analyzeLog(nodeLookup);
    expect(report.matches.map((match) => match.id)).toEqual(['dns-remote-name-not-resolved', 'connection-forcibly-closed']);
    expect(report.entities.hosts).toEqual(['saeusceprod01.blob.core.windows.net']);
    expect(lines(nodeLookup, 'powershell')).toContain("Test-NetConnection -ComputerName 'saeusceprod01.blob.core.windows.net' -Port 443");
  });
});

describe('the relay of interactive authoring', () => {
  // github.com/microsoft/Microsoft-Fabric-workload-development-sample/issues/101 (a relay listener, as the runtime holds one for interactive authoring)
  const endpointMissing = `[2024-09-24 16:06:05.335] [Error] Relay listener went offline, terminating, ex: Microsoft.Azure.Relay.EndpointNotFoundException: Endpoint does not exist. TrackingId:ec2e6d86-90c7-40c0-b6cc-7ad91ccd8c6c_G57, 
SystemTracker:sb://pbip-westeurope-wl-proxy-relay-5.servicebus.windows.net/f1e94993-9788-4337-9441-dadee1b415a6_org.quantexa_workload, Timestamp:2024-09-24T15:06:04
 ---> System.Net.WebSockets.WebSocketException (0x80004005): The server returned status code '404' when status code '101' was expected.
   at Microsoft.Azure.Relay.WebSockets.NetCore21.WebSocketHandle.ConnectAsyncCore(Uri uri, CancellationToken cancellationToken, ClientWebSocketOptions options)`;

  it('reads "Endpoint does not exist" as a relay that answered with no listener, not as a blocked relay', () => {
    const report = analyzeLog(endpointMissing);
    expect(report.matches.map((match) => match.id)).toEqual(['relay-listener-not-connected']);
    expect(report.entities.hosts).toEqual(['pbip-westeurope-wl-proxy-relay-5.servicebus.windows.net']);
    expect(lines(endpointMissing, 'cmd')).toEqual(['sc query DIAHostService', 'wevtutil qe "Integration Runtime" /c:20 /rd:true /f:text /q:"*[System[(Level=2)]]"']);
  });

  // github.com/Azure/logicapps/issues/1054 (an on-premises data gateway, the runtime's sibling, behind a cloud connector)
  const gatewayOffline = `{
  "status": 404,
  "message": "The gateway is either offline or could not be reached.\\r\\n     inner exception: Gateway on endpoint 'sb://wabi-us-central-a-primary-relay5.servicebus.windows.net/07b2c933-a95d-4653-afd9-83d07c42db6d/' is unreachable.\\r\\n         inner exception: The communication object, Microsoft.ServiceBus.Channels.ClientFramingDuplexSessionChannel, cannot be used for communication because it is in the Faulted state.\\r\\nclientRequestId: 8f944bb1-8635-43b9-94f9-0962fc1832ff",
  "error": {
    "message": "The gateway is either offline or could not be reached.\\r\\n     inner exception: Gateway on endpoint 'sb://wabi-us-central-a-primary-relay5.servicebus.windows.net/07b2c933-a95d-4653-afd9-83d07c42db6d/' is unreachable.\\r\\n         inner exception: The communication object, Microsoft.ServiceBus.Channels.ClientFramingDuplexSessionChannel, cannot be used for communication because it is in the Faulted state."
  },
  "source": "sql-eus.azconn-eus-002.p.azurewebsites.net"
}`;

  it('reads a gateway the cloud could not reach through the relay as its listener being offline', () => {
    const report = analyzeLog(gatewayOffline);
    expect(report.matches.map((match) => match.id)).toEqual(['relay-listener-not-connected']);
    expect(report.entities.urls).toEqual(['sb://wabi-us-central-a-primary-relay5.servicebus.windows.net/07b2c933-a95d-4653-afd9-83d07c42db6d/']);
  });
});

describe('certificates and sockets', () => {
  // github.com/jstedfast/MailKit/issues/1132 (.NET's chain errors, listed)
  const revocationList = `The server's SSL certificate could not be validated for the following reasons:
• The server certificate has the following errors:
• The revocation function was unable to check revocation for the certificate.
• The revocation function was unable to check revocation because the revocation server was offline.
• An intermediate certificate has the following errors:
• The revocation function was unable to check revocation for the certificate.
• The revocation function was unable to check revocation because the revocation server was offline.`;
  // github.com/AnInsomniacy/aria2-next/issues/35 (Windows' Schannel, with the HRESULT)
  const revocationSchannel = `[error] CUID#8 - Download aborted. URI=https://www.avidemux.org/nightly/win64/avidemux_mingw64_20260806.zip
Exception: [./src/SocketCore.cc:1018] errorCode=1 SSL/TLS handshake failure: Error: The revocation function was unable to check revocation because the revocation server was offline.
(80092013)`;

  it('reads an offline revocation server and checks the chain of the host the text names', () => {
    expect(ids(revocationList)).toEqual(['certificate-chain-revocation']);
    expect(lines(revocationList, 'powershell')[0]).toContain('[Net.Sockets.TcpClient]::new(<host>, 443)');
    expect(ids(revocationSchannel)).toEqual(['certificate-chain-revocation']);
    expect(lines(revocationSchannel, 'powershell')[0]).toContain("[Net.Sockets.TcpClient]::new('www.avidemux.org', 443)");
  });

  // github.com/microsoft/azure-tools-for-java/issues/5365
  const pkix = 'javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target';

  it('reads Java\'s PKIX failure as an untrusted chain', () => {
    const report = analyzeLog(pkix);
    expect(report.matches.map((match) => match.id)).toEqual(['tls-trust-failure']);
    expect(report.entities.exceptions).toEqual(['javax.net.ssl.SSLHandshakeException', 'sun.security.provider.certpath.SunCertPathBuilderException']);
  });

  // learn.microsoft.com/azure/data-factory/self-hosted-integration-runtime-troubleshoot-guide (connectivity between the runtime and the service)
  const receiveReset = 'One or more errors occurred. An error occurred while sending the request. The underlying connection was closed: An unexpected error occurred on a receive. Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host. An existing connection was forcibly closed by the remote host Activity ID.';

  it('reads the reset the guide traces with Network Monitor and offers the capture', () => {
    const report = analyzeLog(receiveReset);
    expect(report.matches.map((match) => match.id)).toEqual(['connection-forcibly-closed']);
    expect(report.socketErrors.map((error) => error.code)).toEqual([10054]);
    expect(lines(receiveReset, 'cmd')).toContain('pktmon start --capture --comp nics --pkt-size 0 --file-name C:\\Temp\\reset.etl');
  });

  // github.com/dotnet/runtime/issues/91052 (.NET 6's HttpClient names host and port in brackets)
  const httpClientTimeout = `A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond. (prod-39.westus.logic.azure.com:443)
---> System.Net.Sockets.SocketException (10060): A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond.
at System.Net.Sockets.Socket.AwaitableSocketAsyncEventArgs.ThrowException(SocketError error, CancellationToken cancellationToken)
at System.Net.Http.HttpConnectionPool.ConnectToTcpHostAsync(String host, Int32 port, HttpRequestMessage initialRequest, Boolean async, CancellationToken cancel`;
  // github.com/sjkp/letsencrypt-siteextension/issues/392 (ASP.NET's error page, the code in hex: 0x274c is 10060)
  const aspNetTimeout = `Exception Details: System.Net.Sockets.SocketException: A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond 20.40.207.14:80

[SocketException (0x274c): A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond 20.40.207.14:80]
   System.Net.Sockets.Socket.InternalEndConnect(IAsyncResult asyncResult) +923`;

  it.each([
    [httpClientTimeout, 'prod-39.westus.logic.azure.com', 443],
    [aspNetTimeout, '20.40.207.14', 80],
  ])('reads a connect timeout and tests the endpoint it names', (text, host, port) => {
    const report = analyzeLog(text);
    expect(report.matches[0].id).toBe('connection-timed-out');
    expect(report.socketErrors.map((error) => error.code)).toEqual([10060]);
    expect(lines(text, 'powershell')[0]).toBe(`Test-NetConnection -ComputerName '${host}' -Port ${port}`);
  });
});

describe('node state', () => {
  // learn.microsoft.com/azure/data-factory/self-hosted-integration-runtime-troubleshoot-guide (2021 version, the section heading as users quote it)
  const limited = 'Self-hosted integration runtime node/ logical SHIR is in Inactive/ "Running (Limited)" state';

  it('reads Inactive / Running (Limited) as nodes that cannot reach each other on 8060', () => {
    expect(ids(limited)).toEqual(['node-inactive-limited']);
    expect(lines(limited, 'powershell')).toContain('Test-NetConnection -ComputerName <host> -Port 8060');
  });
});
