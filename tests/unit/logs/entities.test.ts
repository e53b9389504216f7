import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { fixture } from './support';

describe('entities from the seed article\'s two .NET errors', () => {
  it('8060 refused: host, address, port, URL, socket code and exception chain', () => {
    const text = fixture('seed-8060-refused.txt');
    const report = analyzeLog(text);
    expect(report.entities.hosts).toEqual(['xxxxxxx.bwld.com']);
    expect(report.entities.ips).toEqual(['10.2.4.10']);
    expect(report.entities.ports).toEqual([8060]);
    expect(report.entities.urls).toEqual(['net.tcp://xxxxxxx.bwld.com:8060/ExternalService.svc/WorkerManager']);
    expect(report.socketErrors.map((error) => [error.code, error.name])).toEqual([[10061, 'WSAECONNREFUSED']]);
    expect(report.entities.exceptions).toEqual(['System.ServiceModel.EndpointNotFoundException', 'System.Net.Sockets.SocketException']);
    // Stack frames name types too ("at System.Net.Sockets.Socket.DoConnect"), but they are not exceptions.
    expect(report.entities.exceptions.some((name) => name.includes('DoConnect'))).toBe(false);
    expect(report.inputKinds).toContain('dotnet');
    for (const code of report.socketErrors) expect(text.slice(code.start, code.end)).toMatch(/10061|actively refused/);
  });

  it('no DNS entries: NetBIOS host names without a dot (not the names the article masked as xxxxx), inner exception and its depth', () => {
    const report = analyzeLog(fixture('seed-no-dns-entries.txt'));
    expect(report.entities.hosts).toEqual(['azranlcir01r1']);
    expect(report.entities.ports).toEqual([8060]);
    expect(report.socketErrors.map((error) => error.code)).toEqual([11001]);
    expect(report.exceptionChain.map((exception) => [exception.type, exception.depth, exception.message])).toEqual([
      ['System.ServiceModel.EndpointNotFoundException', 0, 'No DNS entries exist for host xxxxx.'],
      ['System.Net.Sockets.SocketException', 1, 'No such host is known'],
    ]);
  });
});

describe('ADF activity error JSON', () => {
  it('reads errorCode, failureType and the nested exception chain of the message', () => {
    const report = analyzeLog(fixture('adf-sql-timeout.json'));
    expect(report.activityError).toMatchObject({ errorCode: '2200', failureType: 'UserError', target: 'Copy Sales' });
    expect(report.errorCodes.map((code) => code.value)).toEqual(['2200', 'SqlFailedToConnect']);
    expect(report.sqlErrors.map((code) => code.value)).toEqual(['10060']);
    expect(report.hresults.map((code) => [code.value, code.name])).toEqual([['-2146232060', 'SqlException']]);
    expect(report.entities.hosts).toEqual(['sql01.contoso.local']);
    expect(report.exceptionChain.map((exception) => [exception.type.split('.').pop(), exception.depth])).toEqual([
      ['HybridDeliveryException', 0],
      ['SqlException', 1],
      ['Win32Exception', 2],
    ]);
    expect(report.inputKinds).toEqual(['json', 'dotnet']);
  });

  it('unescapes a message that holds escaped JSON twice, keeping offsets into the pasted text', () => {
    const text = fixture('adf-nested-proxy.json');
    const report = analyzeLog(text);
    expect(report.matches[0].id).toBe('proxy-authentication-required');
    expect(report.httpStatus.map((code) => [code.value, code.name])).toEqual([['407', 'Proxy Authentication Required']]);
    expect(report.proxies).toEqual(['http://proxy.contoso.local:8080']);
    // The path segment "contoso.onmicrosoft.com" of the token URL is not a host.
    expect(report.entities.hosts).toEqual(['login.microsoftonline.com', 'proxy.contoso.local']);
    for (const evidence of report.matches[0].evidence) expect(text.slice(evidence.start, evidence.end)).toBe(evidence.text);
    // The status comes twice, by enum name first ('ProxyAuthenticationRequired') and by number; both spans point into the escaped text.
    const status = report.httpStatus[0];
    expect(text.slice(status.start, status.end)).toBe('ProxyAuthenticationRequired');
    const codeSpans = report.highlights.filter((highlight) => highlight.kind === 'code').map((highlight) => text.slice(highlight.start, highlight.end));
    expect(codeSpans).toEqual(expect.arrayContaining(['ProxyAuthenticationRequired', '407']));
  });
});

describe('the monitoring UI\'s error dialog copied as text', () => {
  it('reads the error code, failure type and details', () => {
    const text = ['Error code', '2200', 'Failure type', 'User configuration issue', 'Details', "ErrorCode=UserErrorJreNotFound,'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,Message=Java Runtime Environment is not found.,Source=Microsoft.DataTransfer.Common,'", 'Source', 'Pipeline', 'pl_copy_parquet'].join('\n');
    const report = analyzeLog(text);
    expect(report.activityError).toEqual({ errorCode: '2200', failureType: 'User configuration issue', message: "ErrorCode=UserErrorJreNotFound,'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,Message=Java Runtime Environment is not found.,Source=Microsoft.DataTransfer.Common,'" });
    expect(report.inputKinds).toEqual(['activity-dialog', 'dotnet']);
    expect(report.matches[0].id).toBe('java-runtime-not-found');
  });
});

describe('Event Viewer text', () => {
  it('reads the header fields and keeps the logging computer out of the hosts to test', () => {
    const report = analyzeLog(fixture('event-8060-timeout.txt'));
    expect(report.events).toHaveLength(1);
    expect(report.events[0]).toMatchObject({ logName: 'Integration Runtime', eventId: '26', level: 'Error', computer: 'SHIR-NODE2.contoso.local', date: '11/25/2026 9:14:07 AM' });
    expect(report.events[0].description).toMatch(/^Cannot connect to worker manager/);
    expect(report.entities.hosts).toEqual(['shir-node1.contoso.local']);
    expect(report.ids).toMatchObject([{ value: '1f0c6d3e-8b7a-4e59-a2d4-0b6c8e9f1a23', label: 'Activity ID' }]);
    expect(report.timestamps.map((time) => time.value)).toEqual(['11/25/2026 9:14:07 AM']);
    expect(report.inputKinds).toEqual(['dotnet', 'event-log']);
  });
});

describe('Get-WinEvent | Format-List output', () => {
  it('reads each entry with its wrapped message', () => {
    const text = [
      'TimeCreated : 11/25/2026 9:14:07 AM',
      'Id          : 26',
      'Message     : Cannot connect to worker manager: net.tcp://shir-node1:8060/ExternalService.svc/ No DNS entries exist',
      '              for host shir-node1. No such host is known',
      '',
      'TimeCreated : 11/25/2026 9:10:00 AM',
      'Id          : 13',
      'Message     : Authentication Key is not assigned yet',
      '',
    ].join('\r\n');
    const report = analyzeLog(text);
    expect(report.events.map(({ date, eventId, description }) => ({ date, eventId, description }))).toEqual([
      { date: '11/25/2026 9:14:07 AM', eventId: '26', description: 'Cannot connect to worker manager: net.tcp://shir-node1:8060/ExternalService.svc/ No DNS entries exist for host shir-node1. No such host is known' },
      { date: '11/25/2026 9:10:00 AM', eventId: '13', description: 'Authentication Key is not assigned yet' },
    ]);
    // The wrapped phrase "No DNS entries exist / for host" still matches, across the line break.
    expect(report.matches.map((match) => match.id)).toEqual(expect.arrayContaining(['node-dns-no-entries', 'authentication-key-missing']));
    const evidence = report.matches.find((match) => match.id === 'node-dns-no-entries')?.evidence[0];
    expect(text.slice(evidence?.start, evidence?.end)).toBe('No DNS entries exist\r\n              for host shir-node1');
  });
});

describe('addresses, ports and URLs', () => {
  it('reads IPv6 with and without brackets and ports, and IPv4 with ports', () => {
    const report = analyzeLog('connect to [2001:db8::15]:1433 failed; fallback fe80::1%12 and 10.0.0.4:8060 and 2001:db8:0:0:0:0:0:1');
    expect(report.entities.ips).toEqual(['2001:db8::15', 'fe80::1%12', '10.0.0.4', '2001:db8:0:0:0:0:0:1']);
    expect(report.entities.ports).toEqual([1433, 8060]);
  });

  it('does not take times, MAC addresses, versions or type names for addresses and hosts', () => {
    const report = analyzeLog('at 10:30:00 00:00:21.0312500 mac 00:1a:2b:3c:4d:5e System, Version=4.0.0.0, Culture=neutral System.Net.Dns.GetAddrInfo ExternalService.svc diahost.exe.config Microsoft.DataTransfer.Common');
    expect(report.entities.ips).toEqual([]);
    expect(report.entities.hosts).toEqual([]);
  });

  it('reads URLs of several schemes and trims trailing punctuation', () => {
    const report = analyzeLog('Tried https://wu2.frontend.clouddatahub.net/, then sb://relay-ns.servicebus.windows.net/x. Also tcp://10.1.1.1:9350 and (https://[2001:db8::2]:8443/a). jdbc:sqlserver://sqlhost:1433;database=dw');
    expect(report.entities.urls).toEqual(['https://wu2.frontend.clouddatahub.net/', 'sb://relay-ns.servicebus.windows.net/x', 'tcp://10.1.1.1:9350', 'https://[2001:db8::2]:8443/a', 'sqlserver://sqlhost:1433']);
    expect(report.entities.hosts).toEqual(['wu2.frontend.clouddatahub.net', 'relay-ns.servicebus.windows.net', 'sqlhost']);
    expect(report.entities.ips).toEqual(['10.1.1.1', '2001:db8::2']);
    expect(report.entities.ports).toEqual([9350, 8443, 1433]);
  });

  it('does not read the hour and minute of an ISO time as host:port', () => {
    const report = analyzeLog('query $filter=RowChangedDatetime gt 2021-06-30T15:59:57.0000000Z failed; retry at 2021-07-01T08:05:00Z');
    expect(report.entities.ports).toEqual([]);
    expect(report.entities.hosts).toEqual([]);
  });

  it('reads host and port from a linked service\'s JSON payload', () => {
    const report = analyzeLog('"typeProperties": { "host": "sftp01", "port": "2222", "authenticationType": "Basic" }');
    expect(report.entities.hosts).toEqual(['sftp01']);
    expect(report.entities.ports).toEqual([2222]);
  });

  it('reads hosts from SQL server names and connection strings', () => {
    const report = analyzeLog("Cannot connect to SQL Server: 'sqlprod01\\SALES', Database: 'dw'. Data Source=tcp:sqlreplica,14330;Initial Catalog=dw;");
    expect(report.entities.hosts).toEqual(['sqlprod01', 'sqlreplica']);
    expect(report.entities.ports).toEqual([14330]);
  });
});

describe('codes in context', () => {
  it('finds HTTP statuses only where the text says they are statuses', () => {
    const report = analyzeLog('Copied 404 rows in 503 ms (150) Records. The remote server returned an error: (403) Forbidden. Response status code does not indicate success: 502 (Bad Gateway). HTTP/1.1 407 Proxy Authentication Required');
    expect(report.httpStatus.map((code) => code.value)).toEqual(['403', '502', '407']);
  });

  it('reads an HTTP status that .NET printed by its name', () => {
    const report = analyzeLog('failed with status code Unauthorized and message .; then Status Code: Forbidden; status code Pending; the status code indicates failure');
    expect(report.httpStatus.map((code) => [code.value, code.name])).toEqual([['401', 'Unauthorized'], ['403', 'Forbidden']]);
  });

  it('names socket errors by number, by WSA name and by their Windows message', () => {
    const report = analyzeLog('TCP error code 10054. WSAETIMEDOUT. A socket operation was attempted to an unreachable host. Listening on port 10050.');
    expect(report.socketErrors.map((error) => [error.code, error.name])).toEqual([
      [10054, 'WSAECONNRESET'],
      [10060, 'WSAETIMEDOUT'],
      [10065, 'WSAEHOSTUNREACH'],
    ]);
    expect(report.socketErrors[0].meaning).toMatch(/reset/i);
  });

  it('does not read counts in activity output as socket errors', () => {
    const report = analyzeLog('{"dataRead": 10061, "rowsRead": 10054, "rowsCopied": 10054, "copyDuration": 10060, "usedParallelCopies": 1}');
    expect(report.socketErrors).toEqual([]);
    expect(report.matches).toEqual([]);
  });

  it('reads SQL error numbers, HRESULTs in hex and decimal, and GUID labels', () => {
    const report = analyzeLog('Msg 18456, Level 14. (provider: TCP Provider, error: 40 - Could not open). HRESULT: 0x80090325 ErrorCode=-2147467259 Report ID: 0b8f1c5e-7d2a-4a11-9c3e-5f6a7b8c9d0e RunId=0B8F1C5E-7D2A-4A11-9C3E-5F6A7B8C9D0F');
    expect(report.sqlErrors.map((code) => code.value)).toEqual(['18456', '40']);
    expect(report.sqlErrors[0].meaning).toMatch(/Login failed/);
    expect(report.hresults.map((code) => [code.value, code.name])).toEqual([
      ['0x80090325', 'SEC_E_UNTRUSTED_ROOT'],
      ['-2147467259', 'E_FAIL'],
    ]);
    expect(report.ids.map((id) => id.label)).toEqual(['Report ID', 'RunId']);
  });

  // github.com/DubyaDude/WindowsMediaController/issues/15: the .NET wording of a COM failure.
  it('names a COM HRESULT from the .NET "Exception from HRESULT" wording', () => {
    const report = analyzeLog("System.Exception: 'Call was canceled by the message filter. (Exception from HRESULT: 0x80010002 (RPC_E_CALL_CANCELED))'");
    expect(report.hresults.map((code) => [code.value, code.name])).toEqual([['0x80010002', 'RPC_E_CALL_CANCELED']]);
    expect(report.hresults[0].meaning).toMatch(/COM call/);
  });

  it('reads ISO timestamps with their precision', () => {
    const report = analyzeLog('[2026-11-25 09:14:07.1234567] Error; 2026-11-25T09:14:08Z retry; 2026-11-25T09:14:09.5+01:00');
    expect(report.timestamps.map((time) => time.value)).toEqual(['2026-11-25 09:14:07.1234567', '2026-11-25T09:14:08Z', '2026-11-25T09:14:09.5+01:00']);
  });
});

describe('links offered for reading', () => {
  it('skips a URL the message introduces with "visit" or "see", but keeps one the request went to', () => {
    expect(analyzeLog('Access denied. For more information, see https://aka.ms/shir-help for details.').entities.urls).toEqual([]);
    expect(analyzeLog('Unable to connect to the remote server https://go.microsoft.com/fwlink/?LinkId=839822').entities.hosts).toEqual(['go.microsoft.com']);
  });
});
