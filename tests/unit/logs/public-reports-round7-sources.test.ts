/**
 * Seventh round, second half: data sources a self-hosted runtime connects to (PostgreSQL, Snowflake,
 * SQL, ODBC drivers, SAP, MySQL, HTTP), as the connector troubleshooting pages print their messages
 * and as users posted them. Texts are kept as their sources print them, with the address above each;
 * expected values were read off the texts by hand. CG = learn.microsoft.com/azure/data-factory/
 * connector-troubleshoot-guide (2024 version, read from MicrosoftDocs/azure-docs).
 */
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { ids, lines } from './support';

describe('PostgreSQL', () => {
  // CG, error code 11775 - FailToResolveParametersInExploratoryController, with the three inner messages the page explains
  const prefix = 'Failed to connect to your instance of Azure Database for PostgreSQL flexible server.';
  const timedOut = `Error code: 11775 - FailToResolveParametersInExploratoryController\nMessage: ${prefix} 'The operation has timed out'`;
  const password = `${prefix} '28P01: password authentication failed for user <youruser>'`;
  const noHbaEntry = `${prefix} '28000: no pg_hba.conf entry for host "###.###.###.###", user "<youruser>", database "<yourdatabase>", no encryption'`;

  it('reads the timeout as the database not answering on 5432, not as a call to the Data Factory service', () => {
    const report = analyzeLog(timedOut);
    expect(report.matches.map((match) => match.id)).toEqual(['postgresql-server-unreachable']);
    expect(lines(timedOut, 'sh')).toEqual(['nslookup <host>', 'nc -vz -w 5 <host> 5432']);
    for (const command of report.commands) expect(command.text).not.toContain('clouddatahub');
  });

  it('reads a password or pg_hba refusal as a server that answered, with no port test', () => {
    for (const text of [password, noHbaEntry]) {
      const report = analyzeLog(text);
      expect(report.matches.map((match) => match.id)).toEqual(['postgresql-client-rejected']);
      expect(report.entities.hosts).toEqual([]);
      expect(lines(text, 'sh')).toEqual(['az postgres flexible-server firewall-rule list --resource-group <resource-group> --name <server-name> --output table']);
    }
  });

  // learn.microsoft.com/azure/postgresql/concepts-firewall-rules (connecting from a subnet with a Microsoft.Sql service endpoint)
  it('reads the virtual-network refusal as the server refusing the client', () => {
    expect(ids('FATAL: Client from Azure Virtual Networks is not allowed to access the server')).toEqual(['postgresql-client-rejected']);
  });

  it('explains the gap the PostgreSQL listing leaves', () => {
    const [command] = analyzeLog(noHbaEntry).commands;
    expect(command.missing).toEqual(['resource-group', 'server-name']);
  });
});

describe('Snowflake', () => {
  // learn.microsoft.com/azure/data-factory/connector-troubleshoot-snowflake (NotAllowToAccessSnowflake; the '%' is the page's)
  const policy = 'Error code: NotAllowToAccessSnowflake\nIP % is not allowed to access Snowflake. Contact your local security administrator.';

  it("reads the network policy refusal and shows the node's outbound address", () => {
    expect(ids(policy)).toEqual(['snowflake-ip-not-allowed']);
    expect(lines(policy, 'sh')).toEqual(['dig +short myip.opendns.com @resolver1.opendns.com']);
  });

  // learn.microsoft.com/azure/data-factory/connector-troubleshoot-snowflake (SnowflakeFailToAccess, Snowflake as sink)
  it("reads the stage's 403 AuthorizationFailure as storage refusing the request", () => {
    expect(
      ids('Failure using stage area. Cause: [This request is not authorized to perform this operation. (Status Code: 403; Error Code: AuthorizationFailure)'),
    ).toEqual(['storage-firewall-denied']);
  });

  // github.com/newrelic-experimental/newrelic-snowflake-integration/issues/8
  const unreachable =
    './snowflakeintegration-linux config.yaml\nUnable to connect to snowflake: Network error. Could not reach Snowflake.\nFailed to execute statement due to the following error: Unable to perform operation using terminated connection.';

  it('reads "Could not reach Snowflake" as the account URL not reachable on 443', () => {
    expect(ids(unreachable)).toEqual(['snowflake-unreachable']);
    expect(lines(unreachable, 'powershell')).toEqual(['Resolve-DnsName -Name <host>', 'Test-NetConnection -ComputerName <host> -Port 443']);
  });

  // github.com/snowflakedb/snowflake-connector-python/issues/331 (the title; '<accountid>' is the poster's mask)
  it('names nothing when Snowflake answered about the payload, and takes no masked account for a host', () => {
    const report = analyzeLog(
      'Connection Error to snowflake: 250001 (08001): Failed to connect to DB: <accountid>.snowflakecomputing.com:443. Incoming request does not contain a valid payload.',
    );
    expect(report.matches).toEqual([]);
    expect(report.entities.hosts).toEqual([]);
  });
});

describe('ODBC drivers', () => {
  // learn.microsoft.com/azure/data-factory/connector-troubleshoot-hive
  const hive =
    'ERROR [HY000] [Cloudera][DriverSupport] (1110) Unexpected response received from server. Please ensure the server host and port specified for the connection are correct and confirm if SSL should be enabled for the connection.';

  it("reads the Hive driver's unexpected response as the ODBC source connection", () => {
    expect(ids(hive)).toEqual(['odbc-source-connection-failed']);
    expect(lines(hive, 'sh')).toEqual(['nc -vz -w 5 <host> <port>']);
  });

  // github.com/Azure/azure-sdk-for-node/issues/2303 (an activity run's message, Amazon Redshift through ODBC)
  const redshift =
    "Activity AmazonRedshift-AzureSqlCopyActivity-table_name failed: Failure happened on 'Source' side. ErrorCode=UserErrorFailedToConnectOdbcSource,'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,Message=ERROR [08S01] [Microsoft][Amazon Redshift] (10) Error occurred while trying to connect: [SQLState 08S01] SSL error: certificate verify failed,Source=Microsoft.DataTransfer.ClientLibrary.Odbc.OdbcConnector,''Type=Microsoft.DataTransfer.ClientLibrary.Odbc.Interop.OdbcException,Message=ERROR [08S01] [Microsoft][Amazon Redshift] (10) Error occurred while trying to connect: [SQLState 08S01] SSL error: certificate verify failed,Source=Microsoft.DataTransfer.ClientLibrary.Odbc.Native,'";

  it("reads the failure as the driver's own trust store, not Windows', and rules out a connection that never opened", () => {
    const report = analyzeLog(redshift);
    expect(report.matches.map((match) => match.id)).toEqual(['odbc-driver-certificate-not-trusted']);
    expect(report.matches[0].cause).toContain('TrustedCerts');
    // A TLS check on 443 or a TCP test would not reach a Redshift listener's certificate; the DSN names the driver's root file.
    expect(lines(redshift, 'powershell')).toEqual(['Get-OdbcDsn -Platform 64-bit | Format-List Name, DriverName, Attribute']);
  });

  // learn.microsoft.com/azure/data-factory/connector-troubleshoot-oracle (UserErrorFailedToConnectOdbcSource)
  it('keeps "Cannot load trust store" on the Oracle OpenSSL 3 entry and its TCPS port', () => {
    const trustStore = 'Error code: UserErrorFailedToConnectOdbcSource\nMessage: "Cannot load trust store"';
    expect(ids(trustStore)).toEqual(['oracle-ssl-handshake-openssl3']);
    expect(lines(trustStore, 'sh')[0]).toBe('openssl s_client -connect <host>:2484 -servername <host> -tls1_2 </dev/null');
  });

  // learn.microsoft.com/azure/data-factory/connector-troubleshoot-db2 (DB2DriverRunFailed; '%code;' is the page's)
  it('names nothing for a missing DB2 package (SQLCODE -805), which is no network fault', () => {
    expect(ids("Error code: DB2DriverRunFailed\nMessage: Error thrown from driver. Sql code: '%code;'\nSQLSTATE=51002 SQLCODE=-805")).toEqual([]);
  });
});

describe('SAP', () => {
  // learn.microsoft.com/azure/data-factory/connector-troubleshoot-sap ('%destination;' and '<serverName>' are the page's)
  const guide = "Error code: SapRfcDestinationAddFailed\nMessage: Get or create destination '%destination; failed.\n'<serverName>:3300' not reached";

  it('reads the destination failure without the word partner, and tests the port with the server left to fill', () => {
    const report = analyzeLog(guide);
    expect(report.matches.map((match) => match.id)).toEqual(['sap-rfc-partner-not-reached']);
    expect(report.entities.hosts).toEqual([]);
    expect(lines(guide, 'powershell')).toEqual(['Test-NetConnection -ComputerName <host> -Port 3300', 'Resolve-DnsName -Name <host>']);
  });

  // github.com/SAP-archive/node-rfc/issues/113
  const byAddress = `could not connect to server {
  name: 'RfcLibError',
  code: 1,
  key: 'RFC_COMMUNICATION_FAILURE',
  message: '\\n' +
    'LOCATION    CPIC (TCP/IP) on local host rafael-HP-Notebook with Unicode\\n' +
    "ERROR       partner '106.51.50.220:3300' not reached\\n" +
    'TIME        Wed Dec  4 01:16:36 2019\\n' +
    'RELEASE     753\\n' +
    'COMPONENT   NI (network interface)\\n' +
    'VERSION     40\\n' +
    'RC          -10\\n' +
    'MODULE      /bas/753_REL/src/base/ni/nixxi.cpp\\n' +
    'LINE        3449\\n' +
    'DETAIL      NiPConnect2: 106.51.50.220:3300\\n' +
    'SYSTEM CALL connect\\n' +
    'ERRNO       110\\n' +
    'ERRNO TEXT  Connection timed out\\n' +
    'COUNTER     2'
}`;

  it('tests the address and port the partner line names, without a DNS look-up of an address', () => {
    expect(ids(byAddress)).toEqual(['sap-rfc-partner-not-reached', 'connection-timed-out']);
    const powershell = lines(byAddress, 'powershell');
    expect(powershell[0]).toBe("Test-NetConnection -ComputerName '106.51.50.220' -Port 3300");
    for (const shell of ['powershell', 'cmd', 'sh'] as const) {
      for (const line of lines(byAddress, shell)) expect(line).not.toMatch(/Resolve-DnsName|nslookup/);
    }
  });
});

describe('MySQL', () => {
  // github.com/mysql-net/MySqlConnector/issues/764 ('<server>' is the poster's mask)
  const awsTable = `**Connection String:**
Server=<server>.amazonaws.com;User Id=user;Database=dbname;Password=pw;Connection Timeout=6000

**Exception:**
  | Name | Value | Type
-- | -- | -- | --
  | Message | "Unable to connect to any of the specified MySQL hosts." | string
  | Number | 1042 | int`;
  // github.com/skoruba/IdentityServer4.Admin/issues/1013
  const dockerLog = `[2022-10-12T04:16:20.6881372+00:00][FATL][1][] Host terminated unexpectedly
MySqlConnector.MySqlException (0x80004005): Unable to connect to any of the specified MySQL hosts.
   at MySqlConnector.Core.ServerSession.ConnectAsync(ConnectionSettings cs, MySqlConnection connection, Int32 startTickCount, ILoadBalancer loadBalancer, IOBehavior ioBehavior, CancellationToken cancellationToken) in /_/src/MySqlConnector/Core/ServerSession.cs:line 433`;

  it('tests 3306 and takes neither the masked server nor a source path for a host', () => {
    for (const text of [awsTable, dockerLog]) {
      const report = analyzeLog(text);
      expect(report.matches.map((match) => match.id)).toEqual(['mysql-unable-to-connect']);
      expect(report.entities.hosts).toEqual([]);
      expect(lines(text, 'sh')).toEqual(['nc -vz -w 5 <host> 3306', 'nslookup <host>']);
    }
  });
});

describe('HTTP answers that are no network fault', () => {
  // github.com/MicrosoftDocs/azure-docs/issues/70965
  it('names nothing for a 404 from the HTTP server', () => {
    const notFound =
      "ErrorCode=HttpFileFailedToRead,'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,Message=Failed to read data from http server. Check the error from http server：The remote server returned an error: (404) Not Found.,Source=Microsoft.DataTransfer.ClientLibrary,''Type=System.Net.WebException,Message=The remote server returned an error: (404) Not Found.,Source=System,'";
    expect(ids(notFound)).toEqual([]);
  });

  // learn.microsoft.com/azure/data-factory/connector-troubleshoot-rest (RestSourceCallFailed, placeholders as the page prints them)
  it('names nothing and takes no URL from the REST message template', () => {
    const report = analyzeLog('Error code: RestSourceCallFailed\nMessage: The HttpStatusCode %statusCode; indicates failure.&#xA;Request URL: %requestUri;&#xA;Response payload:%payload;');
    expect(report.matches).toEqual([]);
    expect(report.entities.urls).toEqual([]);
  });
});
