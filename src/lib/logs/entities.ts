/**
 * Pulls the concrete values out of an error text: where it tried to connect (hosts, addresses,
 * ports, URLs), which codes it reported (socket, HTTP, SQL, HRESULT, ADF), which exceptions, and
 * which ids and times identify it. Every regular expression here is bounded (no unbounded
 * repetition next to an overlapping one) so a 10 MB paste is scanned in linear time, and every list
 * is capped so the report stays small whatever the input.
 */
import { HRESULTS, HTTP_REASONS, SOCKET_ERRORS, SQL_ERRORS } from './code-tables';
import type { CodeFinding, IdFinding, TextSpan } from './types';
import type { TextView } from './text';
import { defaultPort, isHostName, isIPv4, isIPv6, isMaskedName, isPort, parseUrl } from './values';

/** Per kind; beyond this the text is repetitive and more values add nothing. */
const MAX_FINDINGS = 200;

export interface Located<T> extends TextSpan {
  value: T;
}

export interface EndpointFinding extends TextSpan {
  host: string;
  port: number | null;
}

export interface RawEntities {
  urls: Array<Located<string> & { host: string; port: number | null }>;
  hosts: Located<string>[];
  ips: Located<string>[];
  endpoints: EndpointFinding[];
  ports: Located<number>[];
  codes: CodeFinding[];
  exceptions: Located<string>[];
  ids: IdFinding[];
  timestamps: Located<string>[];
  /** Proxy addresses the text names ("Proxy: http://proxy:8080"), normalised to scheme://host:port. */
  proxies: Located<string>[];
}

function* scan(view: TextView, pattern: RegExp): Generator<RegExpExecArray> {
  let found = 0;
  for (const match of view.text.matchAll(pattern)) {
    if (++found > MAX_FINDINGS * 4) return;
    yield match as RegExpExecArray;
  }
}

function spanOf(view: TextView, start: number, end: number): TextSpan {
  return { start: view.toOriginal(start), end: view.toOriginal(end) };
}

/** Start offset of capture group `group` in `match` (the group's text occurs after the prefix). */
function groupStart(match: RegExpExecArray, group: number): number {
  return match.index + match[0].indexOf(match[group]);
}

/** Any scheme with an authority (https, net.tcp, sb, tcp, jdbc's sqlserver, ...). */
const URL_PATTERN = /(?<![\w.+-])[a-z][a-z0-9+.-]{1,19}:\/\/(?:\[[\w:.%]{2,60}\])?[^\s'"<>`{}|\\^]{0,2048}/gi;

/** Words that introduce a documentation link, written just before it. */
const REFERENCE_LINK = /\b(?:visit|see|refer to|documented at|(?:learn more|more information|more details|for details)[^.\n]{0,80}?(?:visit|see|at|:))[\s:,]{0,3}$/i;

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
    if (REFERENCE_LINK.test(view.text.slice(Math.max(0, match.index - 100), match.index))) continue;
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

function extractAddresses(view: TextView, entities: RawEntities): void {
  const text = view.text;
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

/** Host names written after words that announce one, for names without a dot (NetBIOS names). */
const HOST_CONTEXTS: RegExp[] = [
  /\b(?:for|to|on) host '?([a-z0-9][\w.-]{0,252})/gi,
  /\bcould not be resolved: '([^'\s]{1,253})'/gi,
  // Not after "for": the ODBC driver names itself "Driver 17 for SQL Server : <message>".
  /(?<!\bfor (?:SQL )?)\b(?:SQL Server|server|host|Data Source|Address|Addr|Network Address|ComputerName)"?\s{0,3}[:=]\s{0,3}['‘’"]?(?:tcp:|np:)?([a-z0-9][\w.-]{0,252})(?:\\[\w$-]{1,64})?(?:,(\d{1,5}))?['‘’";,\s]/gi,
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
const HOST_PORT = /(?<![\w.\\/-])([a-z0-9][\w.-]{0,252}[a-z0-9]):(\d{1,5})(?![\w.]|:\d|-\d)/gi;
/** Position and count labels of script, compiler and Java output ("At line:85 char:3", "total entry:31"),
 *  which read like host:port. */
const POSITION_LABEL = /^(?:line|char|col|column|pos|position|offset|entry|entries|index|count|total|length|size|time)$/i;
/** Source files in stack traces ("DirectByteBuffer.java:127", "Program.cs:42"): a position, not an endpoint. */
const SOURCE_FILE = /\.(?:java|scala|kt|groovy|cs|vb|fs|cpp|c|h|hpp|rb|go|js|mjs|ts|ps1|psm1|sql)$/i;
/** "port 1433", "Port=1433", and a linked service's JSON ("port": "22"). */
const PORT_CONTEXT = /\b(?:port|Port\s?Number)"?\s{0,3}[:=#]?\s{0,3}"?(\d{1,5})(?!\d)/gi;

function extractPorts(view: TextView, entities: RawEntities): void {
  for (const match of scan(view, HOST_PORT)) {
    const host = match[1];
    const port = Number(match[2]);
    if (!isPort(port) || !isHostName(host) || isIPv4(host) || !/[a-z]/i.test(host) || POSITION_LABEL.test(host) || SOURCE_FILE.test(host)) continue;
    const span = spanOf(view, match.index, match.index + match[0].length);
    entities.ports.push({ ...span, value: port });
    if (!isMaskedName(host)) entities.endpoints.push({ ...span, host, port });
  }
  for (const match of scan(view, PORT_CONTEXT)) {
    const port = Number(match[1]);
    if (!isPort(port)) continue;
    const start = groupStart(match, 1);
    entities.ports.push({ ...spanOf(view, start, start + match[1].length), value: port });
  }
}

const SOCKET_CODE = /(?<![\w:.,=/-])(1[01]0\d\d)(?![\w:]|\.\d)/g;
const SOCKET_CODE_CONTEXT = /(?:code|error|errno|socketexception \(|number=|status)[^\n\d]{0,12}$/i;
const SOCKET_NAME = /\b(WSAE[A-Z]{4,16}|WSAHOST_NOT_FOUND|WSATRY_AGAIN|WSANO_RECOVERY|WSANO_DATA)\b/g;
const HTTP_CONTEXTS: RegExp[] = [
  // .NET's WebException form "(407) Proxy Authentication Required"; error statuses only, since
  // "(150) Records" is not a status.
  /\(([45]\d\d)\)\s{0,2}[A-Z][a-z]/g,
  /\bstatus(?:\s?code)?"?\s{0,3}[:=]?\s{0,3}'?(\d{3})\b/gi,
  /\bHTTP\/\d(?:\.\d)?\s{1,3}(\d{3})\b/g,
  /\b(\d{3})\s{0,2}\((?:Bad Request|Unauthorized|Forbidden|Not Found|Proxy Authentication Required|Request Timeout|Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)\)/gi,
  /\bHttpStatusCode\s{0,3}[:=]?\s{0,3}(\d{3})\b/gi,
];
/** .NET prints an HttpStatusCode by its enum name: "failed with status code Unauthorized". */
const HTTP_STATUS_NAME = /\bstatus code\s{0,3}[:=]?\s{0,3}'?([A-Za-z]{5,40})\b/gi;
const HTTP_STATUS_BY_NAME = new Map(Object.entries(HTTP_REASONS).map(([code, reason]) => [reason.replace(/ /g, '').toLowerCase(), Number(code)]));

const SQL_CONTEXTS: RegExp[] = [
  /\bSqlErrorNumber\s{0,2}=\s{0,2}(-?\d{1,6})\b/gi,
  /[{,\s]Number\s{0,2}=\s{0,2}(-?\d{1,6})\b/g,
  /\berror:\s{0,3}(\d{1,6})\s{0,3}-\s/gi,
  /\bError Number\s{0,2}:\s{0,2}(-?\d{1,6})\b/gi,
  /\bMsg\s(\d{1,6}),\s{0,2}Level\b/g,
  /\bSQL (?:error|exception) (?:code|number)\s{0,3}[:=]?\s{0,3}(-?\d{1,6})\b/gi,
];
const HRESULT_HEX = /\b0x([89a-f][0-9a-f]{7})\b/gi;
const HRESULT_DECIMAL = /\b(?:ErrorCode|HResult|HRESULT|NativeErrorCode|exitCode)\s{0,2}[=:]\s{0,2}(-2\d{9})\b/gi;
/** The monitoring UI's numeric codes: "Error code: 21206", and the activity JSON's "errorCode": "2200". */
const ADF_NUMBER = /\b(?:Error ?code"?\s{0,2}:\s{0,2}"?)(\d{4,5})\b(?!\.\d)/gi;
/** "ErrorCode=SqlFailedToConnect", the guides' "Error Code = UserErrorFailedBlobFSOperation", and the
 *  Test Connection's "Error code: SftpAuthenticationFailure", and the runtime's own "the error code is: UnexpectedFault". */
const ADF_CODE = /\b(?:Error ?[Cc]ode\s{0,2}[=:]|error code is:?)\s{0,2}"?([A-Za-z][A-Za-z0-9]{2,80})\b/g;

function pushCode(view: TextView, entities: RawEntities, start: number, value: string, finding: Omit<CodeFinding, 'start' | 'end' | 'value'>): void {
  entities.codes.push({ ...spanOf(view, start, start + value.length), value, ...finding });
}

function extractCodes(view: TextView, entities: RawEntities): void {
  const text = view.text;
  for (const match of scan(view, SOCKET_CODE)) {
    const code = Number(match[1]);
    const definition = SOCKET_ERRORS[code];
    // Only numbers the table knows, and only after words that announce an error code: activity
    // output is full of counts ("rowsCopied": 10054) that happen to be socket codes.
    if (!definition || !SOCKET_CODE_CONTEXT.test(text.slice(Math.max(0, match.index - 24), match.index))) continue;
    pushCode(view, entities, match.index, match[1], { kind: 'socket', name: definition.name, meaning: definition.meaning });
  }
  for (const match of scan(view, SOCKET_NAME)) {
    const entry = Object.entries(SOCKET_ERRORS).find(([, definition]) => definition.name === match[1]);
    if (entry) entities.codes.push({ ...spanOf(view, match.index, match.index + match[1].length), kind: 'socket', value: entry[0], name: entry[1].name, meaning: entry[1].meaning });
  }
  // The Windows message alone identifies the code when the number was dropped.
  const lower = text.toLowerCase();
  for (const [code, definition] of Object.entries(SOCKET_ERRORS)) {
    const at = lower.indexOf(definition.message.toLowerCase());
    if (at === -1) continue;
    entities.codes.push({ ...spanOf(view, at, at + definition.message.length), kind: 'socket', value: code, name: definition.name, meaning: definition.meaning });
  }
  for (const pattern of HTTP_CONTEXTS) {
    for (const match of scan(view, pattern)) {
      const status = Number(match[1]);
      if (status < 100 || status > 599) continue;
      pushCode(view, entities, groupStart(match, 1), match[1], { kind: 'http', name: HTTP_REASONS[status] });
    }
  }
  for (const match of scan(view, HTTP_STATUS_NAME)) {
    const status = HTTP_STATUS_BY_NAME.get(match[1].toLowerCase());
    if (status === undefined) continue;
    const start = groupStart(match, 1);
    entities.codes.push({ ...spanOf(view, start, start + match[1].length), kind: 'http', value: String(status), name: HTTP_REASONS[status] });
  }
  for (const pattern of SQL_CONTEXTS) {
    for (const match of scan(view, pattern)) {
      const number = Number(match[1]);
      // "error: 0 -" is the provider's placeholder number, not a SQL Server error.
      if (number === 0) continue;
      pushCode(view, entities, groupStart(match, 1), match[1], { kind: 'sql', meaning: SQL_ERRORS[number] });
    }
  }
  for (const match of scan(view, HRESULT_HEX)) {
    const normalised = `0x${match[1].toUpperCase()}`;
    const definition = HRESULTS[normalised];
    pushCode(view, entities, match.index, match[0], { kind: 'hresult', name: definition?.name ?? normalised, meaning: definition?.meaning });
  }
  for (const match of scan(view, HRESULT_DECIMAL)) {
    const normalised = `0x${(Number(match[1]) >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
    const definition = HRESULTS[normalised];
    pushCode(view, entities, groupStart(match, 1), match[1], { kind: 'hresult', name: definition?.name ?? normalised, meaning: definition?.meaning ?? `HRESULT ${normalised}` });
  }
  for (const match of scan(view, ADF_CODE)) {
    pushCode(view, entities, groupStart(match, 1), match[1], { kind: 'adf' });
  }
  for (const match of scan(view, ADF_NUMBER)) {
    // Socket codes share the 10000-11999 range and are read above.
    if (SOCKET_ERRORS[Number(match[1])]) continue;
    pushCode(view, entities, groupStart(match, 1), match[1], { kind: 'adf' });
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

const GUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
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
 */
const PROXY_CONTEXT = /\bproxy(?:\s?server|\s?address)?(?:\s{0,3}[:=]\s{0,3}['"]?|\s{1,2}['"]|\s{1,2}(?=https?:\/\/))((?:https?:\/\/)?[a-z0-9][\w.-]{0,252}(?::\d{1,5})?)/gi;

function extractProxies(view: TextView, entities: RawEntities): void {
  for (const match of scan(view, PROXY_CONTEXT)) {
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
