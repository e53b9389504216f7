/**
 * Ninth round against real texts, first half: the database clients earlier rounds found thin
 * (Oracle, DB2, Teradata, Hive/Impala, HDFS, MySQL over TLS). Each text is kept as its source prints
 * it (cut to the error), with its address above it; expected values were read off the text by hand.
 * The service-side texts (SAP, managed identity, FTP/SFTP, SMB, event blocks) are in
 * public-reports-round9-services.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { ids, lines } from './support';

describe('Oracle sessions and listeners', () => {
  // github.com/oracle/dotnet-db-samples/issues/126
  const packetReadError = [
    '---> Oracle.ManagedDataAccess.Client.OracleException (0x80004005): ORA-12570: Network Session: Unexpected packet read error',
    '     ---> OracleInternal.Network.NetworkException (0x80004005): ORA-12570: Network Session: Unexpected packet read error',
    '     ---> System.Net.Sockets.SocketException (10060): A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond.',
    '       at OracleInternal.Network.ReaderStream.Read(OraBuf OB)',
    '       at OracleInternal.TTC.OraBufReader.GetDataFromNetwork()',
  ].join('\n');

  it('reads ORA-12570 on a read as a session dropped on the way, the socket timeout second', () => {
    expect(ids(packetReadError)).toEqual(['oracle-session-dropped', 'connection-timed-out']);
    expect(lines(packetReadError, 'sh').slice(0, 2)).toEqual([
      'nc -vz -w 5 <host> 1521',
      'grep -iE \'EXPIRE_TIME|VALIDNODE|INVITED_NODES\' "$ORACLE_HOME/network/admin/sqlnet.ora"',
    ]);
  });

  // github.com/oracle/node-oracledb/issues/868 (after about an hour of idle pool connections)
  const endOfFile = 'The request works fine for about an hour after server start and then hangs up on connection.execute query for few minutes before I get the error "ORA-03113: end-of-file on communication channel".';
  // github.com/laurenz/oracle_fdw/issues/693
  const lostContact = ['ERROR:  error committing transaction: OCITransCommit failed', 'DETAIL:  ORA-03135: connection lost contact', 'Process ID: 15707', 'Session ID: 643 Serial number: 65391'].join('\n');
  // github.com/oracle/node-oracledb/issues/965
  const connectionClosed = '   error: ORA-12537: TNS:connection closed';

  it.each([
    ['ORA-03113', endOfFile],
    ['ORA-03135', lostContact],
    ['ORA-12537', connectionClosed],
  ])('reads %s as a closed or lost Oracle session', (_code, text) => {
    expect(ids(text)).toEqual(['oracle-session-dropped']);
  });

  // github.com/keeps/dbptk-developer/issues/103
  const unknownService = [
    'SQL error while connecting',
    'Listener refused the connection with the following error:',
    'ORA-12514, TNS:listener does not currently know of service requested in connect descriptor',
  ].join('\n');
  // github.com/oracle/node-oracledb/issues/1334
  const unknownServiceDescriptor = [
    '{ [Error: ORA-12514: TNS:listener does not currently know of service requested in connect descriptor] errorNum: 12514, offset: 558 }',
    'connectString : "(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=oscaroltp-db.int.bkrh.oracleoutsourcing.com)(PORT=1521))(CONNECT_DATA=(SERVER=DEDICATED)(SERVICE_NAME=oscaroltp)))"',
  ].join('\n');
  // github.com/darold/ora2pg/issues/1690
  const unknownSid = "DBI connect('host=10.33.33.333;sid=aaaa.oraclevcn.com;port=1521','test',...) failed: ORA-12505: TNS:listener does not currently know of SID given in connect descriptor (DBD ERROR: OCIServerAttach) at /usr/local/share/perl5/Ora2Pg.pm line 1619.";

  it.each([
    ['ORA-12514 from JDBC', unknownService],
    ['ORA-12514 with its descriptor', unknownServiceDescriptor],
    ['ORA-12505', unknownSid],
  ])('reads %s as a listener that answered but knows no such service', (_case, text) => {
    expect(ids(text)).toEqual(['oracle-tns-service-unknown']);
    expect(lines(text, 'sh')).toContain('lsnrctl services');
  });

  // github.com/t8y2/dbx/issues/630 (a 23ai client in Chinese, with Oracle's error-help link)
  const noListenerLocalised = [
    'Agent RPC error (-1): java.sql.SQLException: ORA-12541: 无法连接。host 10.xxx.xxx.xxx port 1521 中没有监听程序。 (CONNECTION_ID=n+K6rBU/TyKN+SJusV1BXg==)',
    'https://docs.oracle.com/error-help/db/ora-12541/',
  ].join('\n');

  it('tests the listener port, not the documentation link Oracle appends', () => {
    expect(ids(noListenerLocalised)).toEqual(['oracle-tns-no-listener']);
    expect(lines(noListenerLocalised, 'sh')[0]).toBe('nc -vz -w 5 <host> 1521');
    expect(analyzeLog(noListenerLocalised).entities.hosts).toEqual([]);
  });

  // github.com/laurenz/oracle_fdw/issues/229 and github.com/oracle/node-oracledb/issues/626: already right, pinned.
  it('keeps ORA-12541 and ORA-12170 on their own entries', () => {
    expect(ids('ERROR:  ERRO:  cannot connect to foreign Oracle server\nDETAIL:  ORA-12541: TNS:no listener')).toEqual(['oracle-tns-no-listener']);
    expect(ids('"Error while executing pool.getConnection method, [Error: ORA-12170: TNS:Connect timeout occurred\\n]"')).toEqual(['oracle-tns-connect-timeout']);
  });
});

describe('DB2 SQL30081N', () => {
  // github.com/ibmdb/node-ibm_db/issues/82
  const connectTimeout = '{ [Error: [IBM][CLI Driver] SQL30081N  A communication error has been detected. Communication protocol being used: "TCP/IP".  Communication API being used: "SOCKETS".  Location where the error was detected: "172.18.1.104".  Communication function detecting the error: "selectForConnectTimeout".  Protocol specific error code(s): "115", "*", "*".  SQLSTATE=08001\n]';
  // github.com/zowe/docs-site/issues/1611
  const recvReset = [
    'DB2 ODBC Driver Error: [node-ibm_db] SQL_ERROR',
    'Error:    [IBM][CLI Driver] SQL30081N  A communication error has been detected. Communication protocol being used: "TCP/IP".  Communication API being used: "SOCKETS".  Location where the error was detected: "9.63.66.57".  Communication function detecting the error: "recv".  Protocol specific error code(s): "10054", "*", "0".  SQLSTATE=08001',
    'SQLCODE:  -30081',
  ].join('\n');
  // github.com/loopbackio/loopback-connector-db2/issues/136
  const recvLinuxReset = ' Error: [IBM][CLI Driver] SQL30081N  A communication error has been detected. Communication protocol being used: "TCP/IP".  Communication API being used: "SOCKETS".  Location where the error was detected: "169.60.63.234".  Communication function detecting the error: "recv".  Protocol specific error code(s): "104", "*", "0".  SQLSTATE=08001.';
  // github.com/ibmdb/node-ibm_db/issues/461
  const brokenPipe = 'APP/PROC/WEB/0 message: \'[IBM][CLI Driver] SQL30081N A communication error has been detected. Communication protocol being used: "TCP/IP". Communication API being used: "SOCKETS". Location where the error was detected: "169.55.227.101". Communication function detecting the error: "send". Protocol specific error code(s): "32", "*", "0". SQLSTATE=08001\\n\',';

  it.each([
    ['connect timeout (115)', connectTimeout, '172.18.1.104'],
    ['reset on recv (104)', recvLinuxReset, '169.60.63.234'],
    ['broken pipe on send (32)', brokenPipe, '169.55.227.101'],
  ])('reads a %s as the DB2 communication error and tests the server it names on 50000', (_case, text, server) => {
    expect(ids(text)).toEqual(['db2-communication-error']);
    expect(lines(text, 'sh').slice(0, 2)).toEqual([`nc -vz -w 5 '${server}' 50000`, `traceroute -n '${server}'`]);
  });

  it('puts the DB2 entry before the reset its error code restates', () => {
    expect(ids(recvReset)).toEqual(['db2-communication-error', 'connection-forcibly-closed']);
    expect(lines(recvReset, 'sh')[0]).toBe("nc -vz -w 5 '9.63.66.57' 50000");
  });

  // github.com/ibmdb/node-ibm_db/issues/828
  const sslClosed = 'error: Error: [IBM][CLI Driver] SQL30081N  A communication error has been detected. Communication protocol being used: "SSL".  Communication API being used: "SOCKETS".  Location where the error was detected: "".  Communication function detecting the error: "sqlccSSLSocketSetup".  Protocol specific error code(s): "420", "*", "*".  SQLSTATE=08001';

  it('reads the SSL variant too, leaving the unnamed server as a gap', () => {
    expect(ids(sslClosed)).toEqual(['db2-communication-error']);
    expect(lines(sslClosed, 'sh')[0]).toBe('nc -vz -w 5 <host> 50000');
  });
});

describe('Teradata, Hive and Impala drivers', () => {
  // github.com/Teradata/nodejs-driver/issues/29
  const teradataTimeout = [
    '[Version 42659830765e8ee7b720b821cd0b35677b82dbd5] [Session 0] [Teradata SQL Driver] Failed to connect to [REMOVED]:1025',
    ' at gosqldriver/teradatasql.(*teradataConnection).makeDriverError TeradataConnection.go:1035',
    ' at gosqldriver/teradatasql.newTeradataConnection TeradataConnection.go:135',
    'Caused by dial tcp [REMOVED]:1025: connect: operation timed out',
  ].join('\n');

  it('reads the Teradata driver failing to connect, and takes [REMOVED] for a blank, not a host', () => {
    expect(ids(teradataTimeout)).toEqual(['teradata-unreachable']);
    expect(lines(teradataTimeout, 'sh')).toEqual(['nc -vz -w 5 <host> 1025', 'nslookup <host>']);
  });

  // github.com/ianmcook/implyr/issues/41
  const plainToTls = 'Error: nanodbc/nanodbc.cpp:950: HY000: [Cloudera][ThriftExtension] (5) Error occurred while contacting server: No more data to read.. This could be because you are trying to establish a non-SSL connection to a SSL-enabled server.';
  // github.com/ianmcook/implyr/issues/31
  const saslMismatch = 'Error: nanodbc/nanodbc.cpp:950: HY000: [Cloudera][ThriftExtension] (4) Error occurred while contacting server: EAGAIN (timed out). The connection has been configured to not use SASL for authentication. This error might be due to the server has been configured to use SASL for authentication.';
  // github.com/SIDN/entrada/issues/123
  const jdbcTimeout = 'Caused by: java.sql.SQLException: [Cloudera][ImpalaJDBCDriver](700100) Connection timeout expired. Details: None.';

  it.each([
    ['a plain client on a TLS port', plainToTls],
    ['a SASL mismatch', saslMismatch],
    ['the JDBC connect timeout', jdbcTimeout],
  ])('reads %s as the Thrift transport settings or port', (_case, text) => {
    expect(ids(text)).toEqual(['hive-impala-thrift-transport']);
    expect(lines(text, 'sh')[0]).toBe('nc -vz -w 5 <host> 10000');
  });

  it('does not take the errno name after "server:" for a host', () => {
    expect(analyzeLog(saslMismatch).entities.hosts).toEqual([]);
  });
});

describe('HDFS and MySQL', () => {
  // github.com/apache/hudi/issues/5280 and github.com/mesosphere-backup/hdfs-deprecated/issues/215: already right, pinned.
  it('tests the name node the Hadoop client names, not the machine it calls from', () => {
    const fromTo = 'ls: Call From app1.lab.blue.bisnode.net/10.131.8.21 to hdfs:8020 failed on connection exception: java.net.ConnectException: Connection refused; For more details see:  http://wiki.apache.org/hadoop/ConnectionRefused';
    expect(ids(fromTo)).toEqual(['connection-refused']);
    expect(lines(fromTo, 'sh')).toEqual(["nc -vz -w 5 'hdfs' 8020"]);
    const tryOnce = '22/04/09 08:17:07 WARN ipc.Client: Failed to connect to server: namenode/172.24.0.6:8020: try once and fail.\njava.net.ConnectException: Connection refused';
    expect(lines(tryOnce, 'sh')).toEqual(["nc -vz -w 5 '172.24.0.6' 8020"]);
  });

  // github.com/mysql-net/MySqlConnector/issues/427 (a JSON log of the exception)
  const mysqlTls = [
    '"exception": {',
    '"Type": "MySql.Data.MySqlClient.MySqlException",',
    '"Message": "SSL Authentication Error",',
    '"Source": "MySqlConnector",',
  ].join('\n');

  it("reads MySqlConnector's SSL Authentication Error as the TLS handshake, tested the MySQL way", () => {
    expect(ids(mysqlTls)).toEqual(['mysql-ssl-handshake-failed']);
    expect(lines(mysqlTls, 'sh')[0]).toBe('openssl s_client -starttls mysql -connect <host>:3306 </dev/null');
  });
});
