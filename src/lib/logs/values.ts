/**
 * Syntax checks for values lifted out of untrusted text. Only values that pass them reach the
 * entity lists or a command line, so a crafted log cannot smuggle arbitrary text into a command.
 */

const HOST_LABEL = /^[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?$/i;
/** A label a poster blanked out by hand ("xxxxxx", "10XXXXX", "XXXXXXXXXX"): a run of x with at most digits
 *  around it; or words joined by underscores that say what kind of value stood there ("PERSONNAL_IP",
 *  "YOUR_SERVER_NAME"): a template left unfilled, not a machine to test; or the word a poster put in its place
 *  ("[REMOVED]:1025"). */
const MASKED_LABEL = /^(?:\d*x{3,}\d*|(?:[a-z]{1,20}_){1,4}(?:ip|host|hostname|server|servername|name|address|addr)|removed|redacted)$/i;

export function isHostName(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  const labels = value.replace(/\.$/, '').split('.');
  if (!labels.every((label) => HOST_LABEL.test(label))) return false;
  // All-numeric dotted names are addresses (or version numbers), never host names; nor is a dotted
  // name ending in a number, which top-level domains never are ("xxx.xx.xx.220" is an address masked by hand).
  return !/^\d+$/.test(labels[labels.length - 1]);
}

/** A name masked in every label names nothing a command could test, nor does one masked up to its top-level
 *  domain ("(xxx.com)" after an address masked the same way); one real label below it ("xxxxxxx.bwld.com")
 *  keeps it a host. Still a valid name syntactically, so a URL around it keeps its port ("net.tcp://xxxxxx:8060/"). */
export function isMaskedName(value: string): boolean {
  const labels = value.replace(/\.$/, '').split('.');
  const belowTopLevel = labels.length > 1 && /^[a-z]{2,24}$/i.test(labels[labels.length - 1]) && !MASKED_LABEL.test(labels[labels.length - 1]) ? labels.slice(0, -1) : labels;
  return belowTopLevel.every((label) => MASKED_LABEL.test(label));
}

export function isIPv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((part) => /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(part));
}

/** Accepts full, compressed (::) and IPv4-suffixed forms, with an optional %zone. */
export function isIPv6(value: string): boolean {
  const [address, zone] = value.split('%', 2);
  if (zone !== undefined && !/^[\w.-]{1,32}$/.test(zone)) return false;
  if (!/^[0-9a-f:.]+$/i.test(address) || !address.includes(':')) return false;
  let groups = address.split(':');
  let expectedGroups = 8;
  const last = groups[groups.length - 1];
  if (last.includes('.')) {
    if (!isIPv4(last)) return false;
    groups = groups.slice(0, -1);
    expectedGroups = 6;
  }
  const compressed = address.indexOf('::');
  if (compressed !== address.lastIndexOf('::')) return false;
  const nonEmpty = groups.filter((group) => group !== '');
  if (!nonEmpty.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return false;
  if (compressed === -1) return groups.length === expectedGroups && nonEmpty.length === expectedGroups;
  return nonEmpty.length < expectedGroups;
}

export function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

export interface ParsedUrl {
  href: string;
  scheme: string;
  host: string;
  port: number | null;
}

/** No port for sb://: it names a Service Bus namespace, not a transport. The runtime reaches its relay
 *  on 443 while messaging clients use AMQP on 5671, so a port taken from the scheme would mislead. */
const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443, ftp: 21, ftps: 990, sftp: 22, ldap: 389, ldaps: 636, amqp: 5672, amqps: 5671 };

export function defaultPort(scheme: string): number | null {
  return DEFAULT_PORTS[scheme] ?? null;
}

/** Parses a URL the way browsers do; the re-serialised href percent-encodes spaces and quotes. */
export function parseUrl(value: string): ParsedUrl | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!(isHostName(host) || isIPv4(host) || isIPv6(host))) return null;
  return { href: url.href, scheme, host, port: url.port ? Number(url.port) : null };
}
