/**
 * Fifth round of checking the analyzer against real error texts (the earlier rounds are
 * public-reports.test.ts, public-reports-connectors.test.ts and public-reports-round4.test.ts).
 * This round covers what the earlier ones touched little: the runtime's trace lines, high
 * availability and node certificates, Configuration Manager dialogs, SSIS packages staged through the
 * runtime, service principal tokens, storage and Key Vault answers, FIPS, Oracle's OpenSSL 3 driver and
 * the activity JSON. Each text is kept as its source prints it ("..." and XXXXX are the source's own
 * elisions and masks), with the address above it; expected values were read off the text by hand.
 */
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';

const ids = (text: string) => analyzeLog(text).matches.map((match) => match.id);
const lines = (text: string, shell: 'powershell' | 'cmd' | 'sh') =>
  analyzeLog(text).commands.filter((command) => command.shell === shell).map((command) => command.text);

describe('high availability and node certificates', () => {
  // learn.microsoft.com/azure/data-factory/self-hosted-integration-runtime-troubleshoot-guide (HA SSL certificate issue)
  const pullSharedStates = "Failed to pull shared states from primary node net.tcp://abc.cloud.corp.Microsoft.com:8060/ExternalService.svc/. Activity ID: XXXXX The X.509 certificate CN=abc.cloud.corp.Microsoft.com, OU=test, O=Microsoft chain building failed. The certificate that was used has a trust chain that cannot be verified. Replace the certificate or change the certificateValidationMode. The revocation function was unable to check revocation because the revocation server was offline.";

  it('reads a worker failing to pull shared states as a revocation check, and tests the primary node on 8060', () => {
    const report = analyzeLog(pullSharedStates);
    expect(report.matches[0].id).toBe('certificate-chain-revocation');
    expect(report.entities.hosts).toEqual(['abc.cloud.corp.Microsoft.com']);
    expect(report.entities.ports).toEqual([8060]);
    expect(report.entities.urls).toEqual(['net.tcp://abc.cloud.corp.Microsoft.com:8060/ExternalService.svc/']);
    expect(report.ids).toEqual([]);
    expect(lines(pullSharedStates, 'powershell')[0]).toContain("[Net.Sockets.TcpClient]::new('abc.cloud.corp.Microsoft.com', 8060)");
  });

  // learn.microsoft.com/azure/data-factory/self-hosted-integration-runtime-troubleshoot-guide (2020 version, TLS/SSL certificate issue: the dialog prints typographic quotes)
  const identityCheck = "Remote access settings are invalid. Identity check failed for outgoing message. The expected DNS identity of the remote endpoint was ‘abc.microsoft.com’ but the remote endpoint provided DNS claim ‘microsoft.com’. If this is a legitimate remote endpoint, you can fix the problem by explicitly specifying DNS identity ‘microsoft.com’ as the Identity property of EndpointAddress when creating channel proxy.";

  it('reads the remote-access identity check with typographic quotes and checks the expected name on the node port', () => {
    const report = analyzeLog(identityCheck);
    expect(report.matches.map((match) => match.id)).toEqual(['certificate-identity-mismatch']);
    expect(report.matches[0].evidence.some((evidence) => evidence.text.includes('abc.microsoft.com'))).toBe(true);
    expect(report.entities.hosts).toEqual(['abc.microsoft.com', 'microsoft.com']);
    const check = report.commands.find((command) => command.shell === 'powershell');
    expect(check?.text).toContain("[Net.Sockets.TcpClient]::new('abc.microsoft.com', 8060)");
    expect(check?.assumed).toEqual([{ name: 'port', value: '8060' }]);
  });

  // learn.microsoft.com/azure/data-factory/self-hosted-integration-runtime-troubleshoot-guide (private key missing; the Configuration Manager dialog, certificate name as the guide elides it)
  it('reads the encryption-mode dialog about the private key', () => {
    expect(ids("Failed to change intranet communication encryption mode. It is likely that certificate '<certificate name>' may not have a private key that is capable of key exchange or the process may not have access rights for the private key. Please see inner exception for detail.")).toEqual(['certificate-private-key-access']);
    expect(lines("Failed to change intranet communication encryption mode. It is likely that certificate '<certificate name>' may not have a private key that is capable of key exchange or the process may not have access rights for the private key. Please see inner exception for detail.", 'cmd')).toEqual(['certutil -importpfx C:\\Temp\\node.pfx AT_KEYEXCHANGE']);
  });

  // learn.microsoft.com/azure/data-factory/self-hosted-integration-runtime-troubleshoot-guide (nodes out of sync: the runtime's own trace line)
  it("reads the runtime's trace line about the TLS server key, with its HRESULT", () => {
    const report = analyzeLog("[14]0460.3404::05/07/21-00:23:32.2107988 [System] A fatal error occurred when attempting to access the TLS server credential private key. The error code returned from the cryptographic module is 0x8009030D. The internal error state is 10001.");
    expect(report.matches.map((match) => match.id)).toEqual(['certificate-private-key-access']);
    expect(report.inputKinds).toContain('shir-trace');
    expect(report.hresults.map((code) => code.value)).toEqual(['0x8009030D']);
    expect(report.entities.hosts).toEqual([]);
  });

  // learn.microsoft.com/azure/data-factory/self-hosted-integration-runtime-troubleshoot-guide (the IR service account failed to fetch certificate access)
  it('reads error code 103 from the encryption-mode dialog as a KSP certificate', () => {
    expect(ids("Failed to change Intranet communication encryption mode: Failed to grant Integration Runtime service account the access of to the certificate '<certificate name>'. Error code 103")).toEqual(['certificate-ksp-unsupported']);
  });

  // learn.microsoft.com/azure/data-factory/self-hosted-integration-runtime-troubleshoot-guide (nodes out of sync, the message Configuration Manager keeps showing)
  it('reads the credential sync message and leaves the other node as a gap on 8060', () => {
    const report = analyzeLog("The Integration Runtime (Self-hosted) node is trying to sync the credentials across nodes. It may take several minutes.");
    expect(report.matches.map((match) => match.id)).toEqual(['node-credential-sync']);
    expect(report.commands.find((command) => command.shell === 'powershell')?.text).toBe('Test-NetConnection -ComputerName <host> -Port 8060');
  });

  // learn.microsoft.com/azure/data-factory/self-hosted-integration-runtime-troubleshoot-guide (2020 version, credential sync issue causes credential lost from HA)
  it('reads a credential deleted from the node as lost after failover, and takes no host from the masked name', () => {
    const report = analyzeLog("The data source credential \"XXXXXXXXXX\" is deleted from current Integration Runtime node with payload \"when you delete the link service on Azure portal, or the task has the wrong payload, please create new link service with your credential again\".");
    expect(report.matches[0].id).toBe('credential-lost-after-failover');
    expect(report.entities.hosts).toEqual([]);
  });
});

describe('setup, registration and assemblies', () => {
  // learn.microsoft.com/azure/data-factory/self-hosted-integration-runtime-troubleshoot-guide (authentication key missing: the event log text)
  it('reads the unassigned key', () => {
    expect(ids("Authentication Key is not assigned yet")).toEqual(['authentication-key-missing']);
  });

  // learn.microsoft.com/azure/data-factory/self-hosted-integration-runtime-troubleshoot-guide (registration error after changing the service account)
  it('puts the unreachable host service before the generic registration failure', () => {
    expect(ids("The Integration Runtime (Self-hosted) node has encountered an error during registration. Cannot connect to the Integration Runtime (Self-hosted) Host Service.")).toEqual(['registration-host-service-unreachable', 'registration-failed']);
  });

  // learn.microsoft.com/azure/data-factory/self-hosted-integration-runtime-troubleshoot-guide (unable to register because of localhost: Configuration Manager's Debug and Exception detail)
  it('reads a failed look-up of localhost, with the socket code the message stands for', () => {
    const report = analyzeLog("Debug:\nA runtime error has occurred.\nThe type initializer for 'Microsoft.DataTransfer.DIAgentHost.DataSourceCache' threw an exception.\nA non-recoverable error occurred during a database lookup.\n\nException detail:\nSystem.TypeInitializationException: The type initializer for 'Microsoft.DataTransfer.DIAgentHost.DataSourceCache' threw an exception. ---> System.Net.Sockets.SocketException: A non-recoverable error occurred during a database lookup at System.Net.Dns.GetAddrInfo(String name).");
    expect(report.matches.map((match) => match.id)).toEqual(['dns-nonrecoverable-lookup']);
    expect(report.socketErrors.map((error) => error.code)).toEqual([11003]);
    expect(report.entities.exceptions).toEqual(['System.TypeInitializationException', 'System.Net.Sockets.SocketException']);
    expect(lines("Debug:\nA runtime error has occurred.\nThe type initializer for 'Microsoft.DataTransfer.DIAgentHost.DataSourceCache' threw an exception.\nA non-recoverable error occurred during a database lookup.\n\nException detail:\nSystem.TypeInitializationException: The type initializer for 'Microsoft.DataTransfer.DIAgentHost.DataSourceCache' threw an exception. ---> System.Net.Sockets.SocketException: A non-recoverable error occurred during a database lookup at System.Net.Dns.GetAddrInfo(String name).", 'powershell')[0]).toBe("Resolve-DnsName -Name 'localhost'");
  });

  // learn.microsoft.com/azure/data-factory/self-hosted-integration-runtime-troubleshoot-guide (could not load file or assembly: the ErrorInfo the runtime logs)
  const valueTuple = "<LogProperties><ErrorInfo>[{\"Code\":0,\"Message\":\"The type initializer for 'Npgsql.PoolManager' threw an exception.\",\"EventType\":0,\"Category\":5,\"Data\":{},\"MsgId\":null,\"ExceptionType\":\"System.TypeInitializationException\",\"Source\":\"Npgsql\",\"StackTrace\":\"\",\"InnerEventInfos\":[{\"Code\":0,\"Message\":\"Could not load file or assembly 'System.ValueTuple, Version=4.0.2.0, Culture=neutral, PublicKeyToken=XXXXXXXXX' or one of its dependencies. The system cannot find the file specified.\",\"EventType\":0,\"Category\":5,\"Data\":{},\"MsgId\":null,\"ExceptionType\":\"System.IO.FileNotFoundException\",\"Source\":\"Npgsql\",\"StackTrace\":\"\",\"InnerEventInfos\":[]}]}]</ErrorInfo></LogProperties>";

  it('reads the logged ErrorInfo, and searches the installation for the assembly it names', () => {
    const report = analyzeLog(valueTuple);
    expect(report.matches.map((match) => match.id)).toEqual(['assembly-load-failed']);
    expect(report.entities.exceptions).toEqual(['System.TypeInitializationException', 'System.IO.FileNotFoundException']);
    expect(lines(valueTuple, 'powershell')[0]).toContain("Where-Object BaseName -eq 'System.ValueTuple'");
    expect(lines(valueTuple, 'cmd')).toEqual(['dir /s /b "C:\\Program Files\\Microsoft Integration Runtime\\System.ValueTuple.dll"']);
  });
});

describe('SSIS packages staged through the runtime', () => {
  // learn.microsoft.com/azure/data-factory/ssis-integration-runtime-ssis-activity-faq (the text round 4 left without an entry)
  const namedPipe = "Staging task failed. TaskStatus: Failed, ErrorCode: 2906, ErrorMessage: Package execution failed. For more details, select the output of your activity run on the same row., Output: {\"OperationErrorMessages\": \"4/14/2021 7:10:35 AM +00:00 : = Failed to start Named pipe proxy... \"";

  it('reads the named pipe proxy failure as missing user rights, with the code 2906', () => {
    const report = analyzeLog(namedPipe);
    expect(report.matches.map((match) => match.id)).toEqual(['ssis-proxy-named-pipe']);
    expect(report.errorCodes.map((code) => code.value)).toEqual(['2906']);
    expect(lines(namedPipe, 'powershell').join('\n')).toContain("-Pattern 'SeIncreaseQuotaPrivilege|SeAssignPrimaryTokenPrivilege|SeServiceLogonRight'");
  });

  // learn.microsoft.com/azure/data-factory/ssis-integration-runtime-ssis-activity-faq
  it('reads a staging task on an offline runtime as the runtime offline', () => {
    const report = analyzeLog("Staging task status: Failed. Staging task error: ErrorCode: 2010, ErrorMessage: The Self-hosted Integration Runtime ... is offline");
    expect(report.matches.map((match) => match.id)).toEqual(['runtime-offline']);
    expect(report.errorCodes.map((code) => code.value)).toEqual(['2010']);
  });

  // learn.microsoft.com/azure/data-factory/ssis-integration-runtime-ssis-activity-faq
  it('reads the staged package\'s missing OLE DB provider', () => {
    expect(ids("Staging task error: ErrorCode: 2906, ErrorMessage: Package execution failed. Output: {\"OperationErrorMessages\": \"Error: The requested OLE DB provider ... is not registered. If the 64-bit driver is not installed, run the package in 32-bit mode...")).toEqual(['oledb-provider-not-registered']);
  });

  // learn.microsoft.com/azure/data-factory/ssis-integration-runtime-ssis-activity-faq
  it('reads the executor exiting with -1 as the Visual C++ runtime, and lists the staging logs', () => {
    const text = "Staging task status: Failed. Staging task error: ErrorCode: 2906, ErrorMessage: Package execution failed. Output: {\"OperationErrorMessages\": \"SSIS Executor exit code: -1.\\n\", \"LogLocation\": \"...\\\\SSISTelemetry\\\\ExecutionLog\\\\...\", \"effectiveIntegrationRuntime\": \"...\", \"executionDuration\": ..., \"durationInQueue\": { \"integrationRuntimeQueue\": ... }}";
    expect(ids(text)).toEqual(['ssis-proxy-executor-exit']);
    expect(lines(text, 'cmd')).toContain('dir /s /o-d C:\\ProgramData\\SSISTelemetry\\ExecutionLog');
  });

  // learn.microsoft.com/azure/data-factory/ssis-integration-runtime-ssis-activity-faq
  it('reads "Failed to load data proxy" as the Azure-SSIS runtime lacking its proxy, with the names left to fill', () => {
    const report = analyzeLog("Request staging task with operation guid ... fail since error: Failed to dispatch staging operation with error message: Microsoft.SqlServer.IntegrationServices.AisAgentCore.AisAgentException: Failed to load data proxy.");
    expect(report.matches.map((match) => match.id)).toEqual(['ssis-proxy-not-configured']);
    expect(report.entities.exceptions).toEqual(['Microsoft.SqlServer.IntegrationServices.AisAgentCore.AisAgentException']);
    expect(report.commands[0].missing).toEqual(['resource-group', 'factory-name', 'ssis-runtime-name']);
  });

  // learn.microsoft.com/azure/data-factory/ssis-integration-runtime-ssis-activity-faq
  it('reads a staged assembly of another version, and searches for that assembly rather than a fixed one', () => {
    const text = "Staging task error: ErrorCode: 2906, ErrorMessage: Package execution failed. Output: {\"OperationErrorMessages\": \"Error: System.IO.FileLoadException: Could not load file or assembly 'Microsoft.WindowsAzure.Storage, Version=..., Culture=neutral, PublicKeyToken=31bf3856ad364e35' or one of its dependencies. The located assembly's manifest definition does not match the assembly reference.'...";
    expect(ids(text)).toEqual(['assembly-load-failed']);
    expect(analyzeLog(text).entities.exceptions).toEqual(['System.IO.FileLoadException']);
    expect(lines(text, 'powershell')[0]).toContain("Where-Object BaseName -eq 'Microsoft.WindowsAzure.Storage'");
    expect(lines(text, 'powershell')[0]).not.toContain('System.ValueTuple');
  });

  // learn.microsoft.com/azure/data-factory/ssis-integration-runtime-ssis-activity-faq
  it('reads a timeout reading from staging as the upload from this node', () => {
    expect(ids("Timeout when reading from staging")).toEqual(['ssis-proxy-staging-timeout']);
  });
});

describe('storage, Key Vault and tokens', () => {
  // learn.microsoft.com/azure/data-factory/connector-troubleshoot-guide (2021 version, Data Lake Storage Gen1: the response as the guide prints it)
  const aclDenied = "Message: The remote server returned an error: (403) Forbidden.   \n    Response details: {\"RemoteException\":{\"exception\":\"AccessControlException\"\"message\":\"CREATE failed with error 0x83090aa2 (Forbidden. ACL verification failed. Either the resource does not exist or the user is not authorized to perform the requested operation.)....";

  it("reads the store's own 403 as a permission, not a proxy's refusal", () => {
    const report = analyzeLog(aclDenied);
    expect(report.matches.map((match) => match.id)).toEqual(['storage-permission-denied']);
    expect(report.httpStatus.map((code) => code.value)).toEqual(['403']);
    expect(report.entities.exceptions).toEqual(['RemoteException', 'AccessControlException']);
  });

  // learn.microsoft.com/azure/key-vault/general/private-link-diagnostics (403 "This TCP connection does not allow access to {host}"; the braces are the article's)
  it('reads the private endpoint refusal as name resolution, not a proxy, and takes no host from "{host}"', () => {
    const report = analyzeLog("When I attempt to access my Key Vault using a Private Link (or maybe not, not sure), the service returns 403 (Forbidden) with this message:\nThis TCP connection does not allow access to {host}.");
    expect(report.matches.map((match) => match.id)).toEqual(['private-endpoint-wrong-resource']);
    expect(report.entities.hosts).toEqual([]);
    expect(lines("When I attempt to access my Key Vault using a Private Link (or maybe not, not sure), the service returns 403 (Forbidden) with this message:\nThis TCP connection does not allow access to {host}.", 'powershell')[0]).toBe('Resolve-DnsName -Name <host>');
  });

  // learn.microsoft.com/azure/data-factory/connector-troubleshoot-guide (2021 version, service principal token)
  it('reads a failed service principal token with its 503, and requests the sign-in endpoint', () => {
    const report = analyzeLog("Failed to get access token by using service principal.  \n    ADAL Error: service_unavailable, The remote server returned an error: (503) Server Unavailable.");
    expect(report.matches.map((match) => match.id)).toEqual(['entra-token-failed']);
    expect(report.httpStatus.map((code) => code.value)).toEqual(['503']);
    expect(lines("Failed to get access token by using service principal.  \n    ADAL Error: service_unavailable, The remote server returned an error: (503) Server Unavailable.", 'sh')[0]).toBe('curl -sSI https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration');
  });

  // learn.microsoft.com/azure/data-factory/connector-troubleshoot-guide (2021 version, Data Lake Storage Gen1 trust)
  it('reads an untrusted certificate behind a file operation code', () => {
    const report = analyzeLog("Message: ErrorCode = UserErrorFailedFileOperation, Error Message = The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel.");
    expect(report.matches.map((match) => match.id)).toEqual(['tls-trust-failure']);
    expect(report.errorCodes.map((code) => code.value)).toEqual(['UserErrorFailedFileOperation']);
  });

  // learn.microsoft.com/azure/data-factory/connector-troubleshoot-guide (2021 version, Data Lake Storage Gen2 timeout)
  const blobFsTimeout = "Error Code = UserErrorFailedBlobFSOperation\nError Message = BlobFS operation failed for: A task was canceled.";

  it('reads "A task was canceled" behind a BlobFS operation as a storage timeout and reads the code written "Error Code ="', () => {
    const report = analyzeLog(blobFsTimeout);
    expect(report.matches.map((match) => match.id)).toEqual(['storage-request-timeout']);
    expect(report.errorCodes.map((code) => code.value)).toEqual(['UserErrorFailedBlobFSOperation']);
  });

  it('tests the Data Lake Storage endpoint, never the factory service URL the failure did not touch', () => {
    const commands = analyzeLog(blobFsTimeout).commands;
    expect(commands.filter((command) => command.text.includes('clouddatahub.net'))).toEqual([]);
    expect(lines(blobFsTimeout, 'sh')).toEqual(["curl -sSI --noproxy '*' https://<account>.dfs.core.windows.net/"]);
    expect(commands.every((command) => command.missing?.includes('account'))).toBe(true);
  });

  it('fills the storage host when the text names one, even without a URL', () => {
    const named = 'BlobFS operation failed for: A task was canceled. Request to contosolake.dfs.core.windows.net did not complete.';
    expect(lines(named, 'sh')).toEqual(["curl -sSI --noproxy '*' 'https://contosolake.dfs.core.windows.net/'"]);
    expect(analyzeLog(named).commands.filter((command) => command.missing)).toEqual([]);
  });

  // learn.microsoft.com/azure/data-factory/connector-troubleshoot-guide (2021 version, FIPS issue)
  it('reads the FIPS refusal', () => {
    const text = "This implementation is not part of the Windows Platform FIPS validated cryptographic algorithms.";
    expect(ids(text)).toEqual(['fips-policy-enabled']);
    expect(lines(text, 'cmd')[0]).toBe('reg query HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FipsAlgorithmPolicy /v Enabled');
  });
});

describe('activity output', () => {
  // github.com/MicrosoftDocs/azure-docs/issues/10259 (the activity JSON as posted, without its braces)
  it('reads a linked service naming a runtime the factory lacks, with the code 2200', () => {
    const report = analyzeLog("\"errorCode\": \"2200\",\n    \"message\": \"The integration runtime 'NewVMgateway' under data factory 'neptune-techop' does not exist. \",\n    \"failureType\": \"UserError\",\n    \"target\": \"POAccrualFromOnPremisestoDL\"");
    expect(report.matches.map((match) => match.id)).toEqual(['integration-runtime-not-found']);
    expect(report.errorCodes.map((code) => code.value)).toEqual(['2200']);
    expect(report.entities.hosts).toEqual([]);
  });

  // github.com/Azure/Azure-DataFactory/issues/409 (an object the login may not see: no network issue)
  it('matches nothing for a missing object, and reads its SQL number, HRESULT and code', () => {
    const report = analyzeLog("ErrorCode=SqlOperationFailed,'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,Message=A database operation failed with the following error: 'Cannot find the object \"DatahubPriceList\" because it does not exist or you do not have permissions.',Source=,''Type=System.Data.SqlClient.SqlException,Message=Cannot find the object \"DatahubPriceList\" because it does not exist or you do not have permissions.,Source=.Net SqlClient Data Provider,SqlErrorNumber=1088,Class=16,ErrorCode=-2146232060,State=7,Errors=[{Class=16,Number=1088,State=7,Message=Cannot find the object \"DatahubPriceList\" because it does not exist or you do not have permissions.,},],'");
    expect(report.matches).toEqual([]);
    expect(report.sqlErrors.map((code) => code.value)).toEqual(['1088']);
    expect(report.hresults.map((code) => code.value)).toEqual(['-2146232060']);
    expect(report.errorCodes.map((code) => code.value)).toEqual(['SqlOperationFailed']);
    expect(report.entities.hosts).toEqual([]);
  });
});

describe("Oracle's OpenSSL 3 driver (runtime 5.36.8726.3 and later)", () => {
  // learn.microsoft.com/azure/data-factory/connector-troubleshoot-oracle
  it('reads ORA-12650 as native encryption with no common algorithm, and asks for the runtime version', () => {
    const text = "[Oracle]ORA-12650: No common encryption or data integrity algorithm";
    expect(ids(text)).toEqual(['oracle-native-encryption-mismatch']);
    expect(lines(text, 'cmd')[0]).toContain('reg query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall');
  });

  // learn.microsoft.com/azure/data-factory/connector-troubleshoot-oracle (the three handshake reasons the page lists)
  it.each(["SSL Handshake Failure reason [error:OA000086:SSL routines::certificate verify failed]", "SSL Handshake Failure reason [error:OA000410:SSL routines::sslv3 alert handshake failure]", "SSL Handshake Failure reason [error:0A00014D:SSL routines::legacy sigalg disallowed or unsupported]."])('reads %s as the OpenSSL 3 handshake, tested on the TCPS port', (text) => {
    expect(ids(text)).toEqual(['oracle-ssl-handshake-openssl3']);
    const check = analyzeLog(text).commands.find((command) => command.shell === 'powershell');
    expect(check?.text).toContain('[Net.Sockets.TcpClient]::new(<host>, 2484)');
    expect(check?.missing).toEqual(['host']);
  });
});

describe('SFTP', () => {
  // github.com/Azure/Azure-DataFactory/issues/488 (Test Connection; the poster masked the address with ?)
  it('reads the refused login with its code, and takes no address from the masked one', () => {
    const report = analyzeLog("Error code: SftpAuthenticationFailure\n\nDetails: Meet authentication failure when connect to Sftp server '??.???.??.???' using 'SshPublicKey' authentication type. Please make sure you are using the correct authentication type and the credential is valid. For more details, see our troubleshooting docs. Permission denied (publickey).");
    expect(report.matches.map((match) => match.id)).toEqual(['sftp-authentication-failed']);
    expect(report.errorCodes.map((code) => code.value)).toEqual(['SftpAuthenticationFailure']);
    expect(report.entities.ips).toEqual([]);
    const login = report.commands.find((command) => command.shell === 'powershell');
    expect(login?.text).toContain('-p 22 <user>@<host> exit');
    expect(login?.missing).toEqual(['host', 'user']);
  });

  // github.com/Azure/Azure-DataFactory/issues/153 (the activity's diagnostic record, as far as the post shows it)
  const renameDenied = "DEBUG:\nTraceComponentId: TransferTask\nTraceMessageId: TransferRunFailed\n@logId: Error\nFunctionName: Execute\njobId: 3e00ccdd-6b18-b026-967f-e400f9de86b1\nactivityId: ea158102-4914-46ca-9e56-e1dc8ab3b8a5\neventId: TransferRunFailed\nmessage: Copy failed with error: 'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,Message=Permission denied to access '/Devt/INT-567a/xxxx.csv.ea158102491446ca9e56e1dc8ab3b8a5'.,Source=Microsoft.DataTransfer.ClientLibrary.SftpConnector,StackTrace=   at Microsoft.DataTransfer.ClientLibrary.SftpConnector.SftpFileSystem.WrapCommonSftpException(Exception ex, String filePath)\n   at Microsoft.DataTransfer.ClientLibrary.SftpConnector.SftpFileSystem.WrapSftpException(String operation, Exception ex, String methodName, String filePath)\n   at Microsoft.DataTransfer.ClientLibrary.SftpConnector.SftpFileSystem.RenameFile(String oldPath, String newPath, Boolean isPosix)\n   at Microsoft.DataTransfer.ClientLibrary.SftpConnector.SftpMultipartSequentialWritable.<CommitAsync>d__11.MoveNext()\n--- End of stack";

  it('reads the denied rename of the temporary file, the record as a runtime trace, and no stack-frame method as an exception', () => {
    const report = analyzeLog(renameDenied);
    expect(report.matches.map((match) => match.id)).toEqual(['sftp-permission-denied']);
    expect(report.inputKinds).toEqual(['dotnet', 'shir-trace']);
    expect(report.entities.exceptions).toEqual(['Microsoft.DataTransfer.Common.Shared.HybridDeliveryException']);
    expect(report.ids.map((id) => [id.label, id.value])).toEqual([
      ['jobId', '3e00ccdd-6b18-b026-967f-e400f9de86b1'],
      ['activityId', 'ea158102-4914-46ca-9e56-e1dc8ab3b8a5'],
    ]);
    expect(report.entities.hosts).toEqual([]);
  });

  // github.com/Azure/Azure-DataFactory/issues/521 (file name masked by the poster)
  it('matches nothing for a missing path, and takes no host from the masked dotted file name', () => {
    const report = analyzeLog("ErrorCode=SftpPathNotFound,'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,Message=Can't find SFTP path '/ABC/Reception/xxxxxxxx.xxx.xxxx.xxxx.xxx.xxxx.xxxxx.xxxxxxxx'. Please check if the path exists. If the path you configured does not start with '/', note it is a relative path under the given user's default folder '/'.,Source=Microsoft.DataTransfer.ClientLibrary.SftpConnector,''Type=Renci.SshNet.Common.SftpPathNotFoundException,Message=No such file,Source=Renci.SshNet,'");
    expect(report.matches).toEqual([]);
    expect(report.entities.hosts).toEqual([]);
    expect(report.errorCodes.map((code) => code.value)).toEqual(['SftpPathNotFound']);
    expect(report.entities.exceptions).toEqual(['Microsoft.DataTransfer.Common.Shared.HybridDeliveryException', 'Renci.SshNet.Common.SftpPathNotFoundException']);
  });
});

describe('masked names', () => {
  // The form the guide's Running (Limited) section uses, with the masks posters use for addresses.
  it('are not hosts to test, while the port they were reached on still is', () => {
    const report = analyzeLog("Cannot connect to worker manager: net.tcp://10XXXXX:8060/ExternalService.svc/ Server: 'xxxxxx', host 'XXXXXXXXXX'");
    expect(report.entities.hosts).toEqual([]);
    expect(report.entities.urls).toEqual([]);
    expect(report.entities.ports).toEqual([8060]);
    expect(lines("Cannot connect to worker manager: net.tcp://10XXXXX:8060/ExternalService.svc/", 'powershell')[0]).toBe('Test-NetConnection -ComputerName <host> -Port 8060');
  });
});
