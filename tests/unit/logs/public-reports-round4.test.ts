/**
 * Fourth round of checking the analyzer against error texts people posted in public threads (the
 * earlier rounds are public-reports.test.ts and public-reports-connectors.test.ts). Each text is
 * kept as posted, with its source above it; the expected issue, values and commands were read off
 * the text by hand. Some come from tools other than the runtime (sqlcmd, AzCopy, SAP's RFC library)
 * because the runtime's connectors print the same driver and socket messages.
 */
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { fixture } from './support';

function commandsOf(text: string, shell: 'powershell' | 'cmd' | 'sh'): string[] {
  return analyzeLog(text).commands.filter((command) => command.shell === shell).map((command) => command.text);
}

const ids = (text: string) => analyzeLog(text).matches.map((match) => match.id);

describe('proxies', () => {
  // github.com/microsoft/artifacts-credprovider/issues/495 (.NET's wording of a 407 from the proxy)
  const tunnel = `error:     [CredentialProvider]Failed to acquire session token: System.Net.Http.HttpRequestException: The proxy tunnel request to proxy 'http://web-proxy.snb.zz:8080/' failed with status code '407'."`;

  it('names the proxy asking for credentials, and reads the proxy it names as the proxy', () => {
    const report = analyzeLog(tunnel);
    expect(report.matches[0].id).toBe('proxy-authentication-required');
    expect(report.proxies).toEqual(['http://web-proxy.snb.zz:8080']);
    expect(report.httpStatus.map((code) => code.value)).toEqual(['407']);
  });

  it('requests the service through that proxy rather than requesting the proxy through itself', () => {
    expect(commandsOf(tunnel, 'sh')).toContain("curl -sSI --proxy 'http://web-proxy.snb.zz:8080' https://<region>.frontend.clouddatahub.net/");
    expect(commandsOf(tunnel, 'powershell').join('\n')).not.toContain("-Uri 'http://web-proxy.snb.zz:8080/'");
  });
});

describe('SQL Server and Azure SQL', () => {
  // github.com/microsoft/azure-pipelines-tasks/issues/3981 (client address masked by the poster)
  it('reads the Azure SQL firewall refusal with a masked address, and leaves the address and resource group as gaps', () => {
    const text = "System.Data.SqlClient.SqlException: Cannot open server '' requested by the login. Client with IP address '104.210.149.xxx' is not allowed to access the server.  To enable access, use the Windows Azure Management Portal or run sp_set_firewall_rule on the master database to create a firewall rule for this IP address or address range.";
    const report = analyzeLog(text);
    expect(report.matches.map((match) => match.id)).toEqual(['azure-sql-firewall']);
    expect(report.entities.ips).toEqual([]);
    const rule = report.commands.find((command) => command.shell === 'powershell');
    expect(rule?.missing).toEqual(expect.arrayContaining(['ip', 'resource-group']));
  });

  // github.com/Azure/sql-action/issues/125 (sqlcmd through ODBC Driver 17)
  it('reads the ODBC driver\'s wording of an unreachable server, and takes no host from "for SQL Server : …"', () => {
    const text = fixture('public-sqlcmd-odbc-named-pipes.txt');
    const report = analyzeLog(text);
    expect(report.matches.map((match) => match.id)).toEqual(['sql-network-related-error']);
    expect(report.entities.hosts).toEqual([]);
    expect(commandsOf(text, 'powershell')[0]).toBe('Test-NetConnection -ComputerName <host> -Port 1433');
  });

  // github.com/microsoft/MCW-Migrating-SQL-databases-to-Azure/issues/4
  it('reads a TCP provider timeout as both the SQL wrapper and the socket timeout', () => {
    const text = 'A network-related or instance-specific error occurred while establishing a connection to SQL Server. The server was not found or was not accessible. Verify that the instance name is correct and that SQL Server is configured to allow remote connections. (provider: TCP Provider, error: 0 - A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond.)';
    const report = analyzeLog(text);
    expect(report.matches.map((match) => match.id)).toEqual(['sql-network-related-error', 'connection-timed-out']);
    expect(report.socketErrors.map((error) => error.code)).toEqual([10060]);
  });

  // github.com/microsoft/azuredatastudio/issues/107
  it('puts name resolution before the SQL wrapper when the provider says the host is unknown', () => {
    const report = analyzeLog(fixture('public-sql-no-such-host.txt'));
    expect(report.matches.map((match) => match.id)).toEqual(['dns-remote-name-not-resolved', 'sql-network-related-error']);
    expect(report.socketErrors.map((error) => error.code)).toEqual([11001]);
    expect(report.hresults.map((code) => code.value)).toEqual(['0x80131904', '0x80004005']);
  });
});

describe('TLS and certificates', () => {
  // github.com/microsoft/AL/issues/1414 (the exception's properties as the poster listed them)
  it('reads a secure channel failure from an exception property dump', () => {
    const report = analyzeLog(fixture('public-secure-channel-failure-status.txt'));
    expect(report.matches[0].id).toBe('tls-secure-channel-failed');
    expect(report.entities.exceptions).toEqual(['System.Net.WebException']);
    expect(report.hresults.map((code) => code.value)).toEqual(['-2146233079']);
  });

  // github.com/Azure-Samples/MipSDK-File-Dotnet-Quickstart/issues/14
  it('reads WinHTTP\'s failed revocation check and checks the chain of the endpoint it names', () => {
    const text = 'SSL error: WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED failed to check revocation status from endpoint api.aadrm.com';
    const report = analyzeLog(text);
    expect(report.matches.map((match) => match.id)).toEqual(['certificate-chain-revocation']);
    expect(report.entities.hosts).toEqual(['api.aadrm.com']);
    expect(commandsOf(text, 'sh')).toContain("openssl s_client -connect 'api.aadrm.com':443 -servername 'api.aadrm.com' -status </dev/null");
    expect(commandsOf(text, 'powershell')[0]).toContain("$chain.ChainPolicy.RevocationMode = 'Online'");
  });

  // github.com/MicrosoftDocs/azure-docs/issues/107495 (quoting the troubleshooting guide's heading)
  it('reads the trust relationship failure named in prose', () => {
    expect(ids('a proxy that performs an SSL inspection, as described in "Couldn\'t establish a trust relationship for the SSL/TLS secure channel"')[0]).toBe('tls-trust-failure');
  });
});

describe('Azure Storage', () => {
  // github.com/microsoft/AzureStorageExplorer/issues/8344 (message and the start of the error JSON)
  it('tests the storage account it names, not the help link in the message', () => {
    const text = fixture('public-storage-explorer-authorization-failure.txt');
    const report = analyzeLog(text);
    expect(report.matches[0].id).toBe('storage-firewall-denied');
    expect(report.entities.hosts).toEqual(['blobcdhlaunchpadeu04.blob.core.windows.net']);
    expect(report.entities.urls).toEqual(['https://blobcdhlaunchpadeu04.blob.core.windows.net/?comp=list&include=metadata']);
    expect(report.httpStatus.map((code) => code.value)).toEqual(['403']);
    const powershell = commandsOf(text, 'powershell');
    expect(powershell).toContain("Resolve-DnsName -Name 'blobcdhlaunchpadeu04.blob.core.windows.net'");
    expect(powershell).toContain("az storage account network-rule list --account-name 'blobcdhlaunchpadeu04'");
    expect(powershell.join('\n')).not.toContain('go.microsoft.com');
  });

  // github.com/Azure/azure-storage-azcopy/issues/1014 (account and container masked by the poster)
  it('takes no port from a request id or a date, and no host from a label', () => {
    const text = fixture('public-azcopy-authorization-failure.txt');
    const report = analyzeLog(text);
    expect(report.matches[0].id).toBe('storage-firewall-denied');
    expect(report.entities.ports).toEqual([]);
    expect(report.entities.hosts).toEqual(['xxxxx.blob.core.windows.net']);
    expect(report.ids.map((id) => [id.label, id.value])).toEqual([
      ['RequestId', '9331bd53-701e-0084-52d0-2f9a74000000'],
      ['Client-Request-Id', 'b353a689-199b-4161-67f8-dfeff1b352ac'],
    ]);
    expect(commandsOf(text, 'powershell')[0]).toBe("Resolve-DnsName -Name 'xxxxx.blob.core.windows.net'");
  });
});

describe('Java for Parquet and ORC', () => {
  // github.com/MicrosoftDocs/azure-docs/issues/31308 (HTML entities as the portal copied them)
  it('reads the missing Java runtime with the quotes still escaped', () => {
    const text = "Failure happened on 'Sink' side. ErrorCode=UserErrorJreNotFound,'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,Message=Java Runtime Environment could not be found.,Source=Microsoft.DataTransfer.Common,''Type=System.DllNotFoundException,Message=Unable to load DLL &apos;jvm.dll&apos;: The specified module could not be found. (Exception from HRESULT: 0x8007007E),Source=Microsoft.DataTransfer.Richfile.HiveOrcBridge,'";
    const report = analyzeLog(text);
    expect(report.matches[0].id).toBe('java-runtime-not-found');
    expect(report.hresults.map((code) => code.value)).toEqual(['0x8007007E']);
  });

  // github.com/microsoft/MCW-Azure-Synapse-Analytics-and-AI/issues/31
  it('reads an OutOfMemoryError in the Parquet reader, and no port from Java source positions', () => {
    const report = analyzeLog(fixture('public-java-direct-buffer-oom.txt'));
    expect(report.matches.map((match) => match.id)).toEqual(['java-heap-space']);
    expect(report.entities.ports).toEqual([]);
    expect(report.entities.hosts).toEqual([]);
    expect(report.entities.exceptions).toEqual(['java.lang.OutOfMemoryError']);
  });

  // github.com/Azure/Azure-DataFactory/issues/750 (a data problem, not the network)
  it('matches nothing for a decimal the Parquet writer cannot hold, and splits the glued type names', () => {
    const report = analyzeLog('ParquetJavaInvocationExceptionjava.lang.ArrayIndexOutOfBoundsException: Index 255 out of bounds for length 38ParquetWriterBuilderBridge.addDecimalColumn');
    expect(report.matches).toEqual([]);
    expect(report.entities.exceptions).toEqual(['ParquetJavaInvocationException', 'java.lang.ArrayIndexOutOfBoundsException']);
  });
});

describe('Oracle', () => {
  // github.com/oracle/node-oracledb/issues/1279 (error and the tnsnames.ora entry it used)
  it('tests the host and port of the connect descriptor', () => {
    const text = fixture('public-oracle-tns-descriptor-timeout.txt');
    const report = analyzeLog(text);
    expect(report.matches.map((match) => match.id)).toEqual(['oracle-tns-connect-timeout']);
    expect(report.entities.ips).toEqual(['192.168.1.4']);
    expect(report.entities.ports).toEqual([1521]);
    expect(commandsOf(text, 'powershell')).toContain("Test-NetConnection -ComputerName '192.168.1.4' -Port 1521");
  });

  // github.com/oracle/node-oracledb/issues/502 (Easy Connect string in the calling code)
  it('tests the host and port of an Easy Connect string', () => {
    const text = '2016-09-06T16:25:40.665Z, [request,info] data: ORA-12170: TNS: Connect timeout occurred\n      oracledb.getConnection({user: config.User,password: config.Password,connectString: "gcu12304.server.domain.com:1526/BMI"}, function(err, connection) {';
    const report = analyzeLog(text);
    expect(report.entities.hosts).toEqual(['gcu12304.server.domain.com']);
    expect(report.entities.ports).toEqual([1526]);
    expect(commandsOf(text, 'sh')).toContain("nc -vz -w 5 'gcu12304.server.domain.com' 1526");
  });

  // github.com/oracle/dbt-oracle/issues/98
  it('reads ORA-12154 as a connect identifier that never resolved', () => {
    const report = analyzeLog('The database returned the following error:\n\n  ORA-12154: TNS:could not resolve the connect identifier specified\n\nCheck your database credentials and try again.');
    expect(report.matches.map((match) => match.id)).toEqual(['oracle-tns-identifier-unresolved']);
    expect(report.commands.some((command) => command.text.includes('TNS_ADMIN'))).toBe(true);
  });
});

describe('SAP', () => {
  // github.com/SAP-archive/node-rfc/issues/112 (partner address masked by the poster)
  it('names the SAP partner not reached, tests its port, and lists no masked address as a host', () => {
    const text = fixture('public-sap-rfc-no-route.txt');
    const report = analyzeLog(text);
    expect(report.matches.map((match) => match.id)).toEqual(['sap-rfc-partner-not-reached', 'network-unreachable']);
    expect(report.entities.hosts).toEqual([]);
    expect(report.entities.ports).toEqual([3300]);
    const test = report.commands.find((command) => command.shell === 'powershell');
    expect(test).toMatchObject({ text: 'Test-NetConnection -ComputerName <host> -Port 3300', missing: ['host'] });
  });

  // github.com/SAP-archive/PyRFC/issues/366 (Windows: ERRNO 10060)
  it('names the SAP partner before the socket timeout, and tests the port from the error', () => {
    const text = fixture('public-sap-rfc-timed-out.txt');
    const report = analyzeLog(text);
    expect(report.matches.map((match) => match.id)).toEqual(['sap-rfc-partner-not-reached', 'connection-timed-out']);
    expect(report.socketErrors.map((error) => error.code)).toEqual([10060]);
    expect(report.entities.ports).toEqual([3320]);
    expect(commandsOf(text, 'powershell')[0]).toMatch(/ -Port 3320$/);
  });

  // github.com/nzamani/sap-nw-abap-trial-docker/issues/2
  it('reads a broken partner connection, and does not test the local end\'s ephemeral port', () => {
    const text = fixture('public-sap-partner-broken.txt');
    const report = analyzeLog(text);
    expect(report.matches.map((match) => match.id)).toEqual(['sap-rfc-partner-not-reached']);
    expect(report.entities.ports).toEqual([3200]);
    expect(report.entities.ips).toEqual(['127.0.0.1']);
    expect(report.commands.some((command) => command.text.includes('55510'))).toBe(false);
  });

  // github.com/sap-tutorials/Tutorials/issues/23749 (SAP HANA through JDBC)
  it('reads host, address and port of a refused HANA connection', () => {
    const text = fixture('public-hana-connection-refused.txt');
    const report = analyzeLog(text);
    expect(report.matches[0].id).toBe('connection-refused');
    expect(report.entities.hosts).toEqual(['zeus.hana.prod.eu-central-1.whitney.dbaas.ondemand.com']);
    expect(report.entities.ips).toEqual(['18.196.126.43']);
    expect(report.entities.ports).toEqual([22716]);
    expect(commandsOf(text, 'powershell')[0]).toBe("Test-NetConnection -ComputerName 'zeus.hana.prod.eu-central-1.whitney.dbaas.ondemand.com' -Port 22716");
  });
});

describe('socket errors from other .NET clients', () => {
  // github.com/DaxStudio/DaxStudio/issues/389 (address and port at the end of the socket message)
  it('tests the address and port the timed-out socket names', () => {
    const text = fixture('public-adomd-timeout-endpoint.txt');
    const report = analyzeLog(text);
    expect(report.matches.map((match) => match.id)).toEqual(['connection-timed-out']);
    expect(report.entities.ips).toEqual(['172.20.187.115']);
    expect(report.entities.ports).toEqual([8000]);
    expect(commandsOf(text, 'powershell')[0]).toBe("Test-NetConnection -ComputerName '172.20.187.115' -Port 8000");
  });

  // github.com/solarwinds/OrionSDK/issues/67 (console-wrapped WCF message, host elided by the poster)
  it('reads a net.tcp timeout across wrapped lines, and takes no host from "net.tcp://../"', () => {
    const report = analyzeLog('Get-SwisData : Could not connect to net.tcp://../SolarWinds/InformationService/v3/Orion/ssl. The connection a\nttempt lasted for a time span of 00:00:21.0155920. TCP error code 10060: A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed t\no respond');
    expect(report.matches.map((match) => match.id)).toEqual(['connection-timed-out']);
    expect(report.socketErrors.map((error) => error.code)).toEqual([10060]);
    expect(report.entities.hosts).toEqual([]);
  });

  // github.com/JeringTech/Javascript.NodeJS/issues/96
  it('reads socket error 10013 as a forbidden socket', () => {
    const report = analyzeLog(fixture('public-socket-access-forbidden.txt'));
    expect(report.matches[0].id).toBe('socket-access-forbidden');
    expect(report.socketErrors.map((error) => error.code)).toEqual([10013]);
  });
});

describe('the runtime itself', () => {
  // github.com/MicrosoftDocs/azure-docs/issues/8705
  it('reads "unable to connect to other nodes" as the node-to-node issue, testing port 8060', () => {
    const report = analyzeLog('error : unable to connect to other intergration Runtime(Self-hosted) nodes,');
    expect(report.matches[0].id).toBe('node-inactive-limited');
    const test = report.commands.find((command) => command.text.startsWith('Test-NetConnection'));
    expect(test).toMatchObject({ text: 'Test-NetConnection -ComputerName <host> -Port 8060', missing: ['host'], assumed: [{ name: 'port', value: '8060' }] });
  });

  // github.com/microsoft/power-platform-terraform-quickstarts/issues/132 (fixed by updating the runtime)
  it('names the missing key and offers the installed version to compare', () => {
    const report = analyzeLog('Integration runtime could not connect to Self-hosted IR in the cloud.\nMessage: "Self-hosted integration runtime Authentication Key is missing"');
    expect(report.matches.map((match) => match.id)).toEqual(['authentication-key-missing']);
    expect(report.commands.some((command) => command.text.includes('DisplayVersion'))).toBe(true);
  });

  // github.com/Azure/azure-quickstart-templates/issues/8069 (the setup script's trace line)
  it('reads the token failure inside the setup script\'s trace, with its exit code as an HRESULT', () => {
    const text = "2020-09-02 16:12:01 DMDTTP is failed: Failed to run process: exitCode=-2146233088, errVariable=, errContent=, outContent=Failed to execute the command ' -k IR@1fb5ce1f-cdb8-4b89-ad52-e42fc9ad03c8@deleteme-df@ServiceEndpoint=deleteme-df.eastus2.datafactory.azure.net@SygTiL+9cjYwfg2/eCQxfxYKwJF2OJ0V+AFFEzFNmT0='. Error message: Microsoft.DataTransfer.DIAgentClient.HostServiceException: Failed to get service token from ADF service with key IR@1fb5ce1f-cdb8-4b89-ad52-e42fc9ad03c8@deleteme-df@ServiceEndpoint=deleteme-df.eastus2.datafactory.azure.net@****************** and time cost is: 3.3750692 seconds, the error code is: UnexpectedFault, activityId is: 7399b1f8-3a8b-45a5-8bd4-xxxxxxx and detailed error message is An error occurred while sending the request.";
    const report = analyzeLog(text);
    expect(report.matches[0].id).toBe('cloud-service-unreachable');
    expect(report.entities.hosts).toEqual(['deleteme-df.eastus2.datafactory.azure.net']);
    expect(report.hresults.map((code) => code.value)).toEqual(['-2146233088']);
    expect(report.errorCodes.map((code) => code.value)).toEqual(['UnexpectedFault']);
    expect(report.ids).toEqual([]);
    expect(commandsOf(text, 'powershell')).toContain("Test-NetConnection -ComputerName 'deleteme-df.eastus2.datafactory.azure.net' -Port 443");
  });

  // learn.microsoft.com/azure/data-factory/create-self-hosted-integration-runtime ("Possible symptoms for
  // issues related to the firewall and proxy server"; MicrosoftDocs/azure-docs, the two messages it quotes)
  it('reads the registration failure and the restarting component the guide blames on firewalls and proxies', () => {
    const registration = analyzeLog('Failed to register this Integration Runtime node! Confirm that the Authentication key is valid and the integration service host service is running on this machine.');
    expect(registration.matches.map((match) => match.id)).toEqual(['registration-failed']);
    expect(registration.commands.some((command) => command.text.includes('--noproxy'))).toBe(true);
    const restarting = analyzeLog('Unable to connect to the remote server\nA component of Integration Runtime has become unresponsive and restarts automatically. Component name: Integration Runtime (Self-hosted).');
    expect(restarting.matches[0].id).toBe('cloud-service-unreachable');
  });

  // github.com/MicrosoftDocs/azure-docs/issues/41961 and issues/7956: command-line and PowerShell problems, not the network
  it('matches nothing for a dmgcmd syntax error or an old PowerShell', () => {
    expect(ids('Failed to parse the command line options (The option "registernewnode" argument number is incorrect)! Please check input.')).toEqual([]);
    expect(ids('Unable to find type [Microsoft.Win32.RegistryView]: make sure that the assembly containing this type is loaded.')).toEqual([]);
  });
});

describe('file shares and folders', () => {
  // github.com/Azure-Samples/azuresandbox/issues/177 (net use against an Azure Files share)
  it('reads system error 86 as rejected Windows credentials', () => {
    expect(ids('System error 86 has occurred.\n\nThe specified network password is not correct.')).toEqual(['windows-logon-failure']);
  });

  // github.com/hashicorp/terraform-provider-azurerm/issues/15220 (a malformed path, not the network)
  it('matches nothing for a path the file connector rejects, and reads its numeric code and activity id', () => {
    const report = analyzeLog("Error code: 21206\nDetails: The file name '' does not conform to the naming rules by the data store 'FileServer'.\nThe path is not of a legal form.\nActivity ID: 83734148-7e8f-4f1b-a0ed-0dbc855e1a2a.");
    expect(report.matches).toEqual([]);
    expect(report.errorCodes.map((code) => code.value)).toEqual(['21206']);
    expect(report.ids.map((id) => [id.label, id.value])).toEqual([['Activity ID', '83734148-7e8f-4f1b-a0ed-0dbc855e1a2a']]);
  });

  // github.com/Azure/Azure-Data-Factory-Integration-Runtime-in-Windows-Container/issues/27
  it('matches nothing for a local folder that "completed successfully"', () => {
    expect(ids("Cannot connect to 'C:\\data'. Detail Message: The operation completed successfully\nThe operation completed successfully")).toEqual([]);
  });

  // github.com/MicrosoftDocs/azure-docs/issues/49591 (event 30000 of the runtime's event log)
  it('reads the FTP test connection failure from the runtime\'s event log entry', () => {
    const report = analyzeLog("TestConnection failed, error message: 'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,Message=Failed to connect to FTP server. Please make sure the provided server informantion is correct, and try again.,Source=Microsoft.DataTransfer.ClientLibrary,StackTrace=   at Microsoft.DataTransfer.ClientLibrary.FtpValidator.TestConnection()");
    expect(report.matches.map((match) => match.id)).toEqual(['ftp-server-unreachable']);
    expect(report.entities.exceptions).toEqual(['Microsoft.DataTransfer.Common.Shared.HybridDeliveryException']);
  });
});
