/**
 * The known-issue catalog as the analyzer sees it. Each entry is one JSON file under
 * src/content/known-issues/, the single source read by three consumers: the Astro content
 * collection (glob loader, validated with catalog-schema.ts at build), this module (bundled by Vite
 * into the log worker, and by esbuild for the CLI), and the tests. Plain static imports work in
 * all of them without a generated file; tests/unit/logs/catalog.test.ts fails when a file in the
 * folder is missing here, and validates every entry with the shared schema.
 *
 * An entry may name a command of the shared library instead of writing it out; the names are
 * resolved here, once, at load, so a name that does not resolve stops the analyzer (and every test
 * importing it) with the file and field at fault rather than dropping the command.
 */
import { resolveCommand } from './shared-commands';
import type { CatalogEntry, CatalogEntrySource } from './types';
import assemblyLoadFailed from '../../content/known-issues/assembly-load-failed.json';
import authenticationKeyInvalid from '../../content/known-issues/authentication-key-invalid.json';
import authenticationKeyMissing from '../../content/known-issues/authentication-key-missing.json';
import autoUpdateFailed from '../../content/known-issues/auto-update-failed.json';
import azureSqlFirewall from '../../content/known-issues/azure-sql-firewall.json';
import azureSqlPublicAccessDenied from '../../content/known-issues/azure-sql-public-access-denied.json';
import azureSqlRedirectPortsBlocked from '../../content/known-issues/azure-sql-redirect-ports-blocked.json';
import certificateChainRevocation from '../../content/known-issues/certificate-chain-revocation.json';
import certificateExpired from '../../content/known-issues/certificate-expired.json';
import certificateIdentityMismatch from '../../content/known-issues/certificate-identity-mismatch.json';
import certificateKspUnsupported from '../../content/known-issues/certificate-ksp-unsupported.json';
import certificatePrivateKeyAccess from '../../content/known-issues/certificate-private-key-access.json';
import clockSkew from '../../content/known-issues/clock-skew.json';
import cloudServiceUnreachable from '../../content/known-issues/cloud-service-unreachable.json';
import connectionAbortedLocally from '../../content/known-issues/connection-aborted-locally.json';
import connectionForciblyClosed from '../../content/known-issues/connection-forcibly-closed.json';
import connectionRefused from '../../content/known-issues/connection-refused.json';
import connectionTimedOut from '../../content/known-issues/connection-timed-out.json';
import credentialDecryptionFailed from '../../content/known-issues/credential-decryption-failed.json';
import credentialLostAfterFailover from '../../content/known-issues/credential-lost-after-failover.json';
import dataFolderAccessDenied from '../../content/known-issues/data-folder-access-denied.json';
import db2CommunicationError from '../../content/known-issues/db2-communication-error.json';
import diskFull from '../../content/known-issues/disk-full.json';
import dnsNonrecoverableLookup from '../../content/known-issues/dns-nonrecoverable-lookup.json';
import dnsRemoteNameNotResolved from '../../content/known-issues/dns-remote-name-not-resolved.json';
import dotnetFrameworkTooOld from '../../content/known-issues/dotnet-framework-too-old.json';
import dotnetOutOfMemory from '../../content/known-issues/dotnet-out-of-memory.json';
import entraTokenFailed from '../../content/known-issues/entra-token-failed.json';
import fipsPolicyEnabled from '../../content/known-issues/fips-policy-enabled.json';
import ftpPassiveDataBlocked from '../../content/known-issues/ftp-passive-data-blocked.json';
import ftpServerUnreachable from '../../content/known-issues/ftp-server-unreachable.json';
import ftpsCertificateNotTrusted from '../../content/known-issues/ftps-certificate-not-trusted.json';
import hiveImpalaThriftTransport from '../../content/known-issues/hive-impala-thrift-transport.json';
import httpRequestTimeout from '../../content/known-issues/http-request-timeout.json';
import httpUnauthorized from '../../content/known-issues/http-unauthorized.json';
import integrationRuntimeNotFound from '../../content/known-issues/integration-runtime-not-found.json';
import javaHeapSpace from '../../content/known-issues/java-heap-space.json';
import javaRuntimeNotFound from '../../content/known-issues/java-runtime-not-found.json';
import javaVmCreationFailed from '../../content/known-issues/java-vm-creation-failed.json';
import keyVaultSecretNotFound from '../../content/known-issues/key-vault-secret-not-found.json';
import linkedServiceRuntimeMismatch from '../../content/known-issues/linked-service-runtime-mismatch.json';
import localFolderAccessDisabled from '../../content/known-issues/local-folder-access-disabled.json';
import managedIdentityUnavailable from '../../content/known-issues/managed-identity-unavailable.json';
import mysqlSslHandshakeFailed from '../../content/known-issues/mysql-ssl-handshake-failed.json';
import mysqlUnableToConnect from '../../content/known-issues/mysql-unable-to-connect.json';
import networkUnreachable from '../../content/known-issues/network-unreachable.json';
import node8060Refused from '../../content/known-issues/node-8060-refused.json';
import node8060Timeout from '../../content/known-issues/node-8060-timeout.json';
import nodeCredentialSync from '../../content/known-issues/node-credential-sync.json';
import nodeDnsNoEntries from '../../content/known-issues/node-dns-no-entries.json';
import nodeInactiveLimited from '../../content/known-issues/node-inactive-limited.json';
import nodeWorkerManagerUnreachable from '../../content/known-issues/node-worker-manager-unreachable.json';
import odbcDriverCertificateNotTrusted from '../../content/known-issues/odbc-driver-certificate-not-trusted.json';
import odbcDriverMissing from '../../content/known-issues/odbc-driver-missing.json';
import odbcSourceConnectionFailed from '../../content/known-issues/odbc-source-connection-failed.json';
import oledbProviderNotRegistered from '../../content/known-issues/oledb-provider-not-registered.json';
import oracleNativeEncryptionMismatch from '../../content/known-issues/oracle-native-encryption-mismatch.json';
import oracleSessionDropped from '../../content/known-issues/oracle-session-dropped.json';
import oracleSslHandshakeOpenssl3 from '../../content/known-issues/oracle-ssl-handshake-openssl3.json';
import oracleTnsConnectTimeout from '../../content/known-issues/oracle-tns-connect-timeout.json';
import oracleTnsIdentifierUnresolved from '../../content/known-issues/oracle-tns-identifier-unresolved.json';
import oracleTnsNoListener from '../../content/known-issues/oracle-tns-no-listener.json';
import oracleTnsServiceUnknown from '../../content/known-issues/oracle-tns-service-unknown.json';
import pathAccessDenied from '../../content/known-issues/path-access-denied.json';
import portAlreadyInUse from '../../content/known-issues/port-already-in-use.json';
import postgresqlClientRejected from '../../content/known-issues/postgresql-client-rejected.json';
import postgresqlServerUnreachable from '../../content/known-issues/postgresql-server-unreachable.json';
import privateEndpointWrongResource from '../../content/known-issues/private-endpoint-wrong-resource.json';
import proxyAuthenticationRequired from '../../content/known-issues/proxy-authentication-required.json';
import proxyHttpsSchemeUnsupported from '../../content/known-issues/proxy-https-scheme-unsupported.json';
import proxyNameNotResolved from '../../content/known-issues/proxy-name-not-resolved.json';
import proxyRejectedRequest from '../../content/known-issues/proxy-rejected-request.json';
import registrationFailed from '../../content/known-issues/registration-failed.json';
import registrationHostServiceUnreachable from '../../content/known-issues/registration-host-service-unreachable.json';
import relayListenerNotConnected from '../../content/known-issues/relay-listener-not-connected.json';
import remoteAccessDisabled from '../../content/known-issues/remote-access-disabled.json';
import runtimeOffline from '../../content/known-issues/runtime-offline.json';
import runtimeVersionExpired from '../../content/known-issues/runtime-version-expired.json';
import runtimeVersionLacksFeature from '../../content/known-issues/runtime-version-lacks-feature.json';
import sapRfcPartnerNotReached from '../../content/known-issues/sap-rfc-partner-not-reached.json';
import sapSncFailed from '../../content/known-issues/sap-snc-failed.json';
import serviceBusRelayUnreachable from '../../content/known-issues/service-bus-relay-unreachable.json';
import serviceFailedToStart from '../../content/known-issues/service-failed-to-start.json';
import serviceLogonRightMissing from '../../content/known-issues/service-logon-right-missing.json';
import serviceTerminated from '../../content/known-issues/service-terminated.json';
import sftpAuthenticationFailed from '../../content/known-issues/sftp-authentication-failed.json';
import sftpHostKeyRejected from '../../content/known-issues/sftp-host-key-rejected.json';
import sftpKeyExchangeUnsupported from '../../content/known-issues/sftp-key-exchange-unsupported.json';
import sftpPermissionDenied from '../../content/known-issues/sftp-permission-denied.json';
import sftpServerUnreachable from '../../content/known-issues/sftp-server-unreachable.json';
import smbNetworkPathNotFound from '../../content/known-issues/smb-network-path-not-found.json';
import smbPort445Blocked from '../../content/known-issues/smb-port-445-blocked.json';
import snowflakeIpNotAllowed from '../../content/known-issues/snowflake-ip-not-allowed.json';
import snowflakeUnreachable from '../../content/known-issues/snowflake-unreachable.json';
import socketAccessForbidden from '../../content/known-issues/socket-access-forbidden.json';
import sqlConnectionTimeout from '../../content/known-issues/sql-connection-timeout.json';
import sqlExecutionTimeout from '../../content/known-issues/sql-execution-timeout.json';
import sqlInstanceNotFound from '../../content/known-issues/sql-instance-not-found.json';
import sqlLoginFailed from '../../content/known-issues/sql-login-failed.json';
import sqlNetworkRelatedError from '../../content/known-issues/sql-network-related-error.json';
import sqlPortWrongProtocol from '../../content/known-issues/sql-port-wrong-protocol.json';
import sqlPreloginHandshakeFailed from '../../content/known-issues/sql-prelogin-handshake-failed.json';
import sqlServerCertificateNotTrusted from '../../content/known-issues/sql-server-certificate-not-trusted.json';
import sqlSspiContext from '../../content/known-issues/sql-sspi-context.json';
import ssisProxyExecutorExit from '../../content/known-issues/ssis-proxy-executor-exit.json';
import ssisProxyNamedPipe from '../../content/known-issues/ssis-proxy-named-pipe.json';
import ssisProxyNotConfigured from '../../content/known-issues/ssis-proxy-not-configured.json';
import ssisProxyStagingTimeout from '../../content/known-issues/ssis-proxy-staging-timeout.json';
import storageFirewallDenied from '../../content/known-issues/storage-firewall-denied.json';
import storagePermissionDenied from '../../content/known-issues/storage-permission-denied.json';
import storageRequestTimeout from '../../content/known-issues/storage-request-timeout.json';
import teradataUnreachable from '../../content/known-issues/teradata-unreachable.json';
import thriftHttpAccessDenied from '../../content/known-issues/thrift-http-access-denied.json';
import tlsNoCommonAlgorithm from '../../content/known-issues/tls-no-common-algorithm.json';
import tlsSecureChannelFailed from '../../content/known-issues/tls-secure-channel-failed.json';
import tlsTrustFailure from '../../content/known-issues/tls-trust-failure.json';
import windowsLogonFailure from '../../content/known-issues/windows-logon-failure.json';

/** [file name, parsed JSON], in file-name order. */
export const CATALOG_FILES: ReadonlyArray<readonly [string, unknown]> = [
  ['assembly-load-failed.json', assemblyLoadFailed],
  ['authentication-key-invalid.json', authenticationKeyInvalid],
  ['authentication-key-missing.json', authenticationKeyMissing],
  ['auto-update-failed.json', autoUpdateFailed],
  ['azure-sql-firewall.json', azureSqlFirewall],
  ['azure-sql-public-access-denied.json', azureSqlPublicAccessDenied],
  ['azure-sql-redirect-ports-blocked.json', azureSqlRedirectPortsBlocked],
  ['certificate-chain-revocation.json', certificateChainRevocation],
  ['certificate-expired.json', certificateExpired],
  ['certificate-identity-mismatch.json', certificateIdentityMismatch],
  ['certificate-ksp-unsupported.json', certificateKspUnsupported],
  ['certificate-private-key-access.json', certificatePrivateKeyAccess],
  ['clock-skew.json', clockSkew],
  ['cloud-service-unreachable.json', cloudServiceUnreachable],
  ['connection-aborted-locally.json', connectionAbortedLocally],
  ['connection-forcibly-closed.json', connectionForciblyClosed],
  ['connection-refused.json', connectionRefused],
  ['connection-timed-out.json', connectionTimedOut],
  ['credential-decryption-failed.json', credentialDecryptionFailed],
  ['credential-lost-after-failover.json', credentialLostAfterFailover],
  ['data-folder-access-denied.json', dataFolderAccessDenied],
  ['db2-communication-error.json', db2CommunicationError],
  ['disk-full.json', diskFull],
  ['dns-nonrecoverable-lookup.json', dnsNonrecoverableLookup],
  ['dns-remote-name-not-resolved.json', dnsRemoteNameNotResolved],
  ['dotnet-framework-too-old.json', dotnetFrameworkTooOld],
  ['dotnet-out-of-memory.json', dotnetOutOfMemory],
  ['entra-token-failed.json', entraTokenFailed],
  ['fips-policy-enabled.json', fipsPolicyEnabled],
  ['ftp-passive-data-blocked.json', ftpPassiveDataBlocked],
  ['ftp-server-unreachable.json', ftpServerUnreachable],
  ['ftps-certificate-not-trusted.json', ftpsCertificateNotTrusted],
  ['hive-impala-thrift-transport.json', hiveImpalaThriftTransport],
  ['http-request-timeout.json', httpRequestTimeout],
  ['http-unauthorized.json', httpUnauthorized],
  ['integration-runtime-not-found.json', integrationRuntimeNotFound],
  ['java-heap-space.json', javaHeapSpace],
  ['java-runtime-not-found.json', javaRuntimeNotFound],
  ['java-vm-creation-failed.json', javaVmCreationFailed],
  ['key-vault-secret-not-found.json', keyVaultSecretNotFound],
  ['linked-service-runtime-mismatch.json', linkedServiceRuntimeMismatch],
  ['local-folder-access-disabled.json', localFolderAccessDisabled],
  ['managed-identity-unavailable.json', managedIdentityUnavailable],
  ['mysql-ssl-handshake-failed.json', mysqlSslHandshakeFailed],
  ['mysql-unable-to-connect.json', mysqlUnableToConnect],
  ['network-unreachable.json', networkUnreachable],
  ['node-8060-refused.json', node8060Refused],
  ['node-8060-timeout.json', node8060Timeout],
  ['node-credential-sync.json', nodeCredentialSync],
  ['node-dns-no-entries.json', nodeDnsNoEntries],
  ['node-inactive-limited.json', nodeInactiveLimited],
  ['node-worker-manager-unreachable.json', nodeWorkerManagerUnreachable],
  ['odbc-driver-certificate-not-trusted.json', odbcDriverCertificateNotTrusted],
  ['odbc-driver-missing.json', odbcDriverMissing],
  ['odbc-source-connection-failed.json', odbcSourceConnectionFailed],
  ['oledb-provider-not-registered.json', oledbProviderNotRegistered],
  ['oracle-native-encryption-mismatch.json', oracleNativeEncryptionMismatch],
  ['oracle-session-dropped.json', oracleSessionDropped],
  ['oracle-ssl-handshake-openssl3.json', oracleSslHandshakeOpenssl3],
  ['oracle-tns-connect-timeout.json', oracleTnsConnectTimeout],
  ['oracle-tns-identifier-unresolved.json', oracleTnsIdentifierUnresolved],
  ['oracle-tns-no-listener.json', oracleTnsNoListener],
  ['oracle-tns-service-unknown.json', oracleTnsServiceUnknown],
  ['path-access-denied.json', pathAccessDenied],
  ['port-already-in-use.json', portAlreadyInUse],
  ['postgresql-client-rejected.json', postgresqlClientRejected],
  ['postgresql-server-unreachable.json', postgresqlServerUnreachable],
  ['private-endpoint-wrong-resource.json', privateEndpointWrongResource],
  ['proxy-authentication-required.json', proxyAuthenticationRequired],
  ['proxy-https-scheme-unsupported.json', proxyHttpsSchemeUnsupported],
  ['proxy-name-not-resolved.json', proxyNameNotResolved],
  ['proxy-rejected-request.json', proxyRejectedRequest],
  ['registration-failed.json', registrationFailed],
  ['registration-host-service-unreachable.json', registrationHostServiceUnreachable],
  ['relay-listener-not-connected.json', relayListenerNotConnected],
  ['remote-access-disabled.json', remoteAccessDisabled],
  ['runtime-offline.json', runtimeOffline],
  ['runtime-version-expired.json', runtimeVersionExpired],
  ['runtime-version-lacks-feature.json', runtimeVersionLacksFeature],
  ['sap-rfc-partner-not-reached.json', sapRfcPartnerNotReached],
  ['sap-snc-failed.json', sapSncFailed],
  ['service-bus-relay-unreachable.json', serviceBusRelayUnreachable],
  ['service-failed-to-start.json', serviceFailedToStart],
  ['service-logon-right-missing.json', serviceLogonRightMissing],
  ['service-terminated.json', serviceTerminated],
  ['sftp-authentication-failed.json', sftpAuthenticationFailed],
  ['sftp-host-key-rejected.json', sftpHostKeyRejected],
  ['sftp-key-exchange-unsupported.json', sftpKeyExchangeUnsupported],
  ['sftp-permission-denied.json', sftpPermissionDenied],
  ['sftp-server-unreachable.json', sftpServerUnreachable],
  ['smb-network-path-not-found.json', smbNetworkPathNotFound],
  ['smb-port-445-blocked.json', smbPort445Blocked],
  ['snowflake-ip-not-allowed.json', snowflakeIpNotAllowed],
  ['snowflake-unreachable.json', snowflakeUnreachable],
  ['socket-access-forbidden.json', socketAccessForbidden],
  ['sql-connection-timeout.json', sqlConnectionTimeout],
  ['sql-execution-timeout.json', sqlExecutionTimeout],
  ['sql-instance-not-found.json', sqlInstanceNotFound],
  ['sql-login-failed.json', sqlLoginFailed],
  ['sql-network-related-error.json', sqlNetworkRelatedError],
  ['sql-port-wrong-protocol.json', sqlPortWrongProtocol],
  ['sql-prelogin-handshake-failed.json', sqlPreloginHandshakeFailed],
  ['sql-server-certificate-not-trusted.json', sqlServerCertificateNotTrusted],
  ['sql-sspi-context.json', sqlSspiContext],
  ['ssis-proxy-executor-exit.json', ssisProxyExecutorExit],
  ['ssis-proxy-named-pipe.json', ssisProxyNamedPipe],
  ['ssis-proxy-not-configured.json', ssisProxyNotConfigured],
  ['ssis-proxy-staging-timeout.json', ssisProxyStagingTimeout],
  ['storage-firewall-denied.json', storageFirewallDenied],
  ['storage-permission-denied.json', storagePermissionDenied],
  ['storage-request-timeout.json', storageRequestTimeout],
  ['teradata-unreachable.json', teradataUnreachable],
  ['thrift-http-access-denied.json', thriftHttpAccessDenied],
  ['tls-no-common-algorithm.json', tlsNoCommonAlgorithm],
  ['tls-secure-channel-failed.json', tlsSecureChannelFailed],
  ['tls-trust-failure.json', tlsTrustFailure],
  ['windows-logon-failure.json', windowsLogonFailure],
];

/** Validated by the catalog tests and the content collection, so the analyzer takes the shape as given. */
export const CATALOG: readonly CatalogEntry[] = CATALOG_FILES.map(([file, data]) => {
  const source = data as CatalogEntrySource;
  return { ...source, commands: source.commands.map((item, index) => resolveCommand(item, `${file}: commands[${index}]`)) };
});
