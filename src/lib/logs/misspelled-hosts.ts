/**
 * Host names one typo away from a domain the runtime talks to ("cloudatahub.net"): such a name
 * never resolves, and a reader checking firewalls and proxies would not notice the spelling. The
 * suggested checks then run on the likely spelling, since testing a name that cannot resolve
 * tells nothing about the firewall or the proxy.
 */
import type { Values } from './commands';
import { parseUrl } from './values';

/** The service domains of the runtime; a domain comes before any domain it ends with. Newer
 *  factories have a host of their own under datafactory.azure.net (.us in Azure Government, .cn in
 *  Azure China); the relay of interactive authoring has a Service Bus name in each cloud. */
export const RUNTIME_DOMAINS = [
  'frontend.clouddatahub.net',
  'clouddatahub.net',
  'servicebus.windows.net',
  'servicebus.usgovcloudapi.net',
  'servicebus.chinacloudapi.cn',
  'frontend.datamovement.azure.com',
  'datamovement.azure.com',
  'datafactory.azure.net',
  'datafactory.azure.us',
  'datafactory.azure.cn',
  'login.microsoftonline.com',
  'download.microsoft.com',
] as const;

export interface MisspelledHost {
  host: string;
  /** The host with its domain part spelled as the runtime's service domain. */
  didYouMean: string;
}

/** True when one insertion, deletion, substitution or swap of neighbours turns `a` into `b`. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let start = 0;
  while (start < a.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const restA = a.slice(start, endA);
  const restB = b.slice(start, endB);
  if (restA.length + restB.length === 1) return true;
  if (restA.length === 1 && restB.length === 1) return true;
  return restA.length === 2 && restB.length === 2 && restA[0] === restB[1] && restA[1] === restB[0];
}

/** Every ending of the name at a label boundary: "a.b.c" -> "a.b.c", "b.c", "c". */
function suffixes(host: string): string[] {
  const labels = host.split('.');
  return labels.map((_, index) => labels.slice(index).join('.'));
}

/** Storage endpoints are <account>.<service>.core.<cloud>; Azure China's "blob.chinacloudapi.cn" without
 *  "core" looks right to a reader and never resolves (a storage tool built its URLs that way). */
const STORAGE_WITHOUT_CORE = /^(.{1,200}\.(?:blob|dfs|file|queue|table))\.(windows\.net|chinacloudapi\.cn|usgovcloudapi\.net)$/;

/** Domains are tried most specific first, so "uks.frontnd.clouddatahub.net" is caught although it
 *  ends in the correct "clouddatahub.net", while any name ending exactly in a domain is left alone. */
export function findMisspelledHost(host: string): MisspelledHost | null {
  const name = host.toLowerCase().replace(/\.$/, '');
  const storage = STORAGE_WITHOUT_CORE.exec(name);
  if (storage) return { host, didYouMean: `${storage[1]}.core.${storage[2]}` };
  const endings = suffixes(name);
  for (const domain of RUNTIME_DOMAINS) {
    if (endings.includes(domain)) return null;
    const close = endings.find((ending) => oneEditApart(ending, domain));
    if (close !== undefined) return { host, didYouMean: name.slice(0, name.length - close.length) + domain };
  }
  return null;
}

export function findMisspelledHosts(hosts: readonly string[]): MisspelledHost[] {
  return hosts.map(findMisspelledHost).filter((found): found is MisspelledHost => found !== null);
}

/** The values with each misspelled host (as the host, or inside the URL or proxy) replaced by its
 *  likely spelling; null when no value names a misspelled host. */
export function respellValues(values: Values, misspelled: readonly MisspelledHost[]): { values: Values; respelled: MisspelledHost } | null {
  let respelled: MisspelledHost | null = null;
  const swap = (host: string | undefined): string | undefined => {
    const found = host === undefined ? undefined : misspelled.find((candidate) => candidate.host.toLowerCase() === host.toLowerCase());
    if (found) respelled ??= found;
    return found?.didYouMean;
  };
  const swapInUrl = (value: string | undefined): string | undefined => {
    const parsed = value === undefined ? null : parseUrl(value);
    const corrected = parsed ? swap(parsed.host) : undefined;
    if (value === undefined || corrected === undefined) return value;
    const url = new URL(value);
    url.hostname = corrected;
    return value.endsWith('/') ? url.href : url.href.replace(/\/$/, '');
  };
  const corrected: Values = { ...values, host: swap(values.host) ?? values.host, url: swapInUrl(values.url), proxy: swapInUrl(values.proxy) };
  for (const key of Object.keys(corrected) as Array<keyof Values>) if (corrected[key] === undefined) delete corrected[key];
  return respelled ? { values: corrected, respelled } : null;
}
