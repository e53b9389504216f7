/**
 * Sixth round of checking the analyzer against real error texts, second part (the first is
 * public-reports-round6.test.ts): proxies, name resolution in .NET, Node and Java, the relay of
 * interactive authoring, certificate revocation and trust, resets and connect timeouts, node state.
 * Each text is kept as its source prints it ("..." and masks are the source's own), with its address
 * above it; expected values were read off the text by hand.
 */
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { commandsOf, ids, lines } from './support';

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
