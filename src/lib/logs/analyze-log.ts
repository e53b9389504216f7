/**
 * The log analyzer: pasted text in, LogReport out. Pure and synchronous; the same function runs in
 * the log worker, in the CLI and in the tests.
 *
 *   text -> readable view (JSON unescaped, offsets kept) -> entities + structure
 *        -> catalog matches (ranked, with evidence) -> commands with the found values filled in
 */
import { CATALOG } from './catalog';
import { renderCommands, type Values } from './commands';
import { distinct, extractEntities, type RawEntities } from './entities';
import { compileEntries, matchCatalog, type Captures, type CompiledEntry, type RankedMatch } from './match';
import { findMisspelledHosts, respellValues, type MisspelledHost } from './misspelled-hosts';
import { SHARED_COMMANDS } from './shared-commands';
import { readActivityError, readActivityErrorDialog, readEvents, readExceptionChain } from './structure';
import { readableView } from './text';
import type { CodeFinding, CommandSuggestion, CommandTemplate, LogReport, TextSpan } from './types';
import { defaultPort, isHostName, isIPv4, isIPv6, isMaskedName, isPort, parseUrl } from './values';

/** Larger pastes are cut here (10 Mi characters) and the report says so. */
export const MAX_INPUT_CHARS = 10 * 1024 * 1024;
/** Entries whose commands are offered; further matches are listed without commands. */
const MATCHES_WITH_COMMANDS = 3;
const MAX_GENERIC_TARGETS = 3;
const MAX_HIGHLIGHTS = 2000;
/** Lines of the runtime's own trace files ("[14]0460.3404::0../21-00:23:32.2107988 [System] ..."), and the
 *  fields of its diagnostic records as a failed activity's log shows them ("TraceComponentId: TransferTask"). */
const SHIR_TRACE_LINE = /^(?:\[\d{1,4}\][0-9A-F]{4}\.[0-9A-F]{4}::|TraceComponentId: \w)/im;

let compiledCatalog: CompiledEntry[] | null = null;

export function analyzeLog(input: string): LogReport {
  const truncated = input.length > MAX_INPUT_CHARS;
  const text = truncated ? input.slice(0, MAX_INPUT_CHARS) : input;
  const view = readableView(text);
  const raw = extractEntities(view);
  compiledCatalog ??= compileEntries(CATALOG);
  const ranked = matchCatalog(view, compiledCatalog);
  addCapturedHosts(raw, ranked);

  const exceptionChain = readExceptionChain(view, raw.exceptions);
  const events = readEvents(view);
  // An event's Computer field is the machine that logged it, not a destination to test.
  const loggingComputers = new Set(events.map((event) => event.computer?.toLowerCase()).filter(Boolean));
  raw.hosts = raw.hosts.filter((host) => !loggingComputers.has(host.value.toLowerCase()));
  const jsonActivityError = readActivityError(text);
  const activityError = jsonActivityError ?? readActivityErrorDialog(view.text);
  const codesOf = (kind: CodeFinding['kind']) => raw.codes.filter((code) => code.kind === kind);
  const socketErrors = codesOf('socket').map((code) => ({ start: code.start, end: code.end, code: Number(code.value), name: code.name ?? '', meaning: code.meaning ?? '' }));

  const matches = ranked.map((entry) => entry.match);
  const inputKinds = [
    ...(jsonActivityError ? ['json'] : activityError ? ['activity-dialog'] : []),
    ...(exceptionChain.length > 0 || /--->|\n[ \t]{0,40}at [\w.<>`]{1,200}\(/.test(view.text) ? ['dotnet'] : []),
    ...(events.length > 0 ? ['event-log'] : []),
    ...(SHIR_TRACE_LINE.test(view.text) ? ['shir-trace'] : []),
  ];
  const hosts = distinct(raw.hosts);
  const misspelledHosts = findMisspelledHosts(hosts);
  return {
    matches,
    entities: {
      hosts,
      ips: distinct(raw.ips),
      ports: distinct(raw.ports),
      urls: distinct(raw.urls),
      codes: distinct(raw.codes),
      exceptions: distinct(raw.exceptions),
    },
    commands: suggestCommands(ranked, raw, misspelledHosts),
    summary: summarise(ranked),
    inputKinds: inputKinds.length ? inputKinds : ['plain'],
    analysedChars: text.length,
    truncated,
    socketErrors: dedupeByValue(socketErrors, (error) => String(error.code)),
    httpStatus: dedupeByValue(codesOf('http'), (code) => code.value),
    sqlErrors: dedupeByValue(codesOf('sql'), (code) => code.value),
    hresults: dedupeByValue(codesOf('hresult'), (code) => code.value.toLowerCase()),
    errorCodes: dedupeByValue(codesOf('adf'), (code) => code.value),
    exceptionChain,
    ids: dedupeByValue(raw.ids, (id) => id.value.toLowerCase()),
    timestamps: raw.timestamps,
    proxies: distinct(raw.proxies),
    misspelledHosts,
    events,
    activityError,
    highlights: collectHighlights(ranked, raw),
  };
}

function dedupeByValue<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const value = key(item);
    if (seen.has(value)) return false;
    seen.add(value);
    return true;
  });
}

/** Names caught by a catalog pattern's (?<host>) group count as hosts even without a dot, and its
 *  (?<port>) as a port even when the host beside it was masked ("partner 'xxx.xx.xx.220:3300'"). */
function addCapturedHosts(raw: RawEntities, ranked: RankedMatch[]): void {
  for (const { captures, match } of ranked) {
    const port = cleanPort(captures.port);
    if (port !== undefined && !raw.ports.some((found) => found.value === Number(port))) {
      raw.ports.push({ start: match.evidence[0].start, end: match.evidence[0].end, value: Number(port) });
    }
    const host = cleanHost(captures.host);
    if (!host || isIPv4(host) || isIPv6(host)) continue;
    if (raw.hosts.some((found) => found.value.toLowerCase() === host.toLowerCase())) continue;
    const evidence = match.evidence[0];
    raw.hosts.push({ start: evidence.start, end: evidence.end, value: host });
  }
  raw.hosts.sort((a, b) => a.start - b.start);
  raw.ports.sort((a, b) => a.start - b.start);
}

function cleanHost(value: string | undefined): string | undefined {
  const host = value?.trim().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  return host && ((isHostName(host) && !isMaskedName(host)) || isIPv4(host) || isIPv6(host)) ? host : undefined;
}

function cleanPort(value: string | undefined): string | undefined {
  return value !== undefined && /^\d{1,5}$/.test(value) && isPort(Number(value)) ? String(Number(value)) : undefined;
}

/** A catalog pattern may capture a service host written without a scheme ("failed to connect to
 *  uks.frontend.clouddatahub.net"); the runtime reaches every such service over HTTPS. */
function cleanUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return parseUrl(value.includes('://') ? value : `https://${value}/`)?.href;
}

function cleanProxy(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parsed = parseUrl(value.includes('://') ? value : `http://${value}`);
  return parsed ? parsed.href.replace(/\/$/, '') : undefined;
}

/** Values for an entry's templates: what its own pattern captured first, then what the text holds. */
function valuesFor(captures: Captures, raw: RawEntities): Values {
  const host = cleanHost(captures.host);
  const proxy = cleanProxy(captures.proxy) ?? raw.proxies[0]?.value;
  // The proxy's own address is how the request travelled, not where it went: a check of the
  // destination ("can the node reach the service on 443?") must not test the proxy instead.
  // An entry about the proxy itself captures it by name and so still gets it.
  const parsedProxy = proxy ? parseUrl(proxy) : null;
  const proxyHost = parsedProxy?.host.toLowerCase();
  const notProxy = (value: string) => value.toLowerCase() !== proxyHost;
  const endpoints = raw.endpoints.filter((candidate) => candidate.port !== null && (host ? candidate.host.toLowerCase() === host.toLowerCase() : notProxy(candidate.host)));
  const endpoint = endpoints[0];
  const targets = raw.urls.filter((url) => !proxy || cleanProxy(url.value) !== proxy);
  const httpUrl = targets.find((url) => /^https?:/i.test(url.value))?.value ?? targets.map(asHttpsTarget).find((url) => url !== undefined);
  const otherPort = raw.ports.find((port) => host !== undefined || port.value !== parsedProxy?.port);
  const values: Values = {
    host: host ?? endpoint?.host ?? raw.hosts.find((candidate) => notProxy(candidate.value))?.value ?? raw.ips.find((candidate) => notProxy(candidate.value))?.value,
    port: cleanPort(captures.port) ?? (endpoint?.port != null ? String(endpoint.port) : otherPort ? String(otherPort.value) : undefined),
    url: cleanUrl(captures.url) ?? cleanUrl(httpUrl) ?? storageUrlOf(raw.hosts),
    ip: cleanHost(captures.ip) ?? raw.ips.find((candidate) => notProxy(candidate.value))?.value,
    proxy,
    account: (captures.account && /^[a-z0-9]{3,24}$/i.test(captures.account) ? captures.account : undefined) ?? storageAccountOf(raw.hosts),
    assembly: captures.assembly && ASSEMBLY_NAME.test(captures.assembly) ? captures.assembly : undefined,
  };
  for (const key of Object.keys(values) as Array<keyof Values>) if (values[key] === undefined) delete values[key];
  return values;
}

/** {url} is requested over HTTP: a net.tcp or sb URL is no address for Invoke-WebRequest, but a tunnel to
 *  port 443 (a proxy log's "CONNECT tcp://login.microsoftonline.com:443/") is an HTTPS request to that host. */
function asHttpsTarget(url: RawEntities['urls'][number]): string | undefined {
  return url.port === 443 && !/^https?:/i.test(url.value) ? `https://${url.host.includes(':') ? `[${url.host}]` : url.host}/` : undefined;
}

/** A .NET assembly's simple name: dotted identifiers, nothing a shell could read as syntax. */
const ASSEMBLY_NAME = /^[A-Za-z_][\w.]{0,200}$/;

/** Storage hosts are "<account>.<service>.core.windows.net"; the account is what the Azure CLI asks for. */
const STORAGE_HOST = /^([a-z0-9]{3,24})\.(?:blob|dfs|file|queue|table|web)\.core\.windows\.net$/i;

function storageAccountOf(hosts: RawEntities['hosts']): string | undefined {
  const found = hosts.map((host) => STORAGE_HOST.exec(host.value)).find((match) => match !== null);
  return found ? found[1].toLowerCase() : undefined;
}

/** A storage host named without a URL is still a URL to request: storage answers only over HTTPS,
 *  and a request check of it beats one of the factory's service URL, which the failure never touched. */
function storageUrlOf(hosts: RawEntities['hosts']): string | undefined {
  const host = hosts.find((candidate) => STORAGE_HOST.test(candidate.value));
  return host ? `https://${host.value.toLowerCase()}/` : undefined;
}

/** The root of the storage endpoint a URL points at, or undefined for any other URL. */
function storageEndpointOf(url: string | undefined): string | undefined {
  const host = url ? parseUrl(url)?.host : undefined;
  return host && STORAGE_HOST.test(host) ? `https://${host.toLowerCase()}/` : undefined;
}

/** Commands for one set of values. A host one typo away from a service domain gets one look-up as
 *  written (which shows the typo), then every check on the likely spelling: a support engineer
 *  wants to know whether the real service is reachable once the name is fixed. */
function renderFor(templates: readonly CommandTemplate[], values: Values, misspelled: readonly MisspelledHost[], issueId?: string): CommandSuggestion[] {
  const respelling = respellValues(values, misspelled);
  if (!respelling) return renderCommands(templates, values, issueId);
  const { host, didYouMean } = respelling.respelled;
  return [
    ...renderCommands([SHARED_COMMANDS['name-as-written']], { host }, issueId),
    ...renderCommands(templates, respelling.values, issueId).map((suggestion) =>
      suggestion.text.toLowerCase().includes(didYouMean.toLowerCase()) ? { ...suggestion, respelled: respelling.respelled } : suggestion,
    ),
  ];
}

/** A template that tests whatever host the text names, with no destination of its own to fall back on. */
const testsNamedHost = (template: CommandTemplate) => [template.powershell, template.cmd, template.sh].some((line) => line?.includes('{host}'));

/** An entry's check of an unnamed host, pointed at the proxy, saying so. */
function towardsProxy(template: CommandTemplate): CommandTemplate {
  return { ...template, purpose: `${template.purpose} Here the host is the proxy: the text names no other endpoint, and with a proxy set the runtime connects to it first.` };
}

function suggestCommands(ranked: RankedMatch[], raw: RawEntities, misspelled: readonly MisspelledHost[]): CommandSuggestion[] {
  const suggestions: CommandSuggestion[] = [];
  const proxy = raw.proxies[0] ? parseUrl(raw.proxies[0].value) : null;
  const proxyPort = proxy ? (proxy.port ?? defaultPort(proxy.scheme)) : null;
  const proxyValues: Values | null = proxy ? { host: proxy.host, ...(proxyPort !== null ? { port: String(proxyPort) } : {}) } : null;
  for (const { entry, captures } of ranked.slice(0, MATCHES_WITH_COMMANDS)) {
    const values = valuesFor(captures, raw);
    const storageEndpoint = storageEndpointOf(values.url);
    for (const template of entry.commands) {
      // "Unable to connect to the remote server" with a proxy set and no other endpoint in the text is a
      // connection to the proxy that failed: a reachability check of an unnamed <host> would only repeat
      // the proxy check with gaps. A template with a destination of its own (the service on 443) keeps it.
      if (values.host === undefined && proxyValues && testsNamedHost(template)) {
        suggestions.push(...renderFor([towardsProxy(template)], { ...values, ...proxyValues }, misspelled, entry.id));
      } else if (storageEndpoint && template.storagePurpose) {
        // A check of the service URL filled with a storage URL requests storage, and says so; the
        // account's root proves the path as well as a blob's path would, without its SAS token.
        suggestions.push(...renderFor([{ ...template, purpose: template.storagePurpose }], { ...values, url: storageEndpoint }, misspelled, entry.id));
      } else {
        suggestions.push(...renderFor([template], values, misspelled, entry.id));
      }
    }
  }
  if (proxyValues) suggestions.push(...renderFor([SHARED_COMMANDS['proxy-tcp-connect']], proxyValues, misspelled));
  if (ranked.length === 0) suggestions.push(...genericCommands(raw, misspelled));
  const seen = new Set<string>();
  const complete = new Set(suggestions.filter((suggestion) => !suggestion.missing).map((suggestion) => `${suggestion.shell}\n${suggestion.purpose}`));
  return suggestions.filter((suggestion) => {
    const key = `${suggestion.shell}\n${suggestion.text}`;
    // A check with a gap adds nothing when another match already offers it with every value filled.
    if (seen.has(key) || (suggestion.missing && complete.has(`${suggestion.shell}\n${suggestion.purpose}`))) return false;
    seen.add(key);
    return true;
  });
}

/** Next checks from the values in the text alone, for a text no catalog entry matched. */
function genericCommands(raw: RawEntities, misspelled: readonly MisspelledHost[]): CommandSuggestion[] {
  const suggestions: CommandSuggestion[] = [];
  const endpoints = dedupeByValue(raw.endpoints.filter((endpoint) => endpoint.port !== null), (endpoint) => `${endpoint.host.toLowerCase()}:${endpoint.port}`);
  for (const endpoint of endpoints.slice(0, MAX_GENERIC_TARGETS)) {
    suggestions.push(...renderFor([SHARED_COMMANDS['tcp-connect']], { host: endpoint.host, port: String(endpoint.port) }, misspelled));
  }
  for (const host of distinct(raw.hosts).slice(0, MAX_GENERIC_TARGETS)) {
    suggestions.push(...renderFor([SHARED_COMMANDS['name-resolution']], { host }, misspelled));
  }
  const webUrls = distinct(raw.urls.filter((url) => /^https?:/i.test(url.value)));
  for (const url of webUrls.slice(0, MAX_GENERIC_TARGETS)) {
    const href = cleanUrl(url);
    if (href) suggestions.push(...renderFor([SHARED_COMMANDS['web-request'], SHARED_COMMANDS['web-request-via-runtime-proxy']], { url: href }, misspelled));
  }
  suggestions.push(...renderCommands([SHARED_COMMANDS['service-status'], SHARED_COMMANDS['runtime-event-errors']], {}));
  return suggestions;
}

function summarise(ranked: RankedMatch[]): string {
  if (ranked.length === 0) {
    return 'No known issue in the catalog matched this text. The values found in it and the generic checks below are the next steps.';
  }
  const others = ranked.length - 1;
  return `Most likely: ${ranked[0].match.title}${others > 0 ? ` (${others} other known issue${others > 1 ? 's' : ''} also matched)` : ''}.`;
}

function collectHighlights(ranked: RankedMatch[], raw: RawEntities): Array<TextSpan & { kind: string }> {
  const highlights: Array<TextSpan & { kind: string }> = [];
  for (const { match } of ranked) for (const evidence of match.evidence) highlights.push({ start: evidence.start, end: evidence.end, kind: `issue:${match.id}` });
  const lists: Array<[string, TextSpan[]]> = [
    ['url', raw.urls],
    ['host', raw.hosts],
    ['ip', raw.ips],
    ['code', raw.codes],
    ['exception', raw.exceptions],
    ['id', raw.ids],
    ['timestamp', raw.timestamps],
  ];
  for (const [kind, spans] of lists) for (const span of spans) highlights.push({ start: span.start, end: span.end, kind });
  highlights.sort((a, b) => a.start - b.start || b.end - a.end);
  return highlights.slice(0, MAX_HIGHLIGHTS);
}
