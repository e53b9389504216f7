/**
 * The named command library: each check that more than one catalog entry offers, or that the
 * analyzer's generic next steps offer, is written here once. A catalog entry names one instead of
 * pasting it, `{ "use": "tcp-connect", "defaults": { "port": "8060" } }`, so a correction made here
 * reaches every entry, the known-issues page and the analyzer alike. The entry may word the purpose
 * for its own case ("Check that the SAP host name resolves") while the command lines stay shared. A
 * check only one entry needs stays inline in that entry's JSON.
 *
 * Code rather than a JSON file because these lines carry choices a later edit must not undo (why
 * pktmon needs `--comp nics`, why the proxy test reads two files), and only code can keep that
 * reasoning beside them; because the generic checks in analyze-log.ts use the same objects without
 * a name look-up; and because a variant (another wording, a product default) is derived from its
 * base here instead of copied.
 */
import type { CommandReference, CommandTemplate, Placeholder } from './types';
import { isPlaceholder, PLACEHOLDERS } from './types';

const SHELL_FIELDS = ['powershell', 'cmd', 'sh'] as const;
/** The value part of `{name=value}` (PLACEHOLDER_PATTERN in types.ts). */
const DEFAULT_VALUE = /^[^{}\s]{1,64}$/;

function placeholderIn(name: string): RegExp {
  return new RegExp(`\\{${name}(?:=[^{}\\s]{1,64})?\\}`, 'g');
}

interface Variant {
  purpose?: string;
  storagePurpose?: string;
  /** Values used when the text gives none: `{port}` becomes `{port=8060}`. */
  defaults?: Partial<Record<Placeholder, string>>;
  /** Values written into the command, never taken from the text. */
  fixed?: Partial<Record<Placeholder, string>>;
}

/** The base command with another wording or other values; every shell line stays the base's. */
function derive(base: CommandTemplate, { purpose, storagePurpose, defaults = {}, fixed = {} }: Variant): CommandTemplate {
  const derived: CommandTemplate = { purpose: purpose ?? base.purpose, ...(base.looksUpHost ? { looksUpHost: true } : {}) };
  // An entry's own wording of the purpose is about its case; the base's storage wording would contradict it.
  const storageWording = storagePurpose ?? (purpose === undefined ? base.storagePurpose : undefined);
  if (storageWording) derived.storagePurpose = storageWording;
  for (const shell of SHELL_FIELDS) {
    let line = base[shell];
    if (line === undefined) continue;
    for (const [name, value] of Object.entries(defaults)) line = line.replace(placeholderIn(name), `{${name}=${value}}`);
    for (const [name, value] of Object.entries(fixed)) line = line.replace(placeholderIn(name), value);
    derived[shell] = line;
  }
  return derived;
}

/** The service URL of a factory whose key names no host of its own; `<region>` is a gap the reader fills, and
 *  its note (GAP_HINTS in commands.ts) tells readers of newer factories to put their own host in its place. */
const SERVICE_URL = 'https://<region>.frontend.clouddatahub.net/';
const SERVICE_HOST = '<region>.frontend.clouddatahub.net';
const SHARED_FOLDER = 'C:\\Program Files\\Microsoft Integration Runtime\\5.0\\Shared';

const tcpConnect: CommandTemplate = {
  purpose: 'Test whether a TCP connection to the endpoint opens from this machine.',
  powershell: 'Test-NetConnection -ComputerName {host} -Port {port}',
  cmd: 'telnet {host} {port}',
  sh: 'nc -vz -w 5 {host} {port}',
};

const nameResolution: CommandTemplate = {
  purpose: 'Check that the name resolves, and to which addresses.',
  looksUpHost: true,
  powershell: 'Resolve-DnsName -Name {host}',
  cmd: 'nslookup {host}',
  sh: 'nslookup {host}',
};

const webRequest: CommandTemplate = {
  purpose: 'Request the URL directly, without a proxy, and show the HTTP status.',
  powershell: 'Invoke-WebRequest -Uri {url} -UseBasicParsing -TimeoutSec 30 | Select-Object StatusCode, StatusDescription',
  cmd: 'curl.exe -sSI --noproxy * {url}',
  sh: "curl -sSI --noproxy '*' {url}",
};

/** Storage refuses an anonymous request to its root, which is still the answer that proves the path. */
const STORAGE_ANSWER = 'An error status such as 400 or 403 still proves the node reaches the account; only a timeout or a connection error does not.';

/** Said wherever a check signs in to a proxy as the person running it: a proxy that admits them may still refuse the service. */
const SIGNED_IN_AS_YOU = "It signs in to the proxy as you, the user running it, not as the runtime's service account (NT SERVICE\\DIAHostService unless changed), so read a success with that in mind.";

/** With "Use system proxy" the runtime takes the proxy from the defaultProxy section of both files
 *  (one per process), so the check shows both, tests through the one diahost.exe.config names and
 *  says when it names none (the runtime then connects directly). */
const webRequestViaRuntimeProxy: CommandTemplate = {
  purpose: `Show the proxy that diahost.exe.config and diawp.exe.config name (the runtime reads both; they should agree) and request the URL through it. ${SIGNED_IN_AS_YOU}`,
  powershell: `$settings = 'diahost.exe.config', 'diawp.exe.config' | ForEach-Object { [pscustomobject]@{ File = $_; Proxy = ([xml](Get-Content -Raw (Join-Path '${SHARED_FOLDER}' $_))).configuration.'system.net'.defaultProxy.proxy.proxyaddress } }; $settings | Format-Table -AutoSize; $proxy = $settings[0].Proxy; if ($proxy) { Invoke-WebRequest -Uri {url} -Proxy $proxy -ProxyUseDefaultCredentials -UseBasicParsing -TimeoutSec 30 | Select-Object StatusCode, StatusDescription } else { 'diahost.exe.config names no proxy: with Use system proxy the runtime then connects directly.' }`,
};

const tlsHandshakeTemplate = (authenticate: string) =>
  `$tcp = [Net.Sockets.TcpClient]::new({host}, {port=443}); $ssl = [Net.Security.SslStream]::new($tcp.GetStream(), $false, { $true }); ${authenticate}`;

const LIBRARY = {
  'tcp-connect': tcpConnect,
  /** With a proxy set, the node's TCP connections go to the proxy, so "unable to connect" is first a question about it. */
  'proxy-tcp-connect': derive(tcpConnect, {
    purpose: 'Test whether the proxy named in the text accepts a TCP connection from this machine: with a proxy set, every connection the runtime opens goes to the proxy first.',
  }),
  /** The service's front end always listens on 443, whatever other port the text names. */
  'service-tcp-connect': derive(tcpConnect, { defaults: { host: SERVICE_HOST }, fixed: { port: '443' } }),
  /** OpenDNS answers this name with the address the question came from: the node's public address on
   *  the direct path, which services with an address allow-list (Snowflake, Databricks) compare. */
  'outbound-address': {
    purpose: "Show the public address this node's direct traffic leaves from (through a proxy or NAT it may differ).",
    powershell: 'Resolve-DnsName -Name myip.opendns.com -Server resolver1.opendns.com -Type A | Select-Object -ExpandProperty IPAddress',
    cmd: 'nslookup myip.opendns.com resolver1.opendns.com',
    sh: 'dig +short myip.opendns.com @resolver1.opendns.com',
  },
  /** FTP and SSH servers speak first, so their greeting tells which service (if any) answers on the port. */
  'server-greeting': {
    purpose: 'Read the first line the server sends.',
    powershell:
      '$client = [System.Net.Sockets.TcpClient]::new({host}, {port}); $client.ReceiveTimeout = 10000; ([System.IO.StreamReader]::new($client.GetStream())).ReadLine(); $client.Close()',
    sh: 'nc -w 10 {host} {port} </dev/null | head -n 1',
  },
  'trace-route': {
    purpose: 'Trace the route towards the host to see where packets stop.',
    powershell: 'Test-NetConnection -ComputerName {host} -TraceRoute',
    cmd: 'tracert -d {host}',
    sh: 'traceroute -n {host}',
  },
  'name-resolution': nameResolution,
  /** Offered for a host that nearly spells a service domain, before the checks run on the likely spelling. */
  'name-as-written': derive(nameResolution, {
    purpose: 'Show that the name as the text writes it does not resolve: it is a near miss of a service domain (a letter off, or a label such as core. left out).',
  }),
  'web-request': webRequest,
  'service-request': derive(webRequest, {
    purpose: 'Request the service URL directly, without a proxy, and show the HTTP status.',
    storagePurpose: `Request the storage endpoint your text names directly, without a proxy, and show the HTTP status. ${STORAGE_ANSWER}`,
    defaults: { url: SERVICE_URL },
  }),
  'web-request-via-runtime-proxy': webRequestViaRuntimeProxy,
  'service-request-via-runtime-proxy': derive(webRequestViaRuntimeProxy, {
    purpose: `Show the proxy that diahost.exe.config and diawp.exe.config name (the runtime reads both; they should agree) and request the service URL through it. ${SIGNED_IN_AS_YOU}`,
    storagePurpose: `Show the proxy that diahost.exe.config and diawp.exe.config name (the runtime reads both; they should agree) and request the storage endpoint your text names through it. ${SIGNED_IN_AS_YOU}`,
    defaults: { url: SERVICE_URL },
  }),
  'service-request-via-named-proxy': {
    purpose: `Request the service URL through the proxy named in the error. ${SIGNED_IN_AS_YOU}`,
    storagePurpose: `Request the storage endpoint your text names through the proxy named in the error. ${SIGNED_IN_AS_YOU}`,
    powershell: `Invoke-WebRequest -Uri {url=${SERVICE_URL}} -Proxy {proxy} -ProxyUseDefaultCredentials -UseBasicParsing -TimeoutSec 30 | Select-Object StatusCode, StatusDescription`,
    cmd: `curl.exe -sSI --proxy {proxy} --proxy-ntlm --proxy-user : {url=${SERVICE_URL}}`,
    sh: `curl -sSI --proxy {proxy} {url=${SERVICE_URL}}`,
  },
  'runtime-proxy-settings': {
    purpose: 'Show the proxy settings of both runtime configuration files, diahost.exe.config and diawp.exe.config; they should name the same proxy.',
    powershell: `Select-String -Path '${SHARED_FOLDER}\\diahost.exe.config', '${SHARED_FOLDER}\\diawp.exe.config' -Pattern 'proxy' -Context 0,3`,
    cmd: `findstr /i proxy "${SHARED_FOLDER}\\diahost.exe.config" "${SHARED_FOLDER}\\diawp.exe.config"`,
  },
  'service-status': {
    purpose: 'Check that the integration runtime service is running and how it starts.',
    powershell: 'Get-Service -Name DIAHostService | Format-List Name, Status, StartType',
    cmd: 'sc query DIAHostService',
  },
  'service-account': {
    purpose: 'Show the account the integration runtime service logs on as.',
    powershell: `Get-CimInstance -ClassName Win32_Service -Filter "Name='DIAHostService'" | Format-List Name, State, StartName`,
    cmd: 'sc qc DIAHostService',
  },
  'runtime-event-errors': {
    purpose: 'List the latest errors of the Integration Runtime event log.',
    powershell: "Get-WinEvent -LogName 'Integration Runtime' -MaxEvents 200 | Where-Object LevelDisplayName -eq 'Error' | Select-Object -First 20 | Format-List TimeCreated, Id, Message",
    cmd: 'wevtutil qe "Integration Runtime" /c:20 /rd:true /f:text /q:"*[System[(Level=2)]]"',
  },
  'runtime-version': {
    purpose: 'Show the installed runtime version.',
    powershell:
      "Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\*' | Where-Object DisplayName -like '*Integration Runtime*' | Format-List DisplayName, DisplayVersion, InstallDate",
    cmd: 'reg query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall /s /f "Integration Runtime" /d',
  },
  'service-logon-right': {
    purpose: 'Export the local security policy and show who holds "Log on as a service" (SeServiceLogonRight).',
    powershell: "secedit /export /cfg $env:TEMP\\secpol.cfg /areas USER_RIGHTS; Select-String -Path $env:TEMP\\secpol.cfg -Pattern 'SeServiceLogonRight'",
  },
  'node-port-firewall-rule': {
    purpose: 'Show whether a Windows Firewall rule allows inbound TCP 8060 on the node that should listen.',
    powershell: 'Get-NetFirewallPortFilter -Protocol TCP | Where-Object LocalPort -eq 8060 | Get-NetFirewallRule | Format-List DisplayName, Enabled, Direction, Action',
    cmd: 'netsh advfirewall firewall show rule name=all dir=in | findstr /i 8060',
  },
  'port-listener': {
    purpose: 'Show which local process listens on the port.',
    powershell: 'Get-NetTCPConnection -State Listen -LocalPort {port} | Format-List LocalAddress, LocalPort, OwningProcess',
    cmd: 'netstat -abno | findstr /i LISTENING',
  },
  /** `--comp nics` records each packet once, at the adapter: without it pktmon records it at every
   *  layer of the stack and the copies read as retransmissions. These options came with Windows 10
   *  2004 (build 19041); Server 2019's pktmon lacks them, hence the netsh trace pointer. */
  'packet-capture': {
    purpose:
      'Record the packets at the network adapters while you reproduce the failure (elevated prompt; Windows 10 2004 or Server 2022 and later, so on Server 2019 or older use netsh trace as the guide\'s trace collection page shows). Then run pktmon stop, and pktmon etl2pcap C:\\Temp\\reset.etl --out C:\\Temp\\reset.pcapng for a file Wireshark and this site read.',
    powershell: 'pktmon start --capture --comp nics --pkt-size 0 --file-name C:\\Temp\\reset.etl',
    cmd: 'pktmon start --capture --comp nics --pkt-size 0 --file-name C:\\Temp\\reset.etl',
  },
  /** A DSN names the server and port, and for drivers with their own trust store the certificate file they read. */
  'odbc-dsn-attributes': {
    purpose: 'Show the 64-bit system DSNs with their attributes, to find the server and port the source connects to.',
    powershell: 'Get-OdbcDsn -Platform 64-bit | Format-List Name, DriverName, Attribute',
  },
  /** With the runtime as the data proxy of an Azure-SSIS runtime, its on-premises staging tasks log
   *  here rather than in the Integration Runtime event log. */
  'ssis-proxy-execution-logs': {
    purpose: 'List the newest execution logs of the SSIS staging tasks this node ran (the runtime logs are in the folder above them).',
    powershell: "Get-ChildItem -Path 'C:\\ProgramData\\SSISTelemetry\\ExecutionLog' -Recurse -File | Sort-Object LastWriteTime -Descending | Select-Object -First 10 FullName, LastWriteTime",
    cmd: 'dir /s /o-d C:\\ProgramData\\SSISTelemetry\\ExecutionLog',
  },
  'clock-compare': {
    purpose: "Compare this machine's clock with an internet time source and show the time service status.",
    powershell: 'w32tm /stripchart /computer:time.windows.com /samples:3 /dataonly; w32tm /query /status',
    cmd: 'w32tm /stripchart /computer:time.windows.com /samples:3 /dataonly',
  },
  'tls-certificate-chain': {
    purpose: 'Open a TLS connection and print the protocol and the certificate chain the server (or an inspecting proxy) presents, with any chain errors.',
    powershell: tlsHandshakeTemplate(
      '$ssl.AuthenticateAsClient({host}); $ssl.SslProtocol; $chain = [Security.Cryptography.X509Certificates.X509Chain]::new(); [void]$chain.Build([Security.Cryptography.X509Certificates.X509Certificate2]::new($ssl.RemoteCertificate)); $chain.ChainElements.Certificate | Format-List Subject, Issuer, NotBefore, NotAfter, Thumbprint; $chain.ChainStatus | Format-List Status, StatusInformation; $ssl.Dispose(); $tcp.Dispose()',
    ),
    sh: 'openssl s_client -connect {host}:{port=443} -servername {host} -showcerts </dev/null',
  },
  'tls12-handshake': {
    purpose: 'Try a TLS 1.2 handshake explicitly and print the negotiated protocol and cipher.',
    powershell: tlsHandshakeTemplate(
      '$ssl.AuthenticateAsClient({host}, $null, [Security.Authentication.SslProtocols]::Tls12, $false); $ssl.SslProtocol; $ssl.CipherAlgorithm; $ssl.Dispose(); $tcp.Dispose()',
    ),
    sh: 'openssl s_client -connect {host}:{port=443} -servername {host} -tls1_2 </dev/null',
  },
  'dotnet-tls-defaults': {
    purpose: 'Show whether .NET Framework is told to use the system TLS defaults (TLS 1.2); both values should be 1.',
    powershell:
      "Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319', 'HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319' -ErrorAction SilentlyContinue | Format-List PSPath, SchUseStrongCrypto, SystemDefaultTlsVersions",
    cmd: 'reg query "HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319" /v SchUseStrongCrypto',
  },
  'java-registry': {
    purpose: 'Show the Java runtimes registered on the node; the runtime reads JavaHome from these keys (64-bit).',
    powershell:
      "Get-ChildItem -Path 'HKLM:\\SOFTWARE\\JavaSoft', 'HKLM:\\SOFTWARE\\Eclipse Adoptium', 'HKLM:\\SOFTWARE\\Microsoft\\JDK' -Recurse -ErrorAction SilentlyContinue | Get-ItemProperty | Where-Object JavaHome | Format-List PSPath, JavaHome; $env:JAVA_HOME",
    cmd: 'reg query "HKLM\\SOFTWARE\\JavaSoft" /s /v JavaHome',
  },
} satisfies Record<string, CommandTemplate>;

export type SharedCommandName = keyof typeof LIBRARY;
export const SHARED_COMMANDS: Readonly<Record<SharedCommandName, CommandTemplate>> = LIBRARY;

export function isCommandReference(item: unknown): item is CommandReference {
  return typeof item === 'object' && item !== null && 'use' in item;
}

function isSharedCommandName(name: string): name is SharedCommandName {
  return Object.hasOwn(SHARED_COMMANDS, name);
}

/** What is wrong with a reference, worded for the entry's author; empty when it resolves. */
export function referenceProblems(reference: CommandReference): Array<{ field: string; message: string }> {
  if (!isSharedCommandName(reference.use)) {
    return [{ field: 'use', message: `unknown shared command "${reference.use}"; the names are in src/lib/logs/shared-commands.ts: ${Object.keys(SHARED_COMMANDS).join(', ')}` }];
  }
  const command = SHARED_COMMANDS[reference.use];
  const lines = SHELL_FIELDS.map((shell) => command[shell] ?? '').join('\n');
  const problems: Array<{ field: string; message: string }> = [];
  for (const [name, value] of Object.entries(reference.defaults ?? {})) {
    if (!isPlaceholder(name)) problems.push({ field: `defaults.${name}`, message: `"${name}" is not a placeholder; use one of ${PLACEHOLDERS.join(', ')}` });
    else if (!placeholderIn(name).test(lines)) problems.push({ field: `defaults.${name}`, message: `shared command "${reference.use}" has no {${name}} to give a default to` });
    else if (typeof value !== 'string' || !DEFAULT_VALUE.test(value)) problems.push({ field: `defaults.${name}`, message: 'a default is 1 to 64 characters without spaces or braces' });
  }
  return problems;
}

/** The command an entry shows: a shared one with the entry's defaults applied, or the inline one as
 *  written. `where` ("proxy.json: commands[2]") starts the message of a reference that does not resolve. */
export function resolveCommand(item: CommandTemplate | CommandReference, where: string): CommandTemplate {
  if (!isCommandReference(item)) return item;
  const problems = referenceProblems(item);
  if (problems.length > 0) throw new Error(problems.map((problem) => `${where}.${problem.field}: ${problem.message}`).join('\n'));
  return derive(SHARED_COMMANDS[item.use as SharedCommandName], { purpose: item.purpose, defaults: item.defaults });
}
