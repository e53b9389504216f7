/**
 * Seventh round of checking the analyzer against real error texts, centred on what users of the
 * self-hosted integration runtime paste: messages of the runtime itself and of activity runs. This
 * file holds the runtime, its version, its Java and its place in the factory; the data sources are in
 * public-reports-round7-sources.test.ts. Each text is kept as its source prints it (placeholders such
 * as '%version;' are the source's own), with its address above it; expected values were read off the
 * text by hand. CG = learn.microsoft.com/azure/data-factory/connector-troubleshoot-guide (2024
 * version, read from MicrosoftDocs/azure-docs).
 */
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { ids, lines } from './support';

describe('TLS and sockets as the copy activity reports them', () => {
  // CG, error code 2200 - UserErrorOdbcOperationFailed
  const closedOnSend = 'Error code: 2200 - UserErrorOdbcOperationFailed\nMessage: The underlying connection was closed: An unexpected error occurred on a send.';

  it('reads "an unexpected error occurred on a send" as a closed TLS handshake before a plain reset', () => {
    expect(ids(closedOnSend)).toEqual(['tls-secure-channel-failed', 'connection-forcibly-closed']);
    expect(lines(closedOnSend, 'sh')[0]).toBe('openssl s_client -connect <host>:443 -servername <host> -tls1_2 </dev/null');
  });

  // learn.microsoft.com/azure/data-factory/connector-troubleshoot-synapse-sql (SqlConnectionIsClosed)
  const closedBySql = 'Error code: SqlConnectionIsClosed\nMessage: The connection is closed by SQL Database.';

  it('reads a connection the database closed as a reset, with the port left to fill', () => {
    expect(ids(closedBySql)).toEqual(['connection-forcibly-closed']);
    expect(lines(closedBySql, 'powershell')[0]).toBe('Test-NetConnection -ComputerName <host> -Port <port>');
  });

  // learn.microsoft.com/azure/data-factory/connector-troubleshoot-synapse-sql (SqlOpenConnectionTimeout: the placeholder is the page's)
  const openTimeout = "Error code: SqlOpenConnectionTimeout\nMessage: Open connection to database timeout after '%timeoutValue;' seconds.";

  it('reads the open-connection timeout as a SQL connection timeout tested on 1433', () => {
    expect(ids(openTimeout)).toEqual(['sql-connection-timeout']);
    expect(lines(openTimeout, 'sh')).toEqual(['nc -vz -w 5 <host> 1433']);
  });

  // learn.microsoft.com/azure/data-factory/connector-troubleshoot-synapse-sql (SqlBatchWriteTransactionFailed)
  const commitFailed = 'Error code: SqlBatchWriteTransactionFailed\nMessage: SQL transaction commits failed.';

  it('names nothing for a failed commit, which gives neither a cause nor an endpoint', () => {
    const report = analyzeLog(commitFailed);
    expect(report.matches).toEqual([]);
    expect(report.entities.hosts).toEqual([]);
  });

  // github.com/microsoft/DataMigrationTeam/issues/31
  it('keeps the bare secure-channel failure on the TLS handshake entry', () => {
    expect(ids('Could not create SSL/TLS secure channel')).toEqual(['tls-secure-channel-failed']);
  });
});

describe('the runtime, its version and its Java', () => {
  // CG, error code 20000 - JreNotFound
  const jreNotFound =
    'Error code: 20000 - JreNotFound\nMessage: Java Runtime Environment cannot be found on the Self-hosted Integration Runtime machine. It is required for parsing or writing to Parquet/ORC files. Make sure Java Runtime Environment has been installed on the Self-hosted Integration Runtime machine.';

  it('reads the Java runtime as missing', () => {
    expect(ids(jreNotFound)).toEqual(['java-runtime-not-found']);
  });

  // CG, error code 20002
  const jvmArguments = "Error code: 20002\nMessage: An error occurred when invoking Java Native Interface.\nCan't create JVM: JNI return code [-6][JNI call failed: Invalid arguments.]";

  it('reads JNI return code -6 as a JVM that refused to start, and shows the Java options first', () => {
    const report = analyzeLog(jvmArguments);
    expect(report.matches.map((match) => match.id)).toEqual(['java-vm-creation-failed']);
    expect(report.matches[0].cause).toContain('JNI return code [-6]');
    expect(lines(jvmArguments, 'powershell')[0]).toBe(
      "[Environment]::GetEnvironmentVariable('_JAVA_OPTIONS', 'Machine'); [Environment]::GetEnvironmentVariable('JAVA_TOOL_OPTIONS', 'Machine')",
    );
  });

  // CG, error codes 20523 and 20705 (the '%version;' placeholders are the page's)
  const managedIdentity =
    "Error code: 20523 - ManagedIdentityCredentialObjectNotSupported\nMessage: Managed identity credential is not supported in this version ('%version;') of Self Hosted Integration Runtime.";
  const consistency =
    "Error code: 20705 - DataConsistencyValidationNotSupportedForLowVersionSelfHostedIntegrationRuntime\nMessage: 'validateDataConsistency' is not supported in this version ('%version;') of Self Hosted Integration Runtime.";

  it('reads a feature refused by the installed version as a reason to upgrade, not as an expired runtime', () => {
    for (const text of [managedIdentity, consistency]) {
      expect(ids(text)).toEqual(['runtime-version-lacks-feature']);
      expect(lines(text, 'powershell')[0]).toMatch(/^Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\\*'/);
    }
  });

  // github.com/Azure/Azure-DataFactory/issues/606 (the title, the installer's dialog)
  const serviceStart = "Error 1920. Service 'Integration Runtime Service' (DIAHostService) failed to start. Verify that you have sufficient privileges to start system services.";

  it('reads the installer error as a service that failed to start, with the logon right checked', () => {
    expect(ids(serviceStart)).toEqual(['service-failed-to-start']);
    expect(lines(serviceStart, 'powershell')).toContain(
      "secedit /export /cfg $env:TEMP\\secpol.cfg /areas USER_RIGHTS; Select-String -Path $env:TEMP\\secpol.cfg -Pattern 'SeServiceLogonRight'",
    );
  });

  // CG, error code 27002 - FailedToDownloadCustomPlugins
  it('names nothing for a plug-in download that names no host', () => {
    expect(ids('Error code: 27002 - FailedToDownloadCustomPlugins\nMessage: Failed to download custom plugins.')).toEqual([]);
  });

  // learn.microsoft.com/azure/data-factory/connector-troubleshoot-azure-blob-storage (FIPSModeIsNotSupport)
  const blobFips =
    "Error code: FIPSModeIsNotSupport\nMessage: Fail to read data form Azure Blob Storage for Azure Blob connector needs MD5 algorithm which can't co-work with FIPS mode. Please change diawp.exe.config in self-hosted integration runtime install directory to disable FIPS policy following https://learn.microsoft.com/dotnet/framework/configure-apps/file-schema/runtime/enforcefipspolicy-element.";

  it("reads the Blob connector's FIPS message as the FIPS policy, not as a request to learn.microsoft.com", () => {
    const report = analyzeLog(blobFips);
    expect(report.matches.map((match) => match.id)).toEqual(['fips-policy-enabled']);
    expect(report.entities.urls).toEqual([]);
    expect(lines(blobFips, 'powershell')[0]).toBe("Get-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FipsAlgorithmPolicy' | Format-List Enabled");
  });
});

describe('registration and keys of the older gateway', () => {
  // learn.microsoft.com/azure/data-factory/v1/data-factory-troubleshoot-gateway-issues
  it('reads the registration error as registration, with the service URL left to fill', () => {
    const registration = 'Error: The gateway has encountered an error during registration.';
    expect(ids(registration)).toEqual(['registration-failed']);
    expect(lines(registration, 'sh')[0]).toBe("curl -sSI --noproxy '*' https://<region>.frontend.clouddatahub.net/");
  });

  // learn.microsoft.com/azure/data-factory/v1/data-factory-troubleshoot-gateway-issues (the braces are the page's)
  it('reads the key-format error as an invalid key', () => {
    const key =
      'Error: The content or format of the gateway key "{gatewayKey}" is invalid, please go to azure portal to create one new gateway or regenerate the gateway key.';
    expect(ids(key)).toEqual(['authentication-key-invalid']);
    expect(analyzeLog(key).entities.hosts).toEqual([]);
  });
});

describe('which runtime an activity runs on', () => {
  // github.com/MicrosoftDocs/azure-docs/issues/30354
  const decryptor =
    "'errorCode': '2011', 'message': 'The decryptor is null, please check the compute type and make sure linked service run on right compute.', 'failureType': 'UserError'";
  // github.com/MicrosoftDocs/azure-docs/issues/20329 (spacing as posted)
  const sameRuntime = 'Source and sink in the copy activity must be connected  via the  same-self hosted IR';
  // github.com/MicrosoftDocs/azure-docs/issues/35923
  const dataFlow = 'Linked service with Self-hosted Integration runtime is not supported in data flow.';

  it('reads each refusal as linked services on different runtimes and lists their connectVia', () => {
    for (const text of [decryptor, sameRuntime, dataFlow]) {
      expect(ids(text)).toEqual(['linked-service-runtime-mismatch']);
      expect(lines(text, 'sh')).toEqual([
        "az datafactory linked-service list --resource-group <resource-group> --factory-name <factory-name> --query '[].{name:name, runtime:properties.connectVia.referenceName}' --output table",
      ]);
    }
  });

  // github.com/liprec/vsts-publish-adf/issues/60
  const deployment =
    '##[error]Error deploying \'LS_SQL_Archive_SalesforceRetailer\' linked service : {"error":{"code":"InputIsMalformedDetailed","message":"Input is malformed. Reason: Could not get integration runtime details for IR-twdbx007dsa","target":null,"details":null}}';

  it('reads a deployment that cannot find the runtime as a runtime name the factory lacks', () => {
    const report = analyzeLog(deployment);
    expect(report.matches.map((match) => match.id)).toEqual(['integration-runtime-not-found']);
    expect(report.entities.hosts).toEqual([]);
  });
});

describe('local folders of the node', () => {
  // learn.microsoft.com/azure/data-factory/connector-troubleshoot-file-system (the '%path;' placeholder is the page's)
  const localFolder = "Error code: AccessToOnPremFileSystemDenied\nMessage: Access to '%path;' is not allowed.";

  it('reads the refusal as the local-folder control, not as file permissions, and offers dmgcmd', () => {
    expect(ids(localFolder)).toEqual(['local-folder-access-disabled']);
    expect(lines(localFolder, 'powershell')).toEqual([
      "& 'C:\\Program Files\\Microsoft Integration Runtime\\5.0\\Shared\\dmgcmd.exe' -DisableLocalFolderPathValidation",
    ]);
    expect(lines(localFolder, 'sh')).toEqual([]);
  });
});
