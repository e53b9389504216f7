/**
 * Pulls the concrete values out of an error text: where it tried to connect (hosts, addresses,
 * ports, URLs), which codes it reported (socket, HTTP, SQL, HRESULT, ADF), which exceptions, and
 * which ids and times identify it. Every regular expression here is bounded (no unbounded
 * repetition next to an overlapping one) so a 10 MB paste is scanned in linear time, and every list
 * is capped so the report stays small whatever the input.
 */
import { extractCodes } from './entity-codes';
import { groupStart, MAX_FINDINGS, scan, spanOf, type RawEntities } from './entity-scan';
import type { TextSpan } from './types';
import type { TextView } from './text';
import { defaultPort, isHostName, isIPv4, isIPv6, isMaskedName, isPort, parseUrl } from './values';

export type { EndpointFinding, Located, RawEntities } from './entity-scan';

/** Any scheme with an authority (https, net.tcp, sb, tcp, jdbc's sqlserver, ...). */
const URL_PATTERN = /:\/\/(?<=(?<![\w.+-])(?<lead>[a-z][a-z0-9+.-]{1,19}):\/\/)(?:\[[\w:.%]{2,60}\])?[^\s'"<>`{}|\\^]{0,2048}/gi;

/** Words that introduce a documentation link, written just before it (SSMS: "For help, click: https://…"). */
const REFERENCE_LINK = /\b(?:visit|see|refer to|documented at|click|(?:learn more|more information|more details|for details)[^.\n]{0,80}?(?:visit|see|at|:))[\s:,]{0,3}$/i;
/** Documentation hosts a message links for reading: Microsoft's ("… is set to Yes (https://docs.microsoft.com/…)")
 *  and Oracle's, which 23ai clients append to every error ("https://docs.oracle.com/error-help/db/ora-12541/").
 *  No runtime request goes there. Not go.microsoft.com: its links also lead to the runtime's downloads. */
const DOCUMENTATION_HOST = /^(?:(?:docs|learn|support)\.microsoft\.com|docs\.oracle\.com)$/i;
/** A field of a certificate's distinguished name, open up to the URL ("OU=Created by https://github.com/dotnet/wcf"):
 *  the URL is text inside the certificate, not an endpoint. */
const CERTIFICATE_NAME_FIELD = /\b(?:CN|OU|O|L|ST|C)=[^,;\n=]{0,100}$/;

const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

/** Returns the [start, end) ranges of the URLs in view coordinates, so host scanning can skip them. */
function extractUrls(view: TextView, entities: RawEntities): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const match of scan(view, URL_PATTERN)) {
    let text = match[0];
    const trailing = TRAILING_PUNCTUATION.exec(text);
    if (trailing && !(text.endsWith(']') && text.includes('['))) text = text.slice(0, trailing.index);
    let parsed = parseUrl(text);
    // JDBC-style URLs carry properties after ';' ("sqlserver://host:1433;database=dw").
    if (!parsed && text.includes(';')) {
      text = text.slice(0, text.indexOf(';'));
      parsed = parseUrl(text);
    }
    if (!parsed) continue;
    ranges.push([match.index, match.index + text.length]);
    // A link the message offers for reading ("… visit http://go.microsoft.com/fwlink/?LinkId=845443")
    // is not where the failing request went; as a target it would crowd out the real one.
    const before = view.text.slice(Math.max(0, match.index - 100), match.index);
    if (REFERENCE_LINK.test(before) || DOCUMENTATION_HOST.test(parsed.host) || CERTIFICATE_NAME_FIELD.test(before)) continue;
    const span = spanOf(view, match.index, match.index + text.length);
    // A host the poster masked ("net.tcp://xxxxxx:8060/") is no target, but the port it was reached on still is.
    if (isMaskedName(parsed.host)) {
      if (parsed.port !== null) entities.ports.push({ ...span, value: parsed.port });
      continue;
    }
    entities.urls.push({ ...span, value: text, host: parsed.host, port: parsed.port ?? defaultPort(parsed.scheme) });
    const hostFinding = { ...span, value: parsed.host };
    if (isIPv4(parsed.host) || isIPv6(parsed.host)) entities.ips.push(hostFinding);
    else entities.hosts.push(hostFinding);
    if (parsed.port !== null) entities.ports.push({ ...span, value: parsed.port });
    entities.endpoints.push({ ...span, host: parsed.host, port: parsed.port ?? defaultPort(parsed.scheme) });
  }
  return ranges;
}

/** Labels of the local end of a connection, written just before its address. */
const LOCAL_END = /(?:\bL=|\blocal\s?(?:address|end\s?point)\s{0,2}[:=]?\s{0,2})$/i;
const IPV4_PATTERN = /(?<![\w.])((?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))(?![\w]|\.\d)(?::(\d{1,5})(?!\d))?/g;
const IPV6_PATTERN = /(?<![\w:.%])(\[)?((?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?:%[\w.-]{1,32})?)(\])?(?::(\d{1,5})(?!\d))?/gi;

/** An address the poster masked ("164.XXX.XXX.XX:443"): no target, but the port it was reached on still is one. */
const MASKED_IPV4_PORT = /(?<![\w.])(?=[\d.]{0,11}[xX*?])(?:\d{1,3}|[xX*?]{1,3})(?:\.(?:\d{1,3}|[xX*?]{1,3})){3}:(\d{1,5})(?!\d)/g;

function extractAddresses(view: TextView, entities: RawEntities): void {
  const text = view.text;
  for (const match of scan(view, MASKED_IPV4_PORT)) {
    const port = Number(match[1]);
    if (isPort(port)) entities.ports.push({ ...spanOf(view, match.index, match.index + match[0].length), value: port });
  }
  for (const match of scan(view, IPV4_PATTERN)) {
    // Assembly versions ("Version=4.0.0.0") look like addresses; the label gives them away.
    if (/version\s*[=:]?\s*$/i.test(text.slice(Math.max(0, match.index - 10), match.index))) continue;
    const span = spanOf(view, match.index, match.index + match[0].length);
    entities.ips.push({ ...span, value: match[1] });
    // This machine's own end of the connection ("L=127.0.0.1:55510" in SAP's NI trace): its port is
    // an ephemeral one, not a destination to test.
    if (LOCAL_END.test(text.slice(Math.max(0, match.index - 24), match.index))) continue;
    const port = match[2] === undefined ? null : Number(match[2]);
    if (port !== null && isPort(port)) entities.ports.push({ ...span, value: port });
    entities.endpoints.push({ ...span, host: match[1], port: port !== null && isPort(port) ? port : null });
  }
  for (const match of scan(view, IPV6_PATTERN)) {
    const bracketed = match[1] === '[' && match[3] === ']';
    const address = match[2];
    if (!isIPv6(address) || !/[1-9a-f]/i.test(address)) continue;
    const span = spanOf(view, match.index, match.index + match[0].length);
    entities.ips.push({ ...span, value: address });
    const port = bracketed && match[4] !== undefined ? Number(match[4]) : null;
    if (port !== null && isPort(port)) entities.ports.push({ ...span, value: port });
    entities.endpoints.push({ ...span, host: address, port: port !== null && isPort(port) ? port : null });
  }
}

/** Top-level domains seen in SHIR logs; a dotted token ending otherwise is a type or file name. */
const KNOWN_TLDS = new Set(
  ('com net org edu gov mil int io co info biz cloud app dev xyz me tv ms ai eu asia online site tech ' +
    'local lan corp internal intra intranet localdomain home ad test example ' +
    'us uk de fr nl be ch at it es pt se no dk fi pl cz ie ca au nz jp cn in br mx ru sg hk kr tw za ae il tr')
    .split(' '),
);
const DOTTED_NAME = /(?<![\w.@-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,10}([a-z]{2,24}))(?![\w-]|\.\w|\()/gi;
const NAMESPACE_ROOT = /^(?:System|Microsoft|Newtonsoft|Windows|ASP|ADO)\./;

/** "Server=sqlhost,1433;", "Data Source='db01\\inst'". Not after "for": the ODBC driver names itself
 *  "Driver 17 for SQL Server : <message>". */
const LABELLED_HOST =
  /(?<!\bfor (?:SQL )?)\b(?:SQL Server|server|host|Data Source|Address|Addr|Network Address|ComputerName)"?\s{0,3}[:=]\s{0,3}['‘’"]?(?:tcp:|np:)?([a-z0-9][\w.-]{0,252})(?:\\[\w$-]{1,64})?(?:,(\d{1,5}))?['‘’";,\s]/gi;
const QUOTE = /['‘’"]/;

/** A socket error's symbolic name after "server:" ("Error occurred while contacting server: EAGAIN (timed out)"). */
const ERRNO_NAME = /^E(?:AGAIN|WOULDBLOCK|CONNRESET|CONNREFUSED|CONNABORTED|TIMEDOUT|HOSTUNREACH|NETUNREACH|PIPE|INPROGRESS)$/;

/** A value after "Server:" that is not a name: a quoted phrase (the guide's placeholder "Cannot connect to
 *  SQL Server: 'IP address'") or a word that starts a sentence ("… to SQL Server: Could not open …"). */
function isProseAfterLabel(view: TextView, match: RegExpExecArray, name: string): boolean {
  if (ERRNO_NAME.test(name)) return true;
  const start = groupStart(match, 1);
  const end = match.index + match[0].length;
  const closing = match[0][match[0].length - 1];
  if (QUOTE.test(view.text[start - 1] ?? '')) return !QUOTE.test(closing);
  return /^[a-z]+$/i.test(name) && /\s/.test(closing) && /[a-z]/.test(view.text[end] ?? '');
}

/** Host names written after words that announce one, for names without a dot (NetBIOS names). */
const HOST_CONTEXTS: RegExp[] = [
  /\b(?:for|to|on) host '?([a-z0-9][\w.-]{0,252})/gi,
  /\bcould not be resolved: '([^'\s]{1,253})'/gi,
  LABELLED_HOST,
  /\btelnet\s{1,5}([a-z0-9][\w.-]{0,252})\s{1,5}(\d{1,5})\b/gi,
];

function insideAny(ranges: Array<[number, number]>, index: number): boolean {
  return ranges.some(([start, end]) => index >= start && index < end);
}

function extractHosts(view: TextView, entities: RawEntities, urlRanges: Array<[number, number]>): void {
  for (const match of scan(view, DOTTED_NAME)) {
    const name = match[1];
    // A dotted word inside a URL is its host (already taken) or a path segment, not a host.
    if (insideAny(urlRanges, match.index)) continue;
    if (!KNOWN_TLDS.has(match[2].toLowerCase()) || NAMESPACE_ROOT.test(name) || !isHostName(name) || isMaskedName(name)) continue;
    entities.hosts.push({ ...spanOf(view, match.index, match.index + name.length), value: name });
  }
  for (const pattern of HOST_CONTEXTS) {
    for (const match of scan(view, pattern)) {
      const name = match[1].replace(/\.$/, '');
      if (!isHostName(name) || /^\d+$/.test(name) || isMaskedName(name)) continue;
      if (pattern === LABELLED_HOST && isProseAfterLabel(view, match, name)) continue;
      const start = groupStart(match, 1);
      const span = spanOf(view, start, start + name.length);
      const port = match[2] === undefined ? null : Number(match[2]);
      if (isIPv4(name)) continue; // already an address finding
      entities.hosts.push({ ...span, value: name });
      if (port !== null && isPort(port)) {
        entities.ports.push({ ...span, value: port });
        entities.endpoints.push({ ...span, host: name, port });
      }
    }
  }
}

/** A name after a path separator is a file ("C:\scripts\install.ps1:85"), not a host; URLs are read whole elsewhere.
 *  A number followed by another ":digits" is a time of day ("2021-06-30T15:59:57"), not a port; one
 *  glued to letters or followed by "-digits" is the start of an id or a date ("RequestId:9331bd53-…",
 *  "Time:2020-05-22"). */
const HOST_PORT = /:(?<port>\d{1,5})(?![\w.]|:\d|-\d)(?<=(?<![\w.\\/-])(?<lead>[a-z0-9][\w.-]{0,252}[a-z0-9]):\d{1,5})/gi;
/** Position and count labels of script, compiler and Java output ("At line:85 char:3", "total entry:31"),
 *  and the fields SqlException.ToString() ends with ("Error Number:64,State:0,Class:20"), which read like host:port. */
const POSITION_LABEL = /^(?:line|char|col|column|pos|position|offset|entry|entries|index|count|total|length|size|time|number|state|class|level)$/i;
/** Source files in stack traces ("DirectByteBuffer.java:127", "Program.cs:42", "decorators.py:54"): a position, not an endpoint. */
const SOURCE_FILE = /\.(?:java|scala|kt|groovy|cs|vb|fs|cpp|c|h|hpp|rb|go|js|mjs|ts|ps1|psm1|sql|py)$/i;
/** "local port 9846" is this machine's ephemeral end, "UDP traffic to port 1434" SQL Browser's UDP port:
 *  a TCP connection test of either tells nothing. */
const NOT_A_TCP_DESTINATION = /\b(?:local|UDP)\b[\w ]{0,16}$/i;
/** "port 1433", "Port=1433", and a linked service's JSON ("port": "22"). */
const PORT_CONTEXT = /\b(?:port|Port\s?Number)"?\s{0,3}[:=#]?\s{0,3}"?(\d{1,5})(?!\d)/gi;

function extractPorts(view: TextView, entities: RawEntities): void {
  for (const match of scan(view, HOST_PORT)) {
    const host = match.groups?.lead ?? '';
    const port = Number(match.groups?.port);
    if (!isPort(port) || !isHostName(host) || isIPv4(host) || !/[a-z]/i.test(host) || POSITION_LABEL.test(host) || SOURCE_FILE.test(host)) continue;
    const span = spanOf(view, match.index, match.index + match[0].length);
    entities.ports.push({ ...span, value: port });
    if (!isMaskedName(host)) entities.endpoints.push({ ...span, host, port });
  }
  for (const match of scan(view, PORT_CONTEXT)) {
    const port = Number(match[1]);
    if (!isPort(port) || NOT_A_TCP_DESTINATION.test(view.text.slice(Math.max(0, match.index - 24), match.index))) continue;
    const start = groupStart(match, 1);
    entities.ports.push({ ...spanOf(view, start, start + match[1].length), value: port });
  }
}

const EXCEPTION_TYPE = /(?<![\w.])((?:[A-Za-z_][\w`]{0,80}\.){0,12}[A-Z][\w`]{0,80}(?:Exception|Error))\b/g;
/** "Error" alone ends many words; only these look like Java/.NET error types. */
const ERROR_TYPE = /\.[A-Z]\w*Error$|^(?:OutOfMemoryError|StackOverflowError|NoClassDefFoundError|UnsatisfiedLinkError)$/;

/** ADF glues a wrapper type to the Java type it carries ("ParquetJavaInvocationExceptionjava.lang.…"):
 *  a lowercase package name straight after "Exception" starts a second type. */
const GLUED_TYPES = /^([A-Z]\w*?Exception)([a-z]\w*\..+)$/;

function extractExceptions(view: TextView, entities: RawEntities): void {
  for (const match of scan(view, EXCEPTION_TYPE)) {
    // A stack frame's method ("SftpFileSystem.WrapSftpException(Exception ex)") is a call, not a thrown type.
    if (view.text[match.index + match[0].length] === '(') continue;
    const glued = GLUED_TYPES.exec(match[1]);
    const names = glued ? [glued[1], glued[2]] : [match[1]];
    let start = match.index;
    for (const name of names) {
      const nameStart = start;
      start += name.length;
      if (name.endsWith('Error') && !ERROR_TYPE.test(name)) continue;
      if (/^(?:User|System)Error$/.test(name)) continue;
      entities.exceptions.push({ ...spanOf(view, nameStart, nameStart + name.length), value: name });
    }
  }
}

const GUID = /-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b(?<=\b(?<lead>[0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/gi;
const ID_LABEL = /(activity[ -]?id|report[ -]?id|run[ -]?id|pipeline[ -]?run[ -]?id|activity[ -]?run[ -]?id|request[ -]?id|client[ -]?request[ -]?id|correlation[ -]?id|job[ -]?id|trace[ -]?id|session[ -]?id|tracking[ -]?id|node[ -]?id)["']?\s{0,3}[:=]?\s{0,3}["'[]?\s{0,2}$/i;
const TIMESTAMPS: RegExp[] = [
  /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?(?![\d])/g,
  /\b\d{1,2}\/\d{1,2}\/\d{4}\s{1,3}\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AP]M)?/gi,
];

/** An authentication key ("IR@<guid>@<factory>@ServiceEndpoint=<host>@<secret>") opens with a
 *  GUID; it is part of a credential, not an id to quote in a support case. */
const AUTHENTICATION_KEY_PREFIX = /(?:^|\W)IR@$/i;

function extractIdsAndTimes(view: TextView, entities: RawEntities): void {
  const text = view.text;
  for (const match of scan(view, GUID)) {
    if (AUTHENTICATION_KEY_PREFIX.test(text.slice(Math.max(0, match.index - 4), match.index))) continue;
    const label = ID_LABEL.exec(text.slice(Math.max(0, match.index - 30), match.index));
    entities.ids.push({ ...spanOf(view, match.index, match.index + match[0].length), value: match[0], label: label ? label[1] : '' });
  }
  for (const pattern of TIMESTAMPS) {
    for (const match of scan(view, pattern)) {
      entities.timestamps.push({ ...spanOf(view, match.index, match.index + match[0].length), value: match[0] });
    }
  }
}

/**
 * "Proxy: http://proxy:8080", "proxyaddress=…", .NET's "request to proxy 'http://proxy:8080/'", and
 * "through proxy http://proxy:8080" (a bare name after "proxy" only with a scheme: "proxy server returned" is prose).
 * The gap stays on the line: "… is not send to the Proxy:" ends a sentence, and the next line's date is no proxy.
 */
const PROXY_CONTEXT = /\bproxy(?:\s?server|\s?address)?(?:[ \t]{0,3}[:=][ \t]{0,3}['"]?|[ \t]{1,2}['"]|[ \t]{1,2}(?=https?:\/\/))((?:https?:\/\/)?[a-z0-9][\w.-]{0,252}(?::\d{1,5})?)/gi;

function extractProxies(view: TextView, entities: RawEntities): void {
  for (const match of scan(view, PROXY_CONTEXT)) {
    // A name glued to a path is a product token after the word ("http.proxy \"Mozilla/5.0 …\"" in a proxy's log line).
    if (!/^https?:/i.test(match[1]) && view.text[match.index + match[0].length] === '/') continue;
    const parsed = parseUrl(/^https?:\/\//i.test(match[1]) ? match[1] : `http://${match[1]}`);
    if (!parsed) continue;
    const start = groupStart(match, 1);
    const value = `${parsed.scheme}://${parsed.host.includes(':') ? `[${parsed.host}]` : parsed.host}${parsed.port ? `:${parsed.port}` : ''}`;
    entities.proxies.push({ ...spanOf(view, start, start + match[1].length), value });
  }
}

export function extractEntities(view: TextView): RawEntities {
  const entities: RawEntities = { urls: [], hosts: [], ips: [], endpoints: [], ports: [], codes: [], exceptions: [], ids: [], timestamps: [], proxies: [] };
  const urlRanges = extractUrls(view, entities);
  extractAddresses(view, entities);
  extractHosts(view, entities, urlRanges);
  extractProxies(view, entities);
  extractPorts(view, entities);
  extractCodes(view, entities);
  extractExceptions(view, entities);
  extractIdsAndTimes(view, entities);
  for (const list of Object.values(entities) as TextSpan[][]) {
    list.sort((a, b) => a.start - b.start);
    if (list.length > MAX_FINDINGS) list.length = MAX_FINDINGS;
  }
  return entities;
}

/** Distinct values in order of first appearance, compared case-insensitively for strings. */
export function distinct<T extends string | number>(items: Array<{ value: T }>): T[] {
  const seen = new Set<string>();
  const values: T[] = [];
  for (const item of items) {
    const key = String(item.value).toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    values.push(item.value);
  }
  return values;
}
